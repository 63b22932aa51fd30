import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../src/safety/screening/types.js';
import { shippedScreener } from './helpers.js';

// Lexicon 2025.3: the distress category and the gaps the labelled sets showed
// (past-tense and shooting forms, imagining one's absence, pleas to talk,
// crisis lines, means-seeking, large doses). Our own sentences throughout.
const s = shippedScreener();
const rank = (sev: string | null) => (sev === null ? -1 : SEVERITIES.length - 1 - SEVERITIES.indexOf(sev as (typeof SEVERITIES)[number]));

describe('shipped lexicon: distress reaches a human at review, never higher on its own', () => {
  it.each([
    'can somebody please talk to me, I am not ok',
    'I need someone to talk to right now',
    'is anyone out there? tonight is really bad',
    'I called the crisis line last night and it helped a bit',
    'my therapist told me to ring 988 if it gets worse',
  ])('GIVEN "%s" WHEN screened THEN a review alert in the distress category', (t) => {
    const r = s.screen(t);
    expect(r).toMatchObject({ alert: true, category: 'distress', severity: 'review' });
  });

  it('GIVEN despair and a plea together WHEN screened THEN the combined score reaches review', () => {
    const r = s.screen('I am completely desperate and scared. can anyone talk to me');
    expect(r.alert).toBe(true);
  });

  it('GIVEN an affirmation WHEN screened THEN it is not read as despair', () => {
    expect(s.screen('after the session I finally feel I am good enough').remember).toEqual([]);
  });

  it('GIVEN despair on its own WHEN screened THEN it is remembered as a signal but raises no alert', () => {
    const r = s.screen('honestly I feel like I am going crazy this week');
    expect(r.alert).toBe(false);
    expect(r.remember.map((m) => m.ruleId)).toContain('distress-despair');
  });
});

describe('shipped lexicon: gaps closed in 2025.3', () => {
  it.each([
    ['if I killed myself would the insurance still pay out', 'high'],
    ['I keep thinking about shooting myself', 'high'],
    ['what would I even miss if I was gone', 'moderate'],
    ['if I disappeared would anyone even notice', 'moderate'],
    ['I keep picturing my own death and it feels calm', 'moderate'],
    ['I just want out for good', 'moderate'],
    ['can I just die already', 'moderate'],
    ['my life is not worth saving', 'moderate'],
    ['there is nothing left for me here', 'moderate'],
    ['I overdosed on my sleeping meds an hour ago', 'high'],
    ['swallowed 30 tramadol', 'high'],
    ['I just took a massive dose of something', 'high'],
    ['I took three times the amount I was told to', 'high'],
    ['in an hour I will be gone', 'imminent'],
    ['doing it within the next 20 minutes', 'imminent'],
    ['the urge to jump off the platform is back', 'moderate'],
    ['where could I get hold of a gun around here', 'review'],
    ['if I die who takes care of my flat', 'review'],
    ['I do not want anyone to find my body', 'review'],
  ])('GIVEN "%s" WHEN screened THEN an alert at %s or above', (t, at) => {
    const r = s.screen(t);
    expect(r.alert).toBe(true);
    expect(rank(r.severity)).toBeGreaterThanOrEqual(rank(at));
  });
});

describe('shipped lexicon: ordinary sentences next to the new rules stay quiet', () => {
  it.each([
    'please help me find my keys, I am late',
    'I want out of this group chat',
    'I shot myself in the foot by sending that email',
    'can anyone recommend a good book on grief',
    'I got a new rope for the climbing gym',
    'I felt like I was dying and being reborn during the session',
    'the effects wore off after an hour and I feel calm',
    'I called the bank hotline about my card',
    'the best option is to go with the blue one',
    'the exam is tomorrow, I just want to get it over with',
    'I am going to be here much longer than I planned',
  ])('GIVEN "%s" WHEN screened THEN no alert', (t) => {
    const r = s.screen(t);
    expect(r.alert, JSON.stringify(r.matches)).toBe(false);
  });
});
