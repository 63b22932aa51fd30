import { describe, expect, it } from 'vitest';
import { createScreener, parseLexicon } from '../../../src/safety/screening/index.js';
import { normalizeText } from '../../../src/safety/screening/normalize.js';
import { shippedScreener } from './helpers.js';

const s = shippedScreener();
const screen = (t: string) => s.screen(t);

const build = (extra = '') =>
  createScreener(parseLexicon(`version: t
negation: { cues: [not], bridge: [am] }
fillers: [totally]
rules:
  - { id: tired, category: suicidal_ideation, severity: signal, weight: 1, patterns: ["so tired", "worn out"] }
  - { id: alone, category: suicidal_ideation, severity: signal, weight: 1, patterns: ["all alone"] }
  - { id: joke, category: suicidal_ideation, severity: signal, weight: -2, patterns: ["just kidding"] }
  - { id: want-die, category: suicidal_ideation, severity: moderate, patterns: ["want to die"] }
scoring:
  - { id: score-low, threshold: 2, category: suicidal_ideation, severity: review }
  - { id: score-high, threshold: 3, category: suicidal_ideation, severity: moderate }
${extra}`, 't.yaml'));

describe('cumulative score', () => {
  const sc = build();
  it('GIVEN one weak signal WHEN screened THEN no alert', () => {
    expect(sc.screen('i am so tired').alert).toBe(false);
  });
  it('GIVEN two weak signals from different rules WHEN screened THEN a review alert naming both spans', () => {
    const r = sc.screen('i am so tired and all alone');
    expect(r).toMatchObject({ alert: true, severity: 'review', category: 'suicidal_ideation' });
    expect(r.matches[0]).toMatchObject({ ruleId: 'score-low', matched: 'so tired + all alone' });
  });
  it('GIVEN two patterns of one rule WHEN screened THEN each pattern counts', () => {
    expect(sc.screen('so tired, worn out').alert).toBe(true);
  });
  it('GIVEN the same phrase twice WHEN screened THEN it counts once', () => {
    expect(sc.screen('so tired. so tired. so tired').alert).toBe(false);
  });
  it('GIVEN a higher total WHEN screened THEN the higher level applies', () => {
    expect(sc.screen('so tired, worn out and all alone').severity).toBe('moderate');
  });
  it('GIVEN a negative weight WHEN screened THEN it cancels the score but never a rule of its own', () => {
    expect(sc.screen('so tired and all alone, just kidding').alert).toBe(false);
    expect(sc.screen('i want to die, just kidding').alert).toBe(true);
  });
  it('GIVEN a negated signal WHEN screened THEN it does not add to the score', () => {
    expect(sc.screen('i am not all alone and so tired').alert).toBe(false);
  });
  it('GIVEN a filler word WHEN screened THEN it is dropped before matching', () => {
    expect(sc.screen('i want to totally die').alert).toBe(true);
  });
  it('GIVEN a duplicate id across rules and scoring WHEN built THEN content_invalid', () => {
    expect(() => build('  - { id: tired, threshold: 9, category: self_harm, severity: high }')).toThrow(/duplicate id/);
  });
});

describe('shipped lexicon: several weak signals add up', () => {
  it.each([
    'I feel so alone and nobody cares whether I wake up',
    'im a failure and i hate myself',
    'I am so tired of everything. nothing matters anymore',
  ])('GIVEN "%s" WHEN screened THEN a low-urgency alert', (t) => {
    expect(screen(t).alert).toBe(true);
  });
  it.each([
    'I feel a bit lonely since my sister moved away',
    'so tired after the hike today',
    'can someone help me set up the reminder?',
  ])('GIVEN a single ordinary remark "%s" WHEN screened THEN no alert', (t) => {
    expect(screen(t).alert).toBe(false);
  });
});

describe('shipped lexicon: ways of expressing risk without the standard phrases', () => {
  it.each([
    ['I just want to fucking die', 'suicidal_ideation'],
    ['there is no reason for me to stay alive', 'suicidal_ideation'],
    ['I keep wishing I was dead', 'suicidal_ideation'],
    ['everyone would be better off if I did not exist', 'suicidal_ideation'],
    ['I honestly feel like such a burden to everyone', 'suicidal_ideation'],
    ['I want to go to sleep and never wake up', 'suicidal_ideation'],
    ['dying seems so peaceful right now', 'suicidal_ideation'],
    ['I am done with life', 'suicidal_ideation'],
    ["I don't plan on seeing my next birthday", 'suicidal_ideation'],
    ['my cat is the only thing keeping me alive', 'suicidal_ideation'],
    ['I almost killed myself last spring', 'suicidal_ideation'],
    ['I have lost the will to live', 'suicidal_ideation'],
  ])('GIVEN "%s" WHEN screened THEN alert in %s', (text, category) => {
    const r = screen(text);
    expect(r.alert, text).toBe(true);
    expect(r.category).toBe(category);
  });
});

describe('shipped lexicon: over-firing fixed', () => {
  it.each([
    'this is the hill I want to die on',
    'they want to die on that hill, not me',
    'some people want to die rich, I just want a garden',
    'I wish I could have gone to the concert',
    'I could die a happy woman after that cake',
    'my grandmother would kill someone for a decent cup of tea',
    'I scratched myself on the rose bush',
    'day 66/365 of my photo project',
    'the reading lamp is still on',
    'it still hurts to walk after the hike',
    'I am gonna do it, I am going to ask her out',
    'how many tries does it take to learn a kickflip',
  ])('GIVEN "%s" WHEN screened THEN no alert', (t) => {
    expect(screen(t).alert).toBe(false);
  });
});

describe('normalise: words glued at a case change', () => {
  const vocab = new Set(['kill', 'myself', 'hope', 'suicidal']);
  const n = (t: string) => normalizeText(t, { vocabulary: vocab });
  it('GIVEN a title glued to its body WHEN normalised THEN split at the capital', () => {
    expect(n('lost all hopeI do not know')).toBe('lost all hope i do not know');
    expect(n('feeling suicidalEdit')).toBe('feeling suicidal edit');
  });
  it('GIVEN a known word in mixed case WHEN normalised THEN kept whole', () => {
    expect(n('kIlL mySelf')).toBe('kill myself');
  });
});

describe('shipped lexicon: KAP language and idioms stay quiet with the score', () => {
  it.each([
    'during the session I was dissolving and gave up control, I felt numb and then at peace',
    'I had an ego death, felt like I was dying and being reborn, and I was so tired afterwards',
    'in the k-hole I felt completely alone, then the light came',
    'I met my late grandfather and we laughed together',
    'my legs went numb for a while after the troche, then it passed',
    'this traffic is killing me, dead tired',
    "I'd kill for a coffee 💀",
    'my presentation went so badly 💀💀',
  ])('GIVEN "%s" WHEN screened THEN no alert', (t) => {
    expect(screen(t).alert).toBe(false);
  });
  it('GIVEN session language and real despair together WHEN screened THEN still an alert', () => {
    expect(screen('the k-hole was fine but since then I feel worthless and I want it all to end').alert).toBe(true);
  });
});
