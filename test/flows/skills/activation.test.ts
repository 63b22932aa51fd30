import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../../fakes/harness.js';
import { createScheduleRepo } from '../../../src/store/schedule-repo.js';
import { last, personId, skillsRepo } from './helpers.js';

// Starts Fri 20 Nov 2026 15:00 UTC; the patient keeps UTC.
describe('behavioural activation: one small thing', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    await onboard(h, 'alice');
  });
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a patient WHEN they pick an activity and a time THEN it is planned for tomorrow and the next day a gentle check asks how it went, 0-10', async () => {
    const r = await h.say('alice', 'plan something');
    expect(r.join('\n')).toMatch(/one small thing for tomorrow/);
    expect(last(h, 'alice').choices?.map((c) => c.id)).toContain('ba:idea:walk');
    await h.press('alice', 'ba:idea:walk');
    expect(last(h, 'alice').choices?.map((c) => c.id)).toEqual(['ba:time:morning', 'ba:time:midday', 'ba:time:afternoon', 'ba:time:evening']);
    const planned = await h.press('alice', 'ba:time:afternoon');
    expect(planned[0]).toMatch(/Planned: A 10-minute walk, Saturday 16:00/);
    const coming = await h.say('alice', 'schedule');
    expect(coming.join('\n')).toMatch(/How your small thing went/);
    const [plan] = skillsRepo(h).plans(personId(h, 'alice'));
    expect(plan).toMatchObject({ activity: 'A 10-minute walk', plannedFor: '2026-11-21T16:00:00.000Z', done: null });

    await h.advanceTo('2026-11-21T17:59:00Z');
    expect(h.adapter.to('alice').join('\n')).not.toMatch(/Did you get to it/);
    await h.advanceTo('2026-11-21T18:01:00Z');
    expect(h.adapter.to('alice').at(-1)).toMatch(/gentle check on the small thing you planned for today/);
    expect(last(h, 'alice').choices?.map((c) => c.id)).toEqual(['ba:did:yes', 'ba:did:partly', 'ba:did:no']);
    const rate = await h.press('alice', 'ba:did:partly');
    expect(rate.at(-1)).toMatch(/How was it \(A 10-minute walk\), from 0/);
    const done = await h.say('alice', '7');
    expect(done.at(-1)).toMatch(/saved \(7\/10\)/);
    expect(skillsRepo(h).plans(personId(h, 'alice'))[0]).toMatchObject({ done: 'partly', rating: 7 });
    const mine = await h.say('alice', 'my skills');
    expect(mine.join('\n')).toMatch(/Small things you planned:\n• Sat 21 Nov: A 10-minute walk — Partly, 7\/10/);
    const summary = await h.say('carol', 'summary alice', { roles: ['clinician'] });
    expect(summary.join('\n')).toMatch(/Small activities: Sat 21 Nov partly 7\/10/);
  });

  it('GIVEN a plan of their own WHEN it did not happen THEN the answer is kind, nothing is scolded, and a new plan is offered', async () => {
    await h.say('alice', 'plan something');
    await h.say('alice', 'Phone my sister');
    await h.say('alice', '18:30');
    await h.restart();
    await h.advanceTo('2026-11-21T20:31:00Z');
    expect(h.adapter.to('alice').at(-1)).toMatch(/Did you get to it\?/);
    const r = await h.say('alice', 'no');
    expect(r.at(-1)).toMatch(/That's OK\. Plans meet real days/);
    expect(r.at(-1)).not.toMatch(/should|fail|missed/i);
    expect(last(h, 'alice').choices).toEqual([{ id: 'sk:go:activation', label: 'Pick something for tomorrow' }]);
    expect(skillsRepo(h).plans(personId(h, 'alice'))[0]).toMatchObject({ activity: 'Phone my sister', done: 'no', rating: null });
  });

  it('GIVEN a Spanish-speaking patient WHEN they plan and check a small thing THEN every step is in Spanish', async () => {
    await h.say('alice', 'language es');
    const r = await h.say('alice', 'planear algo');
    expect(r.join('\n')).toMatch(/una cosa pequeña para mañana/);
    await h.press('alice', 'ba:idea:music');
    const planned = await h.press('alice', 'ba:time:afternoon');
    expect(planned[0]).toMatch(/Planeado: Escuchar una canción que me encanta, sábado 16:00/);
    await h.advanceTo('2026-11-21T18:01:00Z');
    expect(h.adapter.to('alice').at(-1)).toMatch(/¿Pudiste hacerla\?/);
    await h.press('alice', 'ba:did:yes');
    const done = await h.say('alice', '9');
    expect(done.at(-1)).toMatch(/Gracias — guardado \(9\/10\)/);
  });

  it('GIVEN a plan WHEN an alert case is open at check time THEN the check is not sent', async () => {
    await h.say('alice', 'plan something');
    await h.press('alice', 'ba:idea:tidy');
    await h.press('alice', 'ba:time:morning');
    await h.say('alice', 'I want to kill myself tonight');
    const before = h.adapter.to('alice').length;
    await h.advanceTo('2026-11-21T12:30:00Z');
    expect(h.adapter.to('alice').slice(before).join('\n')).not.toMatch(/Did you get to it/);
    const deliveries = createScheduleRepo(h.app.store.db).exportPerson(personId(h, 'alice')).scheduledMessages as { kind: string; status: string; reason: string }[];
    expect(deliveries.filter((d) => d.kind === 'activation')).toEqual([expect.objectContaining({ status: 'skipped', reason: 'open_case' })]);
  });

  it('GIVEN a patient choosing an activity WHEN a crisis message comes THEN it gets the crisis reply, is not taken as the activity, and the question comes again after', async () => {
    await h.say('alice', 'plan something');
    const r = await h.say('alice', 'I want to kill myself tonight');
    expect(r.join('\n')).toMatch(/988/);
    expect(r.join('\n')).not.toMatch(/When tomorrow/);
    const again = await h.say('alice', 'ok');
    expect(again.at(-1)).toMatch(/Choose one of these, or type your own/);
    await h.say('alice', 'Water the plants');
    expect(h.app.store.state.get(personId(h, 'alice'))).toMatchObject({ step: 'time', data: { activity: 'Water the plants' } });
  });
});
