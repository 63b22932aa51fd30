import { describe, expect, it } from 'vitest';
import { readScreeningFixture } from '../../fixtures/screening/fixture.js';
import { shippedScreener } from './helpers.js';

// The second-worst failure is a clinician drowned in false alarms. The labelled
// sets measure recall on social-media posts; this fixture is what our own
// users write on an ordinary day (sport injuries, cooking, deadlines, sessions,
// group logistics, routine medicine). None of it may page anyone.
const fixture = readScreeningFixture('everyday-chat.txt');
const lines = fixture.map((l) => l.text);

describe('shipped lexicon: everyday chat raises no alert', () => {
  it('GIVEN the fixture WHEN read THEN it holds a meaningful number of sentences', () => {
    expect(lines.length).toBeGreaterThanOrEqual(100);
    // no known false alarms here: every line is held at zero
    expect(fixture.filter((l) => l.known)).toEqual([]);
  });

  it.each(lines)('GIVEN "%s" WHEN screened THEN no alert', (t) => {
    const r = shippedScreener().screen(t);
    expect(r.alert, JSON.stringify(r.matches)).toBe(false);
  });
});

describe('shipped lexicon: the everyday exceptions cancel only their own words', () => {
  it.each([
    ['I cut my hair and then I was cutting myself again', 'self_harm'],
    ['I hurt myself at the gym, and last night I hurt myself on purpose', 'self_harm'],
    ['I jumped off the bridge into the river', 'plan_intent_means'],
    ['I took all my meds tonight, all of them at once', 'plan_intent_means'],
    ['I just want to sleep forever', 'suicidal_ideation'],
    ['I wish I could sleep forever', 'suicidal_ideation'],
    ['I need to end it, nobody cares about me', 'suicidal_ideation'],
    ['the deadline is tomorrow and I want to die', 'suicidal_ideation'],
  ])('GIVEN "%s" WHEN screened THEN still an alert (%s)', (t, category) => {
    const r = shippedScreener().screen(t);
    expect(r.alert, JSON.stringify(r.matches)).toBe(true);
    expect(r.matches.map((m) => m.category)).toContain(category);
  });
});
