import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../src/safety/screening/types.js';
import { shippedScreener } from './helpers.js';

// Lexicon 2025.4: gaps the labelled sets showed (death weighed against living,
// not expecting to be missed, a night chosen, a note written, "enough to kill",
// reaching for a blade, a goodbye to the world) and "I'm" glued to its
// neighbours. Our own sentences throughout.
const s = shippedScreener();
const rank = (sev: string | null) => (sev === null ? -1 : SEVERITIES.length - 1 - SEVERITIES.indexOf(sev as (typeof SEVERITIES)[number]));

describe('shipped lexicon: gaps closed in 2025.4', () => {
  it.each([
    ['honestly death could not be any worse than this', 'moderate'],
    ['dying would be a relief at this point', 'moderate'],
    ['my life might as well be over', 'moderate'],
    ['I am too exhausted to keep living', 'moderate'],
    ['it is selfish to not want to live, I know', 'moderate'],
    ['nobody will ever see me again after tonight', 'moderate'],
    ['who would even come if I died', 'moderate'],
    ['I lie awake fantasising about how I would do it', 'moderate'],
    ['I know I will not be missed', 'review'],
    ['I no longer enjoy being alive', 'review'],
    ['I do not know if life is even worth the pain', 'review'],
    ['I cannot face another morning like this', 'review'],
    ['I have had enough of life', 'review'],
    ['there is no reason for me to hang around anymore', 'moderate'],
    ['I want off this planet', 'review'],
    ['I have my letter written for them', 'review'],
    ['I was planning on tonight being the night', 'high'],
    ['what about a panadol overdose', 'high'],
    ['would the fourth floor be high enough to kill me', 'high'],
    ['I keep reaching for my blades', 'moderate'],
    ['goodbye cruel world', 'review'],
    ['goodnight forever everyone', 'review'],
  ])('GIVEN "%s" WHEN screened THEN an alert at %s or above', (t, at) => {
    const r = s.screen(t);
    expect(r.alert, JSON.stringify(r.matches)).toBe(true);
    expect(rank(r.severity)).toBeGreaterThanOrEqual(rank(at));
  });

  it('GIVEN having had enough AND a goodbye WHEN screened THEN the two weak signals reach review together', () => {
    const r = s.screen('that is it, I have had enough. see you later world');
    expect(r.alert).toBe(true);
  });
});

describe('shipped lexicon: "I\'m" glued to the word before or after it', () => {
  it.each([
    ['i amready to die', 'moderate'],
    ['i dont think i can go on, sooni am going to be ready to die', 'moderate'],
    ['iam ready to die', 'moderate'],
    ['so done with lifei m not even sad anymore', 'moderate'],
  ])('GIVEN "%s" WHEN screened THEN read as "i am" and alerted at %s or above', (t, at) => {
    const r = s.screen(t);
    expect(r.alert, JSON.stringify(r.matches)).toBe(true);
    expect(rank(r.severity)).toBeGreaterThanOrEqual(rank(at));
  });
});

describe('shipped lexicon: ordinary sentences next to the 2025.4 rules stay quiet', () => {
  it.each([
    'i amended the form and sent it back',
    'we took a taxi am I late',
    'the mushroom risotto is better than this',
    'this phone is not worth saving, I will get a new one',
    'I do not like life admin',
    'I have had enough coffee today',
    'there is no way men are allowed in there',
    'my dad said the company is cost cutting again',
    'goodbye everyone, see you at the circle on Thursday',
    'I need a new blade for the box cutter',
    'I plan on tonight being a quiet one',
    'is it worth staying an extra night in Lisbon',
  ])('GIVEN "%s" WHEN screened THEN no alert', (t) => {
    const r = s.screen(t);
    expect(r.alert, JSON.stringify(r.matches)).toBe(false);
  });
});

describe('shipped lexicon 2025.6: chat-like near-misses stay quiet', () => {
  it.each([
    'I am taking the kids with me to the store',
    'standing on the balcony right now enjoying the view',
    'up on the roof right now for the sunset, gorgeous',
    "tonight's the night, the concert finally!",
    "I wrote the note for my son's teacher already",
    'my mum has been gone 3 years today, lit a candle',
    'if I have to sit through one more meeting I will walk into the sea',
    'had food poisoning last week, puking all night, all better now',
    'I am going to jump off the high dive this weekend',
    'I kept thinking about death during the session, calmly, like accepting it',
  ])('GIVEN "%s" WHEN screened THEN no alert', (t) => {
    const r = s.screen(t);
    expect(r.alert, JSON.stringify(r.matches)).toBe(false);
  });
});
