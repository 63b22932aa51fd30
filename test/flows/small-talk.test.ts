import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

const FEELINGS_EN: Record<string, string> = {
  sad: "I'm sad",
  lonely: 'I feel lonely',
  scared: "I'm scared",
  anxious: 'feeling anxious today',
  angry: 'I am so angry',
  numb: 'I feel numb',
  happy: "I'm happy today",
  grateful: 'I feel grateful',
  confused: "I'm confused",
};
const FEELINGS_ES: Record<string, string> = {
  sad: 'estoy triste',
  lonely: 'me siento sola',
  scared: 'tengo miedo',
  anxious: 'estoy ansiosa',
  angry: 'estoy enojado',
  numb: 'no siento nada',
  happy: 'estoy feliz',
  grateful: 'me siento agradecida',
  confused: 'estoy confundido',
};

describe('small talk', () => {
  let h: Harness;
  let id: number;
  const reply = (key: string, locale = 'en') => h.app.content.smallTalk(locale).find((e) => e.id === key)!.replies;
  beforeEach(async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    await onboard(h, 'alice');
    id = h.app.store.people.findByIdentity('console', 'alice')!.id;
  });
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN an onboarded patient WHEN they greet, thank or say goodbye (English and Spanish) THEN they get a warm answer in that language and nothing is filed', async () => {
    const cases: [string, string, string][] = [
      ['hello', 'hello', 'en'],
      ['Good morning!', 'hello', 'en'],
      ['thanks so much', 'thanks', 'en'],
      ['bye', 'goodbye', 'en'],
      ['hola', 'hello', 'es'],
      ['muchas gracias', 'thanks', 'es'],
      ['hasta luego', 'goodbye', 'es'],
    ];
    for (const [text, entry, locale] of cases) {
      const [answer] = await h.say('alice', text);
      expect(reply(entry, locale)).toContain(answer);
    }
    expect(h.app.store.records.recentJournal(id, 100)).toEqual([]);
  });

  for (const [feeling, text] of Object.entries(FEELINGS_EN)) {
    it(`GIVEN an onboarded patient WHEN they say "${text}" THEN they get a reflective answer, not a shrug, and their words are kept`, async () => {
      const [answer] = await h.say('alice', text);
      expect(reply(`feeling-${feeling}`).some((r) => answer!.startsWith(r))).toBe(true);
      expect(answer).not.toMatch(/not sure what you mean/);
      expect(h.app.store.records.recentJournal(id, 1)[0]?.text).toBe(text);
    });
  }

  it('GIVEN a Spanish-speaking patient WHEN they name each plain feeling in Spanish THEN each gets its Spanish answer', async () => {
    await h.say('alice', 'language es');
    for (const [feeling, text] of Object.entries(FEELINGS_ES)) {
      const [answer] = await h.say('alice', text);
      expect(reply(`feeling-${feeling}`, 'es').some((r) => answer!.startsWith(r)), `${text} → ${answer}`).toBe(true);
    }
  });

  it('GIVEN a patient who names a feeling twice within the hour WHEN the second answer comes THEN only the first carries an offer, and an hour later offers come again', async () => {
    const first = h.adapter.sent.length;
    await h.say('alice', "I'm scared");
    const offered = h.adapter.sent.slice(first);
    expect(offered[0]!.message.choices?.map((c) => c.id)).toEqual(['sched:exercise:grounding-5-4-3-2-1']);
    expect(offered[0]!.message.text).toContain(h.app.content.text('offer.exercise', 'en', { title: h.app.content.exercise('grounding-5-4-3-2-1', 'en')!.title, name: 'grounding' }));
    const [second] = await h.say('alice', 'feeling anxious today');
    expect(second).not.toMatch(/exercise/);
    await h.advance(61 * 60_000);
    const later = h.adapter.sent.length;
    await h.say('alice', 'feeling anxious today');
    expect(h.adapter.sent[later]!.message.choices?.[0]?.id).toBe('sched:exercise:box-breathing');
    // The offer's Start button starts the exercise.
    const steps = await h.press('alice', 'sched:exercise:box-breathing');
    expect(steps.join('\n')).toContain(h.app.content.exercise('box-breathing', 'en')!.title);
  });

  it('GIVEN the offer of a person WHEN the patient writes the words it suggests THEN the care team really is asked', async () => {
    const [answer] = await h.say('alice', 'I feel lonely');
    expect(answer).toContain(h.app.content.text('offer.person', 'en'));
    await h.say('alice', 'I would like to talk to my therapist');
    expect(h.app.store.cases.openForPerson(id).map((c) => c.category)).toEqual(['contact_request']);
  });

  it('GIVEN a message the screener treats as risk WHEN it also names a feeling THEN the crisis path answers it and small talk never does', async () => {
    const r = await h.say('alice', "I'm sad and I want to kill myself");
    expect(h.app.store.cases.openForPerson(id)).toHaveLength(1);
    for (const entry of h.app.content.smallTalk('en')) for (const text of entry.replies) expect(r.join('\n')).not.toContain(text);
  });

  it('GIVEN "ayuda" alone or "help" THEN the commands are listed; GIVEN "necesito ayuda" THEN it goes to the care team as a request', async () => {
    // The list of commands (the line after the region's emergency line, which is filled in per region).
    const help = h.app.content.text('help.patient', 'en');
    expect((await h.say('alice', 'ayuda'))[0]).toContain(help.split('\n')[1]);
    expect(h.app.store.cases.openForPerson(id)).toHaveLength(0);
    await h.say('alice', 'necesito ayuda');
    expect(h.app.store.cases.openForPerson(id)).toHaveLength(1);
  });

  it('GIVEN a Spanish-speaking patient WHEN they use the Spanish commands THEN each works beside the English one', async () => {
    await h.say('alice', 'idioma es');
    const title = h.app.content.exercise('box-breathing', 'es')!.title;
    expect((await h.say('alice', 'respirar')).join('\n')).toContain(title);
    expect(await h.say('alice', 'cancelar')).toEqual([h.app.content.text('cancel.done', 'es')]);
    await h.say('alice', 'diario hoy caminé por el parque');
    expect(h.app.store.records.recentJournal(id, 1)[0]?.text).toBe('hoy caminé por el parque');
    expect((await h.say('alice', 'mi plan de seguridad'))[0]).toBe(h.app.content.text('plan.none', 'es'));
    expect((await h.say('alice', 'mi diario'))[0]).toContain('hoy caminé por el parque');
  });

  it('GIVEN a short slip for one command WHEN typed THEN "did you mean" names it; GIVEN words that are not THEN the answer lists the likeliest things to do and keeps them', async () => {
    expect(await h.say('alice', 'chekin')).toEqual([h.app.content.text('smalltalk.did_you_mean', 'en', { usage: 'checkin' })]);
    expect(await h.say('alice', 'brethe')).toEqual([h.app.content.text('smalltalk.did_you_mean', 'en', { usage: 'breathe' })]);
    const [unsure] = await h.say('alice', 'purple elephants');
    expect(unsure!.startsWith(h.app.content.text('smalltalk.unsure_kept', 'en'))).toBe(true);
    expect(unsure!.split('\n').filter((l) => l.startsWith('• ')).length).toBeGreaterThanOrEqual(2);
    expect(h.app.store.records.recentJournal(id, 1)[0]?.text).toBe('purple elephants');
  });

  it('GIVEN anything a patient might type outside a question WHEN answered THEN it is never "not sure what you mean"', async () => {
    const texts = ['hmm', 'ok', 'lol', '...', 'My body feels heavy today', 'Stop asking me that, I\'m fine', 'Exercise helped', 'estoy triste', 'hola', 'good evening', 'i dunno', 'whatever'];
    for (const text of texts) {
      const r = await h.say('alice', text);
      expect(r.length, text).toBeGreaterThan(0);
      expect(r.join('\n'), text).not.toMatch(/not sure what you mean/i);
    }
  });
});
