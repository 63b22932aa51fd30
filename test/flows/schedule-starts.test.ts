import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

// A scheduled check-in, questionnaire or exercise offer is opened by the flow
// that answers it (src/flows), not by a copy in the scheduler: what arrives
// on schedule must be exactly what that flow then understands.

const NY = 'America/New_York';

async function patient(h: Harness, who: string): Promise<number> {
  await onboard(h, who);
  await h.say(who, `timezone ${NY}`);
  return h.app.store.people.findByIdentity('console', who)!.id;
}

/** The last message the bot sent to one person on its own (not as a reply). */
function lastScheduled(h: Harness, who: string) {
  return h.adapter.sent.filter((s) => s.to.kind === 'direct' && s.to.id === who && !s.message.inReplyTo).at(-1)?.message;
}

describe('flows started by the scheduler', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a daily check-in WHEN it arrives THEN it asks the same mood question with the same buttons as a typed "checkin", and a typed answer moves on', async () => {
    h = await createHarness({ start: '2026-11-10T12:00:00Z' });
    const id = await patient(h, 'alice');
    const typed = await h.say('alice', 'checkin');
    const typedQuestion = h.adapter.sent.at(-1)!.message;
    await h.say('alice', 'cancel');
    await h.say('alice', 'checkin time 09:00');
    await h.advanceTo('2026-11-11T14:01:00Z'); // 09:01 local
    const scheduled = lastScheduled(h, 'alice')!;
    expect(scheduled.text).toBe(`${typed[0]}\n\n${typedQuestion.text}`);
    expect(scheduled.choices).toEqual(typedQuestion.choices);
    expect(h.app.store.state.get(id)).toMatchObject({ flow: 'checkin', step: 'mood', data: { source: 'scheduled' } });
    const r = await h.say('alice', '7');
    expect(r.at(-1)).toMatch(/anxious/i);
    expect(h.app.store.state.get(id)).toMatchObject({ step: 'anxiety', data: { mood: 7 } });
  });

  it('GIVEN a session\'s side-effect check WHEN it arrives and the patient types each answer THEN every item follows in turn and the score is stored', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    const id = await patient(h, 'alice');
    await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
    await h.advanceTo('2026-11-11T17:01:00Z'); // day 1, 12:01 local
    const first = lastScheduled(h, 'alice')!;
    const inst = h.app.content.instrument('side_effects', 'en')!;
    expect(first.text).toBe(`${inst.title}\n${inst.intro}\n\n(1/${inst.items.length}) ${inst.items[0]!.text}`);
    expect(first.choices?.map((c) => c.id)).toEqual(inst.items[0]!.options.map((o) => `instr:side_effects:0:${o.value}`));
    for (let i = 1; i < inst.items.length; i++) {
      const r = await h.say('alice', inst.items[i - 1]!.options[0]!.label); // typed, as the button would say it
      expect(r.at(-1)).toBe(`(${i + 1}/${inst.items.length}) ${inst.items[i]!.text}`);
    }
    const done = await h.say('alice', '0');
    expect(done.at(-1)).toBe(h.app.content.text('instrument.done', 'en'));
    expect(h.app.store.state.get(id)).toBeUndefined();
    expect(h.app.store.db.prepare(`SELECT instrument, score FROM instrument_results`).get()).toEqual({ instrument: 'side_effects', score: 0 });
  });

  it('GIVEN a session\'s exercise offer WHEN the patient presses its Start button THEN the exercise begins', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    await patient(h, 'alice');
    await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
    await h.advanceTo('2026-11-12T00:01:00Z'); // day 1, 19:01 local
    const offer = lastScheduled(h, 'alice')!;
    const exercise = h.app.content.exercise('body-scan', 'en')!;
    expect(offer.text).toContain(exercise.title);
    expect(offer.choices?.map((c) => c.id)).toEqual(['sched:exercise:body-scan']);
    const r = await h.press('alice', offer.choices![0]!.id);
    expect(r.join('\n')).toContain(`${exercise.title}\n${exercise.summary}`);
  });
});
