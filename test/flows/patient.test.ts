import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

describe('patient conversations', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a new person WHEN they say hi THEN they hear what the bot is and are asked for consent', async () => {
    const replies = await h.say('alice', 'hi');
    expect(replies.join('\n')).toMatch(/not a human|not a person/i);
    expect(replies.join('\n')).toMatch(/not monitored|no one (reads|watches)/i);
    const consent = h.adapter.sent.at(-1)!.message;
    expect(consent.choices?.map((c) => c.id)).toEqual(['onb:consent:yes', 'onb:consent:no']);
  });

  it('GIVEN onboarding WHEN the patient answers each step THEN consent, zone and check-in time are stored', async () => {
    await h.say('alice', 'hello');
    await h.press('alice', 'onb:consent:yes');
    await h.say('alice', 'america/chicago');
    const done = await h.say('alice', '7pm');
    expect(done.join('\n')).toMatch(/all set/i);
    const p = h.app.store.people.findByIdentity('console', 'alice')!;
    expect(p).toMatchObject({ consent: 'granted', timezone: 'America/Chicago', checkinTime: '19:00' });
    expect(p.onboardedAt).not.toBeNull();
  });

  it('GIVEN onboarding WHEN the patient types an unknown time zone THEN they are told and asked again', async () => {
    await h.say('alice', 'hello');
    await h.press('alice', 'onb:consent:yes');
    const r = await h.say('alice', 'Mars/Olympus');
    expect(r[0]).toMatch(/don't recognise "Mars\/Olympus"/);
    expect(h.app.store.state.get(h.app.store.people.findByIdentity('console', 'alice')!.id)?.step).toBe('timezone');
  });

  it('GIVEN an onboarded patient WHEN they check in by buttons THEN the scores are stored with a timestamp', async () => {
    await onboard(h, 'alice');
    await h.say('alice', 'checkin');
    await h.press('alice', 'checkin:mood:6');
    await h.press('alice', 'checkin:anxiety:3');
    await h.say('alice', '4');
    const done = await h.say('alice', 'felt calm after the walk');
    expect(done.at(-1)).toMatch(/mood 6, anxiety 3/);
    const [c] = h.app.store.records.recentCheckins(h.app.store.people.findByIdentity('console', 'alice')!.id);
    expect(c).toMatchObject({ mood: 6, anxiety: 3, sleep: 4, note: 'felt calm after the walk', at: h.clock.now().toISOString() });
  });

  it('GIVEN a patient mid-check-in WHEN they type something that is not a number THEN they are told what is expected', async () => {
    await onboard(h, 'alice');
    await h.say('alice', 'checkin');
    const r = await h.say('alice', 'pretty good i guess');
    expect(r[0]).toMatch(/number from 0 to 10/);
  });

  it('GIVEN a patient mid-check-in WHEN the bot restarts THEN the next question is asked and the answers are kept', async () => {
    await onboard(h, 'alice');
    await h.say('alice', 'checkin');
    await h.press('alice', 'checkin:mood:2');
    await h.restart();
    const r = await h.say('alice', '8');
    expect(r.at(-1)).toMatch(/sleep/i);
    await h.say('alice', '3');
    await h.press('alice', 'checkin:note:skip');
    const [c] = h.app.store.records.recentCheckins(h.app.store.people.findByIdentity('console', 'alice')!.id);
    expect(c).toMatchObject({ mood: 2, anxiety: 8, sleep: 3, note: null });
  });

  it('GIVEN a patient WHEN they journal and list THEN the entry is saved and shown', async () => {
    await onboard(h, 'alice');
    expect(await h.say('alice', 'journal I noticed the light on the trees')).toEqual(['Saved to your journal.']);
    const list = await h.say('alice', 'journal list');
    expect(list[0]).toMatch(/light on the trees/);
  });

  it('GIVEN a patient who declined consent WHEN they journal THEN nothing is stored and they learn why', async () => {
    await h.say('bob', 'hi');
    await h.press('bob', 'onb:consent:no');
    await h.press('bob', 'onb:tz:keep');
    await h.press('bob', 'onb:time:none');
    const r = await h.say('bob', 'journal secret thoughts');
    expect(r[0]).toMatch(/consent yes/);
    expect(h.app.store.records.recentJournal(h.app.store.people.findByIdentity('console', 'bob')!.id)).toHaveLength(0);
  });

  it('GIVEN a patient WHEN they ask to breathe THEN the steps arrive paced over time', async () => {
    await onboard(h, 'alice');
    const first = await h.say('alice', 'breathe');
    expect(first.length).toBeGreaterThanOrEqual(2);
    const before = h.adapter.sent.length;
    await h.advance(10 * 60_000);
    const later = h.adapter.sent.slice(before);
    expect(later.length).toBeGreaterThan(1);
    const times = later.map((s) => s.at.getTime());
    expect(new Set(times).size).toBeGreaterThan(1);
    expect(later.at(-1)!.message.text).toMatch(/end of the exercise/);
  });

  it('GIVEN an exercise in progress WHEN the patient types cancel THEN no more steps arrive', async () => {
    await onboard(h, 'alice');
    await h.say('alice', 'exercise grounding');
    const r = await h.say('alice', 'cancel');
    expect(r).toEqual(['Stopped.']);
    const before = h.adapter.sent.length;
    await h.advance(30 * 60_000);
    expect(h.adapter.sent.slice(before).filter((s) => s.to.kind === 'direct')).toHaveLength(0);
  });

  it('GIVEN an unknown command, an empty message or 100,000 characters THEN the patient always gets an answer', async () => {
    await onboard(h, 'alice');
    expect((await h.say('alice', 'frobnicate the widgets'))[0]).toMatch(/help/);
    expect((await h.say('alice', '   '))[0]).toMatch(/empty/);
    const huge = await h.say('alice', 'la '.repeat(33_334));
    expect(huge.length).toBeGreaterThan(0);
    const junk = await h.say('alice', '\u0000\u0001\uFFFF\uD800garbage\u0007');
    expect(junk.length).toBeGreaterThan(0);
  });

  it('GIVEN a platform retry WHEN the same event id arrives twice THEN it is handled once', async () => {
    await onboard(h, 'alice');
    const first = await h.say('alice', 'journal once only', { id: 'slack-evt-1' });
    const second = await h.say('alice', 'journal once only', { id: 'slack-evt-1' });
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(0);
    expect(h.app.store.records.recentJournal(h.app.store.people.findByIdentity('console', 'alice')!.id)).toHaveLength(1);
  });

  it('GIVEN a patient WHEN they export and then delete their data THEN the export has it all and deletion needs a yes', async () => {
    await onboard(h, 'alice');
    await h.say('alice', 'journal first entry');
    const exported = (await h.say('alice', 'my data'))[0]!;
    const doc = JSON.parse(exported.slice(exported.indexOf('{')));
    expect(doc.journal[0].text).toBe('first entry');
    // Scheduling's part of the record is in the same document.
    expect(doc).toMatchObject({ sessions: [], groups: [], questionnaires: [], groupPromptsAnswered: [] });
    await h.say('alice', 'delete my data');
    expect(await h.press('alice', 'delete:cancel')).toEqual(['Nothing was deleted.']);
    await h.say('alice', 'delete my data');
    await h.press('alice', 'delete:confirm');
    const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
    expect(h.app.store.records.recentJournal(id)).toHaveLength(0);
  });

  it('GIVEN a patient WHEN they pause for 2 days and resume THEN the pause is stored and cleared', async () => {
    await onboard(h, 'alice');
    expect((await h.say('alice', 'pause 2d'))[0]).toMatch(/paused until/);
    const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
    expect(h.app.store.people.get(id)!.pausedUntil).toBe('2026-11-22T15:00:00.000Z');
    expect((await h.say('alice', 'pause forever-ish'))[0]).toMatch(/couldn't read/);
    await h.say('alice', 'resume');
    expect(h.app.store.people.get(id)!.pausedUntil).toBeNull();
  });
});
