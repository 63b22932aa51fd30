import { describe, expect, it } from 'vitest';
import { createScreener } from '../../../src/safety/screening/index.js';
import { parseLexicon } from '../../../src/safety/screening/load-lexicon.js';
import { readScreeningFixture } from '../../fixtures/screening/fixture.js';
import { shippedScreener } from './helpers.js';

// Lexicon 2025.7: requests for a person are lexicon data (`requests`), read by
// the same normaliser as the risk rules, so "plz", leetspeak and accents are
// understood, and a negated request is not one. A request is never an alert.
const s = shippedScreener();

describe('shipped lexicon: requests for a person', () => {
  it.each([
    ['I would like to talk with my care team please', 'ask-talk-to-person'],
    ['can I speak to a real person?', 'ask-talk-to-person'],
    ['is there a human reading this', 'ask-talk-to-person'],
    ['can someone from the clinic call me tomorrow about my next session', 'ask-call-me'],
    ['plz call me back when u can', 'ask-call-me'],
    ['c0uld my th3rapist c4ll me', 'ask-call-me'],
    ['could you have my therapist call me', 'ask-call-me'],
    ['I think I need some help from a person', 'ask-help'],
    ['pls help me', 'ask-help'],
    ['is there any way to get an earlier appointment', 'ask-help'],
    ['¿alguien del equipo podría llamarme hoy?', 'es-pide-persona'],
    ['quiero hablar con mi terapeuta', 'es-pide-persona'],
    ['necesito ayuda, por favor', 'es-pide-persona'],
    ['ayúdenme', 'es-pide-persona'],
    // what the hand-written regexes before 2025.7 caught, and must still be caught
    ['help me', 'ask-help'],
    ['Help me.', 'ask-help'],
    ['help me with this please', 'ask-help'],
    ['I need help with this, I am really struggling', 'ask-help'],
    ['I need to talk', 'ask-talk-to-person'],
    ['I need somebody', 'ask-talk-to-person'],
    ['call me', 'ask-call-me'],
    ['Call me.', 'ask-call-me'],
    // asks the old regexes missed
    ['can I get a call back', 'ask-call-me'],
    ["I'd like someone to reach out", 'ask-call-me'],
    ['can someone from the clinic reach out', 'ask-call-me'],
    ['who can I talk to', 'ask-talk-to-person'],
    ['is there someone I can talk to', 'ask-talk-to-person'],
    ['I need to see someone', 'ask-talk-to-person'],
    ['can I talk to Dr. Patel', 'ask-talk-to-person'],
    ['¿me pueden llamar?', 'es-pide-persona'],
    ['¿alguien me puede llamar hoy?', 'es-pide-persona'],
    ['necesito que alguien me llame', 'es-pide-persona'],
    ['¿puede mi terapeuta llamarme?', 'es-pide-persona'],
    ['ayuda por favor', 'es-pide-persona'],
  ])('GIVEN "%s" WHEN screened THEN it is the request %s and not an alert', (text, id) => {
    const r = s.screen(text);
    expect(r.request).toBe(id);
    expect(r.alert).toBe(false);
  });

  it.each([
    "I don't need to talk to anyone, just journaling",
    'I do not want to speak to a therapist today',
    'no necesito ayuda, gracias',
    'I need help with the check-in time, it comes too early',
    'hoy ayudé a mi madre con la mudanza',
    'they call me Sam at work',
    'talked to my sister about the session, it helped',
    // negated, narrative, about someone else, or about the bot
    "please don't call me",
    'please do not contact me',
    'I had an earlier appointment at the dentist',
    'I had an urgent call from work',
    'after my earlier call with Dr. Patel I felt better',
    'I had a call with my therapist yesterday',
    'my extra session was really helpful, I felt seen',
    'my sister is getting help for her drinking',
    'we need help with the garden',
    'I have to meet with my team tomorrow',
    "I'd like to see my doctor about my knee",
    'my boss would message me at night',
    'they can reach me by email',
    'could you text me the link',
    'my mom will call me later',
    'I need someone to take my shift on Friday',
    'can you help me change my check-in time',
    'can you help me with the journal',
    'fui a ver a mi terapeuta ayer',
    'la sesión antes de ayer fue muy buena',
    'necesito ayuda con el horario',
    'ayúdame a cambiar la hora del check-in',
  ])('GIVEN "%s" WHEN screened THEN it is not a request', (text) => {
    expect(s.screen(text).request).toBeNull();
  });

  it('GIVEN our own everyday sentences WHEN screened THEN the only request among them is the one that is one (a call back about an invoice)', () => {
    const requests = readScreeningFixture('everyday-chat.txt')
      .map((l) => l.text)
      .filter((text) => s.screen(text).request !== null);
    expect(requests).toEqual(['could someone call me back about the invoice']);
  });

  it('GIVEN a request and a risk phrase in one message WHEN screened THEN both are reported: the alert decides, the request is noted', () => {
    const r = s.screen('please call me, I want to die');
    expect(r.alert).toBe(true);
    expect(r.request).toBe('ask-call-me');
  });
});

describe('lexicon requests: validation and exceptions', () => {
  const base = `
version: t
negation: { cues: [not] }
rules:
  - { id: r1, category: distress, severity: review, patterns: ["so alone"] }
`;

  it('GIVEN a request whose id repeats a rule id WHEN the lexicon is built THEN it is refused, naming the id', () => {
    expect(() => createScreener(parseLexicon(`${base}requests:\n  - { id: r1, patterns: ["call me"] }\n`, 'test'))).toThrow(/duplicate id "r1"/);
  });

  it('GIVEN an exception that does not name a request WHEN it overlaps one THEN the request stands; naming it cancels it', () => {
    const quiet = createScreener(
      parseLexicon(`${base}exceptions:\n  - { id: e1, patterns: ["call me sam"] }\nrequests:\n  - { id: q1, patterns: ["call me"] }\n`, 'test'),
    );
    expect(quiet.screen('call me sam').request).toBe('q1');
    const named = createScreener(
      parseLexicon(`${base}exceptions:\n  - { id: e1, suppresses: [q1], patterns: ["call me sam"] }\nrequests:\n  - { id: q1, patterns: ["call me"] }\n`, 'test'),
    );
    expect(named.screen('call me sam').request).toBeNull();
    expect(named.screen('call me now').request).toBe('q1');
  });

  it('GIVEN a request pattern that does not parse WHEN the lexicon is built THEN the error names the request', () => {
    expect(() => parseLexicon(`${base}requests:\n  - { id: q1, patterns: ["call (me"] }\n`, 'test')).toThrow(/request "q1"/);
  });
});
