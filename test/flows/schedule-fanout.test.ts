import { afterEach, describe, expect, it } from 'vitest';
import { advanceClock } from '../../src/app.js';
import type { Role } from '../../src/core/types.js';
import { createHarness, directMessage, type Harness } from '../fakes/harness.js';

describe('group fan-out', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a prompt to 40 members at 5 messages/s WHEN a member posts a crisis message mid-fan-out THEN the crisis reply and alert go before the remaining prompts, and every member gets exactly one', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z', rateLimits: { console: { perSecond: 5, burst: 5 } } });
    const { app, adapter, clock } = h;
    const say = async (from: string, text: string, roles?: Role[]) => {
      await h.say(from, text, roles ? { roles } : {});
    };
    const members = Array.from({ length: 40 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    for (const m of members) await say(m, 'hello');
    await advanceClock(app, clock, new Date('2026-11-10T15:10:00Z')); // let the welcome messages drain
    await say('fran', 'group create circle America/New_York', ['facilitator']);
    await say('fran', `group add circle ${members.join(' ')}`, ['facilitator']);
    await say('fran', 'schedule circle "once 2026-11-10 11:00" "What did you notice today?" to members', ['facilitator']);
    await advanceClock(app, clock, new Date('2026-11-10T15:59:00Z'));
    adapter.clear();

    clock.set('2026-11-10T16:00:00Z');
    await app.tick(); // due: 40 queued, a burst of 5 sent, the rest wait for tokens
    const before = adapter.sent.length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(40);
    await say('m39', 'I want to kill myself tonight');
    await advanceClock(app, clock, new Date('2026-11-10T16:01:00Z'));

    const order = adapter.sent.map((s) => (s.message.text === 'What did you notice today?' ? 'prompt' : s.to.kind === 'clinicians' ? 'alert' : 'crisis'));
    const firstAfter = order.slice(before, before + 2).sort();
    expect(firstAfter).toEqual(['alert', 'crisis']);
    const prompts = adapter.sent.filter((s) => s.message.text === 'What did you notice today?');
    expect(prompts).toHaveLength(40);
    expect(new Set(prompts.map((p) => p.to.kind === 'direct' && p.to.id)).size).toBe(40);
    // Rate respected: no more than burst + rate × elapsed in any window.
    const span = (prompts.at(-1)!.at.getTime() - prompts[0]!.at.getTime()) / 1000;
    expect(span).toBeGreaterThanOrEqual((40 + 2 - 5) / 5 - 1);
  });
});

describe('a large fan-out tick', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a prompt to 2,000 members being planned WHEN a member sends a crisis message mid-tick THEN the crisis reply and alert are queued before the tick finishes and sent ahead of the remaining prompts, each other member getting exactly one', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z', rateLimits: { console: { perSecond: 50, burst: 50 } } });
    const { app, adapter, clock } = h;
    const N = 2_000;
    const db = app.store.db;
    const person = db.prepare(`INSERT INTO people (handle, created_at, timezone, consent, onboarded_at) VALUES (?, ?, 'UTC', 'granted', ?)`);
    const identity = db.prepare(`INSERT INTO identities (platform, user_id, person_id) VALUES ('console', ?, ?)`);
    db.transaction(() => {
      for (let i = 0; i < N; i++) {
        const handle = `m${String(i).padStart(4, '0')}`;
        identity.run(handle, Number(person.run(handle, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z').lastInsertRowid));
      }
    })();
    const event = directMessage;
    await app.bot.handle(event('fran', 'group create circle UTC', ['facilitator']));
    db.prepare(`INSERT INTO group_members (group_id, person_id, role, added_at) SELECT 1, id, 'member', '2026-11-10T15:00:00Z' FROM people WHERE handle LIKE 'm%'`).run();
    await app.bot.handle(event('fran', 'schedule circle "once 2026-11-10 16:00" "What did you notice today?" to members', ['facilitator']));
    await app.settle();
    expect(app.store.db.prepare(`SELECT status FROM schedules`).get()).toEqual({ status: 'active' });
    adapter.clear();

    clock.set('2026-11-10T16:00:00Z');
    let tickDone = false;
    // Two overlapping ticks (a timer and node-cron at once): the second waits for the first, nothing is doubled.
    const tick = Promise.all([app.tick(), app.tick()]).then(() => {
      tickDone = true;
    });
    // The tick yields to the event loop between short transactions, so the message is handled now.
    await app.bot.handle(event('m1999', 'I want to kill myself tonight'));
    expect(tickDone).toBe(false);
    const crisisIds = (db.prepare(`SELECT id FROM outbox WHERE purpose IN ('alert', 'crisis_reply') ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
    expect(crisisIds).toHaveLength(2);
    await tick;
    // Prompts were still being queued after the crisis items: the tick did not finish first.
    const after = db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE purpose = 'scheduled' AND id > ?`).get(Math.max(...crisisIds)) as { n: number };
    expect(after.n).toBeGreaterThan(0);

    await advanceClock(app, clock, new Date('2026-11-10T16:02:00Z'));
    const kinds = adapter.sent.map((s) => (s.message.text === 'What did you notice today?' ? 'prompt' : s.to.kind === 'clinicians' ? 'alert' : 'crisis'));
    const firstCrisis = Math.min(kinds.indexOf('alert'), kinds.indexOf('crisis'));
    expect(Math.max(kinds.indexOf('alert'), kinds.indexOf('crisis'))).toBe(firstCrisis + 1);
    // At most one burst of prompts went before them (sent while the message was being handled).
    expect(firstCrisis).toBeLessThanOrEqual(50);
    // Everyone else gets the prompt exactly once; the member in crisis (planned last) is not sent it: their case is open.
    const prompts = adapter.sent.filter((s) => s.message.text === 'What did you notice today?');
    expect(prompts).toHaveLength(N - 1);
    expect(new Set(prompts.map((p) => p.to.kind === 'direct' && p.to.id)).size).toBe(N - 1);
    expect(adapter.to('m1999')).not.toContain('What did you notice today?');
    expect(db.prepare(`SELECT status, reason, COUNT(*) AS n FROM deliveries GROUP BY status, reason ORDER BY status`).all()).toEqual([
      { status: 'queued', reason: null, n: N - 1 },
      { status: 'skipped', reason: 'open_case', n: 1 },
    ]);
    expect(db.prepare(`SELECT status FROM schedules`).get()).toEqual({ status: 'done' });
  });
});
