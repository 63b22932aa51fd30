import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../src/core/errors.js';
import { createHarness, directMessage, onboard, type Harness } from '../../fakes/harness.js';

// The store refusing writes under a running bot, in process: `PRAGMA
// query_only` makes SQLite answer every write with SQLITE_READONLY, the
// error a read-only file gives (test/e2e/never-run-broken.test.ts does it
// to a real process through the kernel).
const isCrisisReply = (t: string) => /988 Suicide/.test(t);

describe('the database refusing writes while the bot runs', () => {
  let h: Harness;
  afterEach(async () => {
    h.app.store.db.pragma('query_only = OFF');
    await h.close();
  });

  it('GIVEN a running bot WHEN the database turns read-only and a patient writes they want to die THEN they get the crisis reply, clinicians a page and a notice, and storeHealth says so', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    h.adapter.clear();
    h.app.store.db.pragma('query_only = ON');
    const r = await h.say('alice', 'i am going to kill myself tonight');
    expect(r.filter(isCrisisReply)).toHaveLength(1);
    const channel = h.adapter.clinicianChannel().map((s) => s.message);
    expect(channel).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ text: expect.stringMatching(/^🚨 Crisis alert — NOT RECORDED[\s\S]*Patient: alice[\s\S]*i am going to kill myself tonight/), mention: 'oncall' }),
        expect.objectContaining({ text: expect.stringMatching(/^⚠️ Afterglow cannot write to its database \(SQLITE_READONLY\)/) }),
      ]),
    );
    expect(h.app.storeHealth()).toMatchObject({ ok: false, code: 'SQLITE_READONLY', lockLost: false });
    expect(h.app.storeHealth().failures).toBeGreaterThan(0);

    // Writable again: the case is opened and alerted with its number, and clinicians hear it recovered.
    h.app.store.db.pragma('query_only = OFF');
    await h.advance(60_000);
    expect(h.app.store.cases.all()).toEqual([expect.objectContaining({ severity: 'imminent' })]);
    const after = h.adapter.clinicianChannel().map((s) => s.message.text);
    expect(after.some((t) => /^🚨 Crisis alert: case #1/.test(t))).toBe(true);
    expect(after.some((t) => /^✅ Afterglow’s database takes writes again/.test(t))).toBe(true);
    expect(h.app.storeHealth().ok).toBe(true);
    expect(h.adapter.to('alice').filter(isCrisisReply)).toHaveLength(1);
  });

  it('GIVEN a read-only database and a failing clinician channel WHEN a crisis message comes THEN the page goes to the backup channel', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    h.app.store.db.pragma('query_only = ON');
    h.adapter.failWith = (to) => (to.kind === 'clinicians' ? new DeliveryError('transient', 'channel_not_found') : undefined);
    const r = await h.say('alice', 'i want to end my life');
    expect(r.filter(isCrisisReply)).toHaveLength(1);
    await h.advance(10_000);
    const backup = h.adapter.sent.filter((s) => s.to.kind === 'backup').map((s) => s.message.text);
    expect(backup.some((t) => /^🚨 Crisis alert — NOT RECORDED[\s\S]*Patient: alice/.test(t))).toBe(true);
  });

  it('GIVEN a read-only database WHEN the platform delivers the same crisis event twice (a retry) THEN the patient gets one crisis reply and clinicians one page', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    h.adapter.clear();
    h.app.store.db.pragma('query_only = ON');
    const event = directMessage('alice', 'i want to kill myself');
    await h.app.bot.handle(event);
    await h.app.bot.handle({ ...event });
    await h.app.settle();
    await h.advance(60_000);
    expect(h.adapter.to('alice').filter(isCrisisReply)).toHaveLength(1);
    expect(h.adapter.clinicianChannel().filter((s) => /NOT RECORDED/.test(s.message.text))).toHaveLength(1);
  });

  it('GIVEN a read-only database WHEN ordinary messages come THEN nothing is sent for them, and nothing pages', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    h.adapter.clear();
    h.app.store.db.pragma('query_only = ON');
    await h.say('alice', 'had a lovely walk today');
    expect(h.adapter.to('alice')).toEqual([]);
    expect(h.adapter.clinicianChannel().filter((s) => /Crisis alert/.test(s.message.text))).toEqual([]);
    expect(h.app.storeHealth().ok).toBe(false);
  });
});
