// Means at hand, taking everything at once, and a time frame: how they combine
// (in one message and across messages) and the daily-medicine routines that
// must not alert.
import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../src/core/errors.js';
import { parseLexicon, type ScreenResult } from '../../../src/safety/screening/index.js';
import { atLeast, shippedScreener } from './helpers.js';

const s = shippedScreener();
const screen = (t: string, recent: ScreenResult['remember'] = []) => s.screen(t, { recent });

describe('screener: means at hand', () => {
  it.each([
    'I have 30 of my sleeping pills lined up',
    'I have the pills ready',
    'the pills are all ready',
    'I counted out 45 tablets',
    'I have been stockpiling my sertraline',
    'my meds are saved up in the drawer',
    'the rope is ready',
    'I have a razor ready',
    'my gun is loaded',
    'I loaded the pistol',
    'I bought a rope',
    'bought a gun yesterday',
    'I ordered an exit bag',
  ])('GIVEN means got ready "%s" WHEN screened THEN plan_intent_means at least high', (text) => {
    const r = screen(text);
    expect(r.category, text).toBe('plan_intent_means');
    expect(atLeast(r, 'high'), `${text}: ${r.severity}`).toBe(true);
  });

  it.each([
    'I have the pills ready and I am going to take them all tonight',
    'the pills are ready for tonight',
    'I have the rope ready for tonight',
    'I have 40 pills lined up and tonight I am going to take every single pill',
    'I bought a gun and I am going to do it this weekend',
    'I have the tablets counted out, going to swallow all of them when everyone is asleep',
  ])('GIVEN means with intent or a time frame in one message "%s" WHEN screened THEN imminent', (text) => {
    expect(screen(text).severity, text).toBe('imminent');
  });
});

describe('screener: taking everything with a time frame', () => {
  it.each([
    'going to take them all tonight',
    "I'm going to take all my meds tonight",
    'gonna swallow the whole bottle when everyone is asleep',
    'I will take everything I have tonight',
    'tonight I am going to take them all',
    'planning to take all of my antidepressants this weekend',
    'going to down all my painkillers after work',
    'I will take the entire bottle tomorrow',
  ])('GIVEN "%s" WHEN screened THEN intent with a plan: plan_intent_means at least high', (text) => {
    const r = screen(text);
    expect(r.category, text).toBe('plan_intent_means');
    expect(atLeast(r, 'high'), `${text}: ${r.severity}`).toBe(true);
  });

  it('GIVEN a negated plan WHEN screened THEN still reaches a human at review', () => {
    const r = screen('I am not going to take them all tonight');
    expect(r.severity).toBe('review');
    expect(r.matches.some((m) => m.negated)).toBe(true);
  });
});

describe('screener: means then intent across messages', () => {
  it('GIVEN "I have the pills ready" WHEN "going to take them all tonight" follows THEN imminent, raised by context', () => {
    const first = screen('I have the pills ready');
    const second = screen('going to take them all tonight', first.remember);
    expect(second.severity).toBe('imminent');
    expect(second.raisedByContext).toBe(true);
  });
  it('GIVEN a plan to take everything WHEN "I have 30 pills saved" follows THEN imminent', () => {
    const first = screen('I am going to take them all');
    expect(first.alert).toBe(false);
    const second = screen('I have 30 pills saved up', first.remember);
    expect(second.severity).toBe('imminent');
  });
  it('GIVEN "I have a gun" WHEN "I am going to do it tonight" follows THEN imminent', () => {
    expect(screen('I am going to do it tonight', screen('I have a gun').remember).severity).toBe('imminent');
  });
  it('GIVEN earlier ideation WHEN "going to take them all" (no time) follows THEN imminent', () => {
    expect(screen('going to take them all', screen('I want to die').remember).severity).toBe('imminent');
  });
  it('GIVEN an unrelated earlier message WHEN means got ready arrive THEN high, not raised', () => {
    const r = screen('I have the pills ready', screen('the session was lovely today').remember);
    expect(r.severity).toBe('high');
    expect(r.raisedByContext).toBe(false);
  });
});

describe('screener: medicine routines and household items do not alert', () => {
  it.each([
    'I have my pills ready for the week',
    'take them all with food',
    'I take all my meds at night',
    'I lined up my vitamins',
    "tonight I'm taking a bath",
    'I laid out my meds for the week in the pill organizer',
    'my meds are ready for pickup at the pharmacy',
    'I usually take all my meds after work',
    'I take them all with breakfast',
    'can I take all my meds at the same time every day',
    'going to take them all with dinner tonight',
    "I'll take everything to the car tonight",
    'we are taking the kids to the lake tonight',
    'I got my meds ready for the trip',
    'bought rope for climbing',
    'I bought a glue gun for my crafts',
    'I bought a massage gun',
    'I forgot my meds this morning so I will take them tonight',
    'I have my pills ready to take in the morning',
    'I have my pills ready for breakfast',
    'I keep my pills in the kitchen',
  ])('GIVEN "%s" WHEN screened THEN no alert', (text) => {
    const r = screen(text);
    expect(r.alert, `${text}: ${JSON.stringify(r.matches)}`).toBe(false);
  });

  it('GIVEN "my pills ready for tomorrow" WHEN screened THEN means level, never imminent from the routine', () => {
    expect(screen('I have my pills ready for tomorrow').severity).toBe('high');
    expect(screen('I have the pills ready for tomorrow').severity).toBe('imminent');
  });
  it('GIVEN earlier "I have my pills" WHEN "take them all with food" follows THEN still no alert', () => {
    expect(screen('take them all with food', screen('I have my pills').remember).alert).toBe(false);
  });
});

describe('lexicon: context rules by rule id', () => {
  const lexicon = (ctx: string) => `version: 1
negation: { cues: [not] }
rules:
  - { id: means-x, category: plan_intent_means, severity: high, patterns: ["rope ready"] }
  - { id: intent-x, category: plan_intent_means, severity: signal, patterns: ["do it"] }
  - { id: other-x, category: plan_intent_means, severity: signal, patterns: ["go home"] }
context:
${ctx}`;
  it('GIVEN a context rule naming rule ids WHEN the pair appears THEN raised, and another rule of the category is not', async () => {
    const { createScreener } = await import('../../../src/safety/screening/index.js');
    const sc = createScreener(parseLexicon(lexicon('  - { id: c1, recent: [intent-x], now: [means-x], raiseTo: imminent }'), 'x.yaml'));
    expect(sc.screen('rope ready. do it').severity).toBe('imminent');
    expect(sc.screen('rope ready. go home').severity).toBe('high');
    expect(sc.screen('rope ready', { recent: [{ category: 'plan_intent_means', severity: 'review', ruleId: 'intent-x' }] }).severity).toBe('imminent');
    expect(sc.screen('rope ready', { recent: [{ category: 'plan_intent_means', severity: 'review', ruleId: 'other-x' }] }).severity).toBe('high');
  });
  it('GIVEN a context rule naming an unknown id WHEN parsed THEN content_invalid naming it', () => {
    let err: unknown;
    try {
      parseLexicon(lexicon('  - { id: c1, recent: [intnet-x], now: [means-x], raiseTo: imminent }'), 'x.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CodedError);
    expect((err as CodedError).code).toBe('content_invalid');
    expect((err as CodedError).message).toContain('intnet-x');
  });
});
