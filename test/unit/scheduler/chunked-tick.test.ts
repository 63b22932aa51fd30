import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { ManualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createScheduler, type Scheduler } from '../../../src/scheduler/scheduler.js';
import { createStore, type Store } from '../../../src/store/store.js';

const yieldOnce = () => new Promise<void>((r) => setImmediate(r));

describe('a chunked tick', () => {
  let dir: string;
  let store: Store;
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** 12 consented members in UTC and a once-off group prompt at 12:00 to each by DM. */
  function setup(chunk: { items?: number; ms?: number }): { scheduler: Scheduler; clock: ManualClock; scheduleId: number } {
    dir = mkdtempSync(join(tmpdir(), 'afterglow-chunks-'));
    const config = loadConfig({ AFTERGLOW_DB: join(dir, 'db.sqlite') });
    store = createStore(config.dbPath);
    const clock = new ManualClock('2026-11-10T11:00:00Z');
    const scheduler = createScheduler({
      store,
      content: loadLibrary(config).content,
      clock,
      config,
      logger: silentLogger(),
      chunk,
      send: (address, message, o) =>
        store.outbox.enqueue({ priority: o.priority, address, message, purpose: o.purpose, at: clock.now().toISOString(), ...(o.idempotencyKey ? { idempotencyKey: o.idempotencyKey } : {}), personId: o.personId ?? null }),
    });
    const at = clock.now().toISOString();
    const g = scheduler.repo.createGroup('circle', 'UTC', null, at);
    for (let i = 0; i < 12; i++) {
      const id = Number(store.db.prepare(`INSERT INTO people (handle, created_at, timezone, consent) VALUES (?, ?, 'UTC', 'granted')`).run(`m${i}`, at).lastInsertRowid);
      store.db.prepare(`INSERT INTO identities (platform, user_id, person_id) VALUES ('console', ?, ?)`).run(`m${i}`, id);
      scheduler.repo.addMember(g.id, id, 'member', at);
    }
    const s = scheduler.repo.createSchedule({ groupId: g.id, spec: 'once 2026-11-10 12:00', timezone: 'UTC', content: { text: 'hello circle' }, target: 'dm', nextAt: '2026-11-10T12:00:00.000Z', createdBy: null }, at);
    clock.set('2026-11-10T12:00:00Z');
    return { scheduler, clock, scheduleId: s.id };
  }

  const count = (sql: string): number => (store.db.prepare(sql).get() as { n: number }).n;

  it('GIVEN a zero time budget WHEN it ticks THEN every chunk still makes progress and each member gets exactly one prompt', async () => {
    const { scheduler, scheduleId } = setup({ items: 5, ms: 0 });
    const stats = await scheduler.tick();
    expect(stats).toMatchObject({ groupDeliveries: 12, queued: 12 });
    expect(count(`SELECT COUNT(*) AS n FROM outbox WHERE purpose = 'scheduled'`)).toBe(12);
    expect(scheduler.repo.schedule(scheduleId)?.status).toBe('done');
  });

  it('GIVEN ticks asked for while one runs WHEN they all finish THEN they ran one after another and nothing was doubled', async () => {
    const { scheduler } = setup({ items: 2 });
    const all = await Promise.all([scheduler.tick(), scheduler.tick(), scheduler.tick()]);
    expect(all[0]).toMatchObject({ groupDeliveries: 12, queued: 12 });
    // The two later calls share one follow-up run, which finds nothing left to do.
    expect(all[1]).toBe(all[2]);
    expect(all[1]).toMatchObject({ groupDeliveries: 0, queued: 0 });
    expect(count(`SELECT COUNT(*) AS n FROM deliveries`)).toBe(12);
    expect(count(`SELECT COUNT(*) AS n FROM outbox`)).toBe(12);
  });

  it('GIVEN a fan-out in progress WHEN the facilitator pauses the schedule between chunks THEN this occurrence still reaches every member and the schedule stays paused', async () => {
    const { scheduler, scheduleId } = setup({ items: 2 });
    const tick = scheduler.tick();
    await yieldOnce();
    expect(count(`SELECT COUNT(*) AS n FROM deliveries`)).toBeLessThan(12);
    const s = scheduler.repo.schedule(scheduleId)!;
    scheduler.repo.setScheduleState(scheduleId, s.nextAt, 'paused');
    await tick;
    expect(count(`SELECT COUNT(*) AS n FROM outbox`)).toBe(12);
    expect(scheduler.repo.schedule(scheduleId)).toMatchObject({ status: 'paused', nextAt: '2026-11-10T12:00:00.000Z' });
  });

  it('GIVEN a fan-out in progress WHEN the schedule is cancelled between chunks THEN the fan-out stops, nothing is sent and it stays cancelled', async () => {
    const { scheduler, scheduleId } = setup({ items: 2 });
    const tick = scheduler.tick();
    await yieldOnce();
    const planned = count(`SELECT COUNT(*) AS n FROM deliveries`);
    expect(planned).toBeGreaterThan(0);
    // What `schedule cancel` does.
    scheduler.repo.transaction(() => {
      scheduler.repo.setScheduleState(scheduleId, null, 'cancelled');
      scheduler.repo.cancelScheduleDeliveries(scheduleId, '2026-11-10T12:00:00.000Z');
    });
    await tick;
    expect(count(`SELECT COUNT(*) AS n FROM deliveries`)).toBe(planned);
    expect(count(`SELECT COUNT(*) AS n FROM outbox`)).toBe(0);
    expect(scheduler.repo.schedule(scheduleId)).toMatchObject({ status: 'cancelled', nextAt: null });
  });

  it('GIVEN a fan-out cut short (a crash) WHEN the next tick runs THEN the occurrence is redone and the keys skip whoever already has a row', async () => {
    const { scheduler, scheduleId } = setup({ items: 5 });
    // The first five rows as a tick that died after its first chunk would have left them.
    for (let id = 1; id <= 5; id++)
      scheduler.repo.addDelivery({ key: `sched:${scheduleId}:2026-11-10T12:00:00.000Z:${id}`, source: 'group', sourceId: scheduleId, personId: id, kind: 'text', ref: 'hello circle', dueAt: '2026-11-10T12:00:00.000Z' }, '2026-11-10T12:00:00.000Z');
    const stats = await scheduler.tick();
    expect(stats).toMatchObject({ groupDeliveries: 7, queued: 12 });
    expect(count(`SELECT COUNT(*) AS n FROM outbox`)).toBe(12);
    expect(scheduler.repo.schedule(scheduleId)?.status).toBe('done');
  });
});
