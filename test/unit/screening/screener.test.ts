import { describe, expect, it } from 'vitest';
import type { ScreenResult } from '../../../src/safety/screening/index.js';
import { shippedScreener } from './helpers.js';

const s = shippedScreener();
const screen = (t: string, recent: ScreenResult['remember'] = []) => s.screen(t, { recent });

describe('screener: categories', () => {
  it.each([
    ['I want to die', 'suicidal_ideation'],
    ['honestly everyone would be better off without me', 'suicidal_ideation'],
    ['I keep thinking about killing myself', 'suicidal_ideation'],
    ['I am going to end my life tonight', 'plan_intent_means'],
    ['how many sleeping pills would it take to not wake up', 'plan_intent_means'],
    ['what is a lethal dose of insulin', 'plan_intent_means'],
    ['I have been stockpiling my meds for weeks', 'plan_intent_means'],
    ['I cut myself again last night', 'self_harm'],
    ['relapsed on self harm after 8 months', 'self_harm'],
    ['I am going to hurt my roommate', 'harm_to_others'],
    ['I do not feel safe at home', 'abuse_unsafe'],
    ['my husband hits me when he drinks', 'abuse_unsafe'],
    ['chest pain since the session ended', 'medical_emergency'],
    ['I fainted in the bathroom after my troche', 'medical_emergency'],
    ['I took more than prescribed last night', 'misuse'],
    ['I bought ketamine online', 'misuse'],
    ['cravings for ketamine all week', 'misuse'],
  ])('GIVEN "%s" WHEN screened THEN alert in %s', (text, category) => {
    const r = screen(text);
    expect(r.alert).toBe(true);
    expect(r.category).toBe(category);
  });

  it('GIVEN a plan with a time frame WHEN screened THEN imminent', () => {
    expect(screen('i will kill myself tonight').severity).toBe('imminent');
  });
  it('GIVEN an ordinary message WHEN screened THEN no alert and no matches', () => {
    const r = screen('the session was gentle, I journaled and went for a walk');
    expect(r).toMatchObject({ alert: false, category: null, severity: null, matches: [], raisedByContext: false });
  });
  it('GIVEN a match WHEN screened THEN the match carries rule id, category, severity and the normalised span', () => {
    const m = screen('I want to die').matches.find((x) => x.category === 'suicidal_ideation');
    expect(m).toMatchObject({ ruleId: expect.any(String), severity: 'moderate', matched: 'want to die', negated: false });
  });
});

describe('screener: medical numbers', () => {
  it('GIVEN a blood-pressure reading at or over 180/120 WHEN screened THEN medical alert', () => {
    expect(screen('bp is 190/120 after the session').category).toBe('medical_emergency');
    expect(screen('my blood pressure was 200 over 110').category).toBe('medical_emergency');
    expect(screen('reading 150/130').alert).toBe(true);
  });
  it('GIVEN a normal reading WHEN screened THEN no alert', () => {
    expect(screen('bp was 128/82 this morning').alert).toBe(false);
  });
  it('GIVEN other emergencies after ketamine WHEN screened THEN medical alert', () => {
    for (const t of ['there is blood in my urine', 'severe bladder pain since yesterday', 'still dissociated 9 hours later',
      'vomiting non stop for hours', 'I hit my head when I stood up', 'I can\'t breathe']) {
      expect(screen(t).category, t).toBe('medical_emergency');
    }
  });
});

describe('screener: evasion', () => {
  it.each([
    'k i l l  m y s e l f', 'k.i.l.l myself', 'k1ll mys3lf', 'ｋｉｌｌ ｍｙｓｅｌｆ', 'kіll mysеlf', 'k\u200bill myself',
    'killllll myself', '||kill myself||', '<@U42> kill myself', '~~kill~~ myself', '#killmyself', 'i want to diiiiie',
    'thinking of $uicide', 'thinking about suicde',
  ])('GIVEN the disguised "%s" WHEN screened THEN still an alert', (text) => {
    expect(screen(text).alert).toBe(true);
  });
});

describe('screener: slang', () => {
  it.each(['kms', 'i might unalive myself', 'thinking about sewerslide', 'ready to ctb'])('GIVEN "%s" WHEN screened THEN alert', (t) => {
    expect(screen(t).alert).toBe(true);
  });
  it('GIVEN "kys" said to someone else WHEN screened THEN low-urgency harm-to-others, not self ideation', () => {
    const r = screen('kys');
    expect(r.category).toBe('harm_to_others');
    expect(r.severity).toBe('review');
  });
  it('GIVEN slang with laughter WHEN screened THEN still an alert but at review', () => {
    const r = screen('forgot my homework again kms lol');
    expect(r.alert).toBe(true);
    expect(r.severity).toBe('review');
  });
});

describe('screener: idioms and KAP language are not risk', () => {
  it.each([
    'this traffic is killing me', "I'd kill for a coffee", 'dead tired today', 'we killed it at the show',
    'dying to see you', 'that joke 💀💀', 'my phone is dying', 'I cut my hair short', 'suicide squad was awful',
    'I had an ego death in the session', 'felt like I was dying and being reborn', 'went into a k-hole for a while',
    'I was dissolving into the music', 'I met my dead grandmother and she hugged me', 'I saw my own funeral and felt at peace',
  ])('GIVEN "%s" WHEN screened THEN no alert', (text) => {
    expect(screen(text).alert).toBe(false);
  });
  it('GIVEN session talk followed by a wish to die WHEN screened THEN still an alert', () => {
    const r = screen('the session felt like an ego death. now I just want to die');
    expect(r.alert).toBe(true);
    expect(r.category).toBe('suicidal_ideation');
  });
});

describe('screener: negation', () => {
  it('GIVEN a negated statement WHEN screened THEN still an alert, at review, marked negated', () => {
    for (const t of ["I'm not going to kill myself", "I don't want to die", 'I would never hurt myself']) {
      const r = screen(t);
      expect(r.alert, t).toBe(true);
      expect(r.severity, t).toBe('review');
      expect(r.matches.some((m) => m.negated), t).toBe(true);
    }
  });
  it('GIVEN a negation and a separate explicit intent WHEN screened THEN the intent keeps its urgency', () => {
    const r = screen("I don't want to die. but I'm going to kill myself tonight");
    expect(r.severity).toBe('imminent');
  });
  it('GIVEN "not sure I want to live" WHEN screened THEN not treated as negated', () => {
    const r = screen("I'm not sure I want to be alive anymore, I don't want to live");
    expect(r.alert).toBe(true);
  });
  it('GIVEN an unrelated "no" earlier in the sentence WHEN screened THEN not negated', () => {
    const r = screen('no one cares so i want to die');
    expect(r.severity).toBe('moderate');
  });
});

describe('screener: recent context', () => {
  it('GIVEN earlier ideation WHEN a means message arrives THEN raised to imminent by context', () => {
    const first = screen('I want to die');
    expect(first.remember.length).toBeGreaterThan(0);
    const alone = screen('I have the pills here');
    const after = screen('I have the pills here', first.remember);
    expect(alone.severity).toBe('review');
    expect(after.severity).toBe('imminent');
    expect(after.raisedByContext).toBe(true);
  });
  it('GIVEN earlier ideation WHEN "goodbye everyone" arrives THEN alert (not alone)', () => {
    expect(screen('goodbye everyone').alert).toBe(false);
    const r = screen('goodbye everyone', screen('i feel hopeless').remember);
    expect(r.alert).toBe(true);
    expect(r.raisedByContext).toBe(true);
  });
  it('GIVEN a weak signal WHEN screened THEN no alert but a signal to remember', () => {
    const r = screen('I feel so hopeless');
    expect(r.remember.some((x) => x.category === 'suicidal_ideation')).toBe(true);
  });
  it('GIVEN no earlier signals WHEN screened THEN raisedByContext is false', () => {
    expect(screen('I have the pills here').raisedByContext).toBe(false);
  });
});

describe('screener: huge and hostile inputs complete with a result', () => {
  const size = 100_000;
  let junk = '';
  for (let i = 0; i < size; i++) junk += String.fromCharCode((i * 7919) % 256);
  it.each([
    ['random-looking text', Array.from({ length: size / 5 }, (_, i) => ['abc', 'to', 'the', 'i', 'want'][i % 5]).join(' ')],
    ['repeated near-matches', 'i want to '.repeat(size / 10)],
    ['binary junk', junk],
    ['one long word', 'a'.repeat(size)],
    ['stretched letters', `d${'i'.repeat(size - 2)}e`],
    ['spaced letters', 'k i l l '.repeat(size / 8)],
    ['nested brackets', '<@U1|<'.repeat(size / 6)],
  ])('GIVEN %s of 100,000 chars WHEN screened THEN a well-formed result', (_name, text) => {
    const r = s.screen(text);
    expect(typeof r.alert).toBe('boolean');
    expect(Array.isArray(r.matches)).toBe(true);
  });
  it('GIVEN a risk statement at the end of 100,000 chars WHEN screened THEN found', () => {
    expect(s.screen(`${'ok '.repeat(33_000)}. i want to kill myself`).alert).toBe(true);
  });
});
