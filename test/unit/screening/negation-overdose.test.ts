// Negation that governs a match (before it or inside a gap of its pattern),
// "going to use it" after a named means, overdoses already taken, and more
// ketamine than prescribed with symptoms.
import { describe, expect, it } from 'vitest';
import { parseLexicon, createScreener, type ScreenResult, type Severity } from '../../../src/safety/screening/index.js';
import { atLeast, shippedScreener } from './helpers.js';

const s = shippedScreener();
const screen = (t: string, recent: ScreenResult['remember'] = []) => s.screen(t, { recent });

describe('screener: negation governs the match', () => {
  it.each([
    'I am not suicidal, just tired',
    "I'm not suicidal",
    "I'm no longer suicidal",
    "I'm not really suicidal anymore",
    "I don't feel suicidal today",
    'I have not been suicidal since the session',
    "I'm not going to kill myself",
    "I don't want to die",
    'I never said I wanted to die',
    "I didn't say I want to die",
    'I no longer want to die',
    "I don't think about killing myself anymore",
    'I have no plan to kill myself',
    'I have no intention of killing myself',
    'I would never kill myself',
    "I won't hurt myself",
  ])('GIVEN a clear negation "%s" WHEN screened THEN it still reaches a human, at review only', (text) => {
    const r = screen(text);
    expect(r.alert, text).toBe(true);
    expect(r.severity, text).toBe('review');
    expect(r.matches.some((m) => m.negated), text).toBe(true);
  });

  it.each([
    ["I can't not think about killing myself", 'high'],
    "I'm trying not to kill myself",
    "I've never been so suicidal",
    'I have never felt this suicidal',
    'I have never wanted to die more than now',
    'No, I am suicidal',
    "No, I don't want to live anymore",
    'I no longer want to live',
    'I no longer have a reason to live',
    'I can no longer go on',
    'I will kill myself if nothing changes soon',
    "I'm not ok, I want to kill myself",
  ].map((x) => (Array.isArray(x) ? x : [x, 'moderate'])))(
    'GIVEN "%s" (a double negation, an urge resisted, emphasis, an interjection or a negated reason to live) WHEN screened THEN not lowered (at least %s)',
    (text, level) => {
      const r = screen(text);
      expect(atLeast(r, level as Severity), `${text}: ${r.severity}`).toBe(true);
    },
  );

  it('GIVEN a negated hedge and a real wish in one message WHEN screened THEN the wish keeps its urgency', () => {
    const r = screen("I'm not saying I want to die, but sometimes I wish I didn't wake up");
    expect(r.severity).toBe('moderate');
  });

  it('GIVEN a farewell that is itself a negation WHEN screened THEN imminent', () => {
    expect(screen("I'm not going to be here tomorrow").severity).toBe('imminent');
  });

  it('GIVEN "I will not see you tomorrow" WHEN screened THEN not a farewell', () => {
    expect(screen("I will not see you tomorrow, I'm off sick").alert).toBe(false);
  });

  it('GIVEN a cue inside a gap of a custom rule WHEN screened THEN lowered unless the cue is the pattern\'s own word', () => {
    const sc = createScreener(
      parseLexicon(`
version: t
negation: { cues: [not], bridge: [i, am] }
rules:
  - { id: a, category: suicidal_ideation, severity: high, patterns: ["i ~3 hopeless"] }
  - { id: b, category: suicidal_ideation, severity: high, patterns: ["do not want to live"] }
  - { id: k, category: plan_intent_means, severity: high, negation: keep, patterns: ["i ~3 ready"] }
`, 'x.yaml'),
    );
    expect(sc.screen('i am not hopeless').severity).toBe('review');
    expect(sc.screen('i do not want to live').severity).toBe('high');
    const k = sc.screen('i am not ready');
    expect(k.severity).toBe('high');
    expect(k.matches[0]!.negated).toBe(true);
  });
});

describe('screener: "going to use it" after a named means', () => {
  it.each([
    'I have a gun and I am going to use it tonight',
    'I have a rope. I am going to use it',
    "I've got my pills and I'm going to use them tonight",
    "I have the car exhaust hose ready and I'm going to use it",
    'I bought some razor blades, going to use them tonight',
    'I have a knife and I am going to use it on myself',
  ])('GIVEN "%s" WHEN screened THEN imminent', (text) => {
    const r = screen(text);
    expect(r.severity, JSON.stringify(r.matches)).toBe('imminent');
    expect(r.category).toBe('plan_intent_means');
  });

  it('GIVEN a gun named earlier WHEN "going to use it tonight" comes later THEN imminent', () => {
    const first = screen("I got my dad's gun out of the closet");
    const r = screen("I'm going to use it tonight", first.remember);
    expect(r.severity).toBe('imminent');
    expect(r.raisedByContext).toBe(true);
  });

  it('GIVEN "going to use it" with no means named WHEN screened THEN no alert', () => {
    expect(screen("I'm going to use it tonight").alert).toBe(false);
  });

  it('GIVEN ideation but no means WHEN "I will use it" THEN not raised to a plan (context rule except)', () => {
    const r = screen('I hate myself so much, I will use it as motivation');
    expect(r.matches.some((m) => m.category === 'plan_intent_means')).toBe(false);
  });

  it('GIVEN "going to use the rope tonight" WHEN screened THEN at least high', () => {
    expect(atLeast(screen("I'm going to use the rope tonight"), 'high')).toBe(true);
  });

  it.each([
    'I bought a knife and I am going to use it to cut the vegetables',
    'I got a new razor, going to use it tomorrow morning',
    "I bought a rope for the tent and I'm going to use it this weekend",
    'I have a gun for hunting and I will use it at the range tomorrow',
    'I have my meds and I will use them when I need to',
    "my mum lent me her car, I'm going to use it tonight",
  ])('GIVEN a chore "%s" WHEN screened THEN not above review', (text) => {
    const r = screen(text);
    expect(atLeast(r, 'moderate'), `${r.severity} ${JSON.stringify(r.matches)}`).toBe(false);
  });
});

describe('screener: overdose already taken', () => {
  it.each([
    'I took too many pills and I feel dizzy',
    'I took too many pills',
    'i think i took too much of my sleeping tablets',
    'I took a handful of pills',
    'I swallowed all my pills',
    'I took the whole bottle',
    'I took 20 of my sleeping pills',
    'I just overdosed',
    'I overdosed',
    'I took too much ketamine and I cannot feel my legs',
    'I drank bleach',
    'took a whole bottle of paracetamol an hour ago',
  ])('GIVEN "%s" WHEN screened THEN imminent', (text) => {
    const r = screen(text);
    expect(r.severity, JSON.stringify(r.matches)).toBe('imminent');
  });

  it("GIVEN a negated overdose WHEN screened THEN review only", () => {
    const r = screen("I didn't take too many pills, don't worry");
    expect(r.severity).toBe('review');
  });

  it.each([
    'I overdosed two years ago',
    'I overdosed once in college',
  ])('GIVEN a past overdose "%s" WHEN screened THEN a risk factor (high), not an emergency', (text) => {
    const r = screen(text);
    expect(r.severity).toBe('high');
    expect(r.matches.some((m) => m.ruleId === 'med-overdose-taken')).toBe(false);
  });

  it.each([
    'I took too much time on this',
    'I took too much on at work',
    'I think I took too many notes',
    'I took my pills with food',
    'I took 2 of my pills',
    'had too much to drink at the party',
    'just ate a whole box of cereal',
    'we took the whole bottle of wine to the picnic',
  ])('GIVEN an ordinary "%s" WHEN screened THEN no overdose', (text) => {
    const r = screen(text);
    expect(r.matches.some((m) => m.ruleId === 'med-overdose-taken'), JSON.stringify(r.matches)).toBe(false);
    expect(r.severity === 'imminent').toBe(false);
  });
});

describe('screener: more ketamine than prescribed', () => {
  it.each(['I took more ketamine than prescribed', 'I took extra troches'])(
    'GIVEN "%s" alone WHEN screened THEN misuse at moderate',
    (text) => {
      const r = screen(text);
      expect(r.category).toBe('misuse');
      expect(r.severity).toBe('moderate');
    },
  );

  it.each([
    'I took extra troches and I feel really dizzy',
    'I took a double dose and now my heart is racing',
    'took more ketamine than prescribed and I keep throwing up',
  ])('GIVEN "%s" (with symptoms) WHEN screened THEN at least high', (text) => {
    expect(atLeast(screen(text), 'high')).toBe(true);
  });

  it('GIVEN extra troches earlier WHEN symptoms come later THEN high, raised by context', () => {
    const first = screen('I took two extra troches tonight');
    const r = screen('now I feel so dizzy', first.remember);
    expect(r.severity).toBe('high');
    expect(r.raisedByContext).toBe(true);
  });

  it('GIVEN symptoms alone WHEN screened THEN no alert', () => {
    expect(screen('I feel dizzy today').alert).toBe(false);
  });
});
