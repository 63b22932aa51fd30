import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

// Every sentence the bot says about what happened must be true of the state
// it describes: these drive the real flows and check that state.

describe('what a resolution tells the patient', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN an open case WHEN a clinician resolves it with a note only THEN the patient is sent nothing and the clinician is told so', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to die');
    const before = h.adapter.to('alice').length;
    const reply = await h.say('dr_lee', 'resolve 1 false alarm, song lyrics', { roles: ['clinician'] });
    expect(h.adapter.to('alice')).toHaveLength(before);
    expect(reply.join('\n')).toMatch(/Nothing was sent to the patient/);
    const audit = h.app.store.audit.forSubject('case', 1).find((a) => a.action === 'case.resolved');
    expect(audit?.detail).toMatchObject({ toldPatient: false });
    expect(h.app.store.cases.get(1)).toMatchObject({ status: 'resolved', resolutionNote: 'false alarm, song lyrics' });
  });

  it('GIVEN an open case WHEN a clinician resolves it with "to patient:" THEN the patient gets exactly those words and the note keeps the rest', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to die');
    const reply = await h.say('dr_lee', 'resolve 1 spoke by phone, safe with sister to patient: Thank you for talking with me today. I will call you on Friday.', { roles: ['clinician'] });
    const last = h.adapter.to('alice').at(-1)!;
    expect(last).toMatch(/care team/);
    expect(last).toContain('Thank you for talking with me today. I will call you on Friday.');
    expect(last).not.toMatch(/has seen your message|in touch/);
    expect(last).not.toContain('safe with sister');
    expect(reply.join('\n')).toMatch(/Your message was sent to the patient/);
    expect(h.app.store.cases.get(1)!.resolutionNote).toBe('spoke by phone, safe with sister');
  });

  it('GIVEN the resolve form WHEN the message field is left empty THEN nothing reaches the patient; WHEN filled THEN only it does', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await onboard(h, 'bob');
    await h.say('alice', 'i want to die');
    await h.say('bob', 'i want to kill myself');
    const aliceBefore = h.adapter.to('alice').length;
    await h.press('dr_lee', 'case:resolve:1', { roles: ['clinician'], fields: { note: 'reached her, ok', patient_message: '' } });
    expect(h.adapter.to('alice')).toHaveLength(aliceBefore);
    await h.press('dr_lee', 'case:resolve:2', { roles: ['clinician'], fields: { note: 'reached him', patient_message: 'Glad we spoke, Bob.' } });
    expect(h.adapter.to('bob').at(-1)).toMatch(/Glad we spoke, Bob\./);
  });

  it('GIVEN an open case WHEN a clinician acknowledges it THEN the patient hears only that it was seen, not a promise of contact', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to die');
    await h.press('dr_lee', 'case:ack:1', { roles: ['clinician'] });
    const last = h.adapter.to('alice').at(-1)!;
    expect(last).toMatch(/has seen your message/);
    expect(last).not.toMatch(/will be in touch|contact you/);
    expect(h.app.store.cases.get(1)!.status).toBe('acknowledged');
  });
});

describe('what facilitators are told', () => {
  it('GIVEN a risky post in a group channel WHEN the facilitator is told THEN the note names only what was sent (the automatic private reply) and that reply really went out privately', async () => {
    const h = await createHarness();
    await onboard(h, 'alice');
    await h.say('fran', 'group create thursday-circle', { roles: ['facilitator'] });
    await h.say('fran', 'group channel thursday-circle circle-1', { roles: ['facilitator'] });
    await h.say('fran', 'group add thursday-circle alice', { roles: ['facilitator'] });
    h.adapter.clear();
    await h.say('alice', 'honestly i want to kill myself', { channel: 'circle-1' });
    const [note] = h.adapter.to('fran');
    expect(note).not.toMatch(/contacted directly|has been contacted/);
    expect(note).toMatch(/automat/i);
    // The claim: an automatic private message with crisis lines went to the person, and nothing from a person did.
    const toAlice = h.adapter.to('alice');
    expect(toAlice).toHaveLength(1);
    expect(toAlice[0]).toMatch(/988/);
    expect(h.adapter.sent.filter((s) => s.to.kind === 'channel')).toHaveLength(0);
    await h.close();
  });
});

describe('what a pause promises', () => {
  it('GIVEN a daily 16:00 check-in WHEN the patient pauses for 2 days THEN none arrives before the time the reply named, and the next one after it does', async () => {
    const h = await createHarness({ start: '2026-11-20T15:00:00Z' });
    await onboard(h, 'alice');
    await h.say('alice', 'checkin time 16:00');
    const [reply] = await h.say('alice', 'pause 2d');
    // The person's zone is UTC here: the reply names Sun 22 Nov, 15:00.
    expect(reply).toMatch(/paused until Sun 22 Nov, 15:00/);
    h.adapter.clear();
    await h.advanceTo('2026-11-22T14:59:00Z');
    expect(h.adapter.to('alice').filter((t) => /short check-in/.test(t))).toEqual([]);
    await h.advanceTo('2026-11-22T16:30:00Z');
    const after = h.adapter.sent.filter((s) => s.to.kind === 'direct' && s.to.id === 'alice' && /short check-in/.test(s.message.text));
    expect(after.map((s) => s.at.toISOString())).toEqual(['2026-11-22T16:00:00.000Z']);
    await h.close();
  });
});

describe('what "stop" promises', () => {
  it('GIVEN caring contacts queued after a resolved case WHEN the patient types "stop" THEN none of them arrives, as the reply says', async () => {
    const h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to die');
    await h.say('dr_lee', 'resolve 1 spoke with her, safe', { roles: ['clinician'] });
    const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
    expect(h.app.store.outbox.pendingFor(id).filter((m) => m.purpose === 'caring_contact')).toHaveLength(4);
    const [reply] = await h.say('alice', 'stop');
    expect(reply).toMatch(/won't get any more scheduled messages/);
    expect(h.app.store.outbox.pendingFor(id).filter((m) => m.purpose === 'caring_contact')).toHaveLength(0);
    h.adapter.clear();
    await h.advance(30 * 86_400_000);
    expect(h.adapter.to('alice')).toEqual([]);
    await h.close();
  });
});

describe('what a pause promises for caring contacts', () => {
  it('GIVEN caring contacts queued after a case WHEN the patient pauses for 3 days THEN none arrives before the pause ends; WHEN paused open-ended and resumed THEN they come back', async () => {
    const h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to die');
    await h.say('dr_lee', 'resolve 1 spoke with her, safe', { roles: ['clinician'] });
    const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
    const pausedAt = h.clock.now().getTime();
    await h.say('alice', 'pause 3d');
    const until = pausedAt + 3 * 86_400_000;
    h.adapter.clear();
    await h.advanceTo(new Date(until - 60_000));
    expect(h.adapter.to('alice')).toEqual([]);
    // The day-2 caring contact was held, not dropped: it comes once the pause is over.
    await h.advanceTo(new Date(until + 3_600_000));
    expect(h.adapter.to('alice')).toHaveLength(1);
    await h.say('alice', 'pause');
    h.adapter.clear();
    await h.advance(60 * 86_400_000);
    expect(h.adapter.to('alice')).toEqual([]);
    expect(h.app.store.outbox.pendingFor(id).filter((m) => m.purpose === 'caring_contact')).toHaveLength(3);
    await h.say('alice', 'resume');
    h.adapter.clear();
    await h.advance(2 * 86_400_000);
    expect(h.adapter.to('alice')).toHaveLength(1);
    await h.close();
  });
});

describe('what "cancel" says was not kept', () => {
  it('GIVEN a check-in half answered WHEN the patient cancels THEN "nothing from it was saved" holds: no check-in row and no answers left in the flow', async () => {
    const h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'checkin');
    await h.press('alice', 'checkin:mood:3');
    const [reply] = await h.say('alice', 'cancel');
    expect(reply).toMatch(/Nothing from it was saved/);
    const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
    expect(h.app.store.records.recentCheckins(id)).toEqual([]);
    expect(h.app.store.state.get(id)).toBeUndefined();
    await h.close();
  });
});
