// Scheduling benchmark (issue 4): 100,000 patients with daily check-ins plus a
// group prompt to 10,000 members, over real SQLite in a temp file.
//   1. Time to compute a day's due deliveries: cursors for everyone, then a
//      day's check-ins turned into delivery rows and outbox rows.
//   2. Cost of one tick: idle (nothing due) and with the 10,000-member fan-out.
//   3. Dispatch rate against a configured limit, through the real Dispatcher
//      and a fake platform that enforces the same limit and answers 429 when
//      exceeded (target: at least 95% of the limit, zero 429s).
//   4. RSS at the end (target under 300 MB).
//   5. The longest the event loop was blocked during the big ticks (a
//      setImmediate ping runs beside the tick; the largest gap between pings
//      is how long a crisis message would have waited). Target under 50 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.js';
import type { Adapter } from '../src/core/adapter.js';
import { ManualClock, systemClock } from '../src/core/clock.js';
import { Dispatcher } from '../src/core/dispatcher.js';
import { DeliveryError } from '../src/core/errors.js';
import { silentLogger } from '../src/core/logger.js';
import type { Address, OutboundMessage, SendResult } from '../src/core/types.js';
import { loadLibrary } from '../src/app.js';
import { createScheduler } from '../src/scheduler/scheduler.js';
import { createStore } from '../src/store/store.js';

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 100_000);
const MEMBERS = Math.min(PATIENTS, 10_000);
const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/London', 'UTC'];

/** A platform that enforces `perSecond` with its own bucket and counts the 429s it had to give. */
class StrictPlatform implements Adapter {
  readonly platform = 'console' as const;
  readonly supportsChoices = false;
  readonly hasBackupChannel = false;
  sent = 0;
  rejected = 0;
  private tokens: number;
  private last = performance.now();
  constructor(private readonly perSecond: number, private readonly burst: number) {
    this.tokens = burst;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(_to: Address, _m: OutboundMessage): Promise<SendResult> {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) {
      this.rejected++;
      throw new DeliveryError('rate_limited', '429', { retryAfterMs: Math.ceil(((1 - this.tokens) / this.perSecond) * 1000) });
    }
    this.tokens -= 1;
    this.sent++;
    return { messageId: String(this.sent), channelId: 'c' };
  }
}

/**
 * Run `fn` with a setImmediate ping beside it: the largest gap between pings
 * is the longest the event loop was blocked (a message arriving then waits
 * that long). Also the CPU time used, which a loaded machine does not inflate.
 */
async function probe<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; cpuMs: number; sysMs: number; maxBlockMs: number; p99BlockMs: number }> {
  let last = performance.now();
  let worst = 0;
  let on = true;
  const gaps: number[] = [];
  const ping = (): void => {
    const t = performance.now();
    worst = Math.max(worst, t - last);
    if (t - last > 1) gaps.push(t - last);
    last = t;
    if (on) setImmediate(ping);
  };
  setImmediate(ping);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  worst = Math.max(worst, performance.now() - last);
  on = false;
  gaps.sort((a, b) => a - b);
  const p99BlockMs = gaps[Math.floor(gaps.length * 0.99)] ?? 0;
  return { result, ms, cpuMs: (cpu.user + cpu.system) / 1000, sysMs: cpu.system / 1000, maxBlockMs: worst, p99BlockMs };
}

function ms(start: number): string {
  return `${(performance.now() - start).toFixed(0)} ms`;
}

export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'afterglow-bench-'));
  const rows: [string, string, string][] = [];
  try {
    const config = loadConfig({ AFTERGLOW_DB: join(dir, 'bench.db'), AFTERGLOW_LOG_LEVEL: 'silent' });
    const { content } = loadLibrary(config);
    const store = createStore(config.dbPath);
    const clock = new ManualClock('2026-11-10T00:00:00Z');
    let queued = 0;
    const scheduler = createScheduler({
      store,
      content,
      clock,
      config,
      logger: silentLogger(),
      send: (address, message, o) =>
        store.outbox.enqueue({ priority: o.priority, address, message, purpose: o.purpose, at: clock.now().toISOString(), ...(o.idempotencyKey ? { idempotencyKey: o.idempotencyKey } : {}), personId: o.personId ?? null }) !== null
          ? ++queued
          : null,
    });

    // Population: consented patients with a daily check-in at one of a few local times.
    let t = performance.now();
    const db = store.db;
    const insertPerson = db.prepare(`INSERT INTO people (handle, created_at, timezone, consent, checkin_time) VALUES (?, ?, ?, 'granted', ?)`);
    const insertIdentity = db.prepare(`INSERT INTO identities (platform, user_id, person_id) VALUES ('console', ?, ?)`);
    db.transaction(() => {
      for (let i = 0; i < PATIENTS; i++) {
        const id = Number(insertPerson.run(`p${i}`, '2026-11-01T00:00:00Z', ZONES[i % ZONES.length]!, ['08:30', '09:00', '12:00', '18:00', '19:30'][i % 5]!).lastInsertRowid);
        insertIdentity.run(`p${i}`, id);
      }
    })();
    rows.push([`setup: ${PATIENTS.toLocaleString('en')} patients inserted`, ms(t), '']);

    // The machine's own noise: the same ping with nothing else running (a loaded host preempts us too).
    const idleProbe = await probe(() => new Promise<void>((r) => setTimeout(r, 2000)));
    rows.push(['event-loop ping, nothing running (2 s)', `${idleProbe.maxBlockMs.toFixed(1)} ms`, `longest gap on this machine with no work; p99 ${idleProbe.p99BlockMs.toFixed(1)} ms`]);

    const cursors = await probe(() => scheduler.tick()); // computes every cursor (the trigger listed them all as changed)
    rows.push([`compute next check-in for ${PATIENTS.toLocaleString('en')} (cursors)`, `${cursors.ms.toFixed(0)} ms`, `cpu ${cursors.cpuMs.toFixed(0)} ms, longest event-loop block ${cursors.maxBlockMs.toFixed(1)} ms`]);

    // A day as production runs it: a tick every minute (node-cron), 1,440 of them.
    const day = { cursors: 0, queued: 0, held: 0, skipped: 0 };
    let worst = 0;
    const dayRun = await probe(async () => {
      for (let m = 1; m <= 1440; m++) {
        clock.set(new Date(Date.parse('2026-11-10T00:00:00Z') + m * 60_000));
        const t1 = performance.now();
        const s = await scheduler.tick();
        worst = Math.max(worst, performance.now() - t1);
        day.cursors += s.cursors;
        day.queued += s.queued;
        day.held += s.held;
        day.skipped += s.skipped;
      }
    });
    rows.push(['a day of check-ins, ticking each minute', `${dayRun.ms.toFixed(0)} ms`, `cpu ${dayRun.cpuMs.toFixed(0)} ms (sys ${dayRun.sysMs.toFixed(0)}); ${day.cursors} deliveries, ${day.queued} queued, ${day.held} held by quiet hours, ${day.skipped} skipped`]);
    rows.push(['worst single tick in that day', `${worst.toFixed(0)} ms`, `longest event-loop block in the day ${dayRun.maxBlockMs.toFixed(1)} ms, p99 ${dayRun.p99BlockMs.toFixed(1)} ms`]);

    t = performance.now();
    const idle = await scheduler.tick();
    rows.push(['one tick, nothing due', ms(t), `${idle.queued} queued`]);

    // A 10,000-member group prompt, by DM.
    const now = clock.now().toISOString();
    const g = scheduler.repo.createGroup('bench', 'UTC', null, now);
    db.transaction(() => {
      for (let i = 1; i <= MEMBERS; i++) scheduler.repo.addMember(g.id, i, 'member', now);
    })();
    // At 00:05 UTC no check-in is due: the fan-out alone (London and UTC members are in quiet hours: held).
    const onlyFan = scheduler.repo.createSchedule({ groupId: g.id, spec: 'once 2026-11-11 00:05', timezone: 'UTC', content: { text: 'Welcome to the circle.' }, target: 'dm', nextAt: '2026-11-11T00:05:00.000Z', createdBy: null }, now);
    clock.set('2026-11-11T00:05:00Z');
    const fan0 = await probe(() => scheduler.tick());
    rows.push([`one tick: ${MEMBERS.toLocaleString('en')}-member group prompt alone`, `${fan0.ms.toFixed(0)} ms`, `cpu ${fan0.cpuMs.toFixed(0)} ms; ${fan0.result.groupDeliveries} deliveries, ${fan0.result.queued} queued, ${fan0.result.held} held; longest event-loop block ${fan0.maxBlockMs.toFixed(1)} ms`]);
    if (scheduler.repo.schedule(onlyFan.id)?.status !== 'done') throw new Error('fan-out schedule did not finish');

    // Twelve hours later in one tick: 40,000 check-ins (most past the grace period) plus the group prompt.
    scheduler.repo.createSchedule({ groupId: g.id, spec: 'daily 12:00', timezone: 'UTC', content: { text: 'What did you notice today?' }, target: 'dm', nextAt: '2026-11-11T12:00:00.000Z', createdBy: null }, now);
    clock.set('2026-11-11T12:00:00Z');
    const fan = await probe(() => scheduler.tick());
    const f = fan.result;
    rows.push([`one tick with a ${MEMBERS.toLocaleString('en')}-member group prompt`, `${fan.ms.toFixed(0)} ms`, `cpu ${fan.cpuMs.toFixed(0)} ms (sys ${fan.sysMs.toFixed(0)}); ${f.groupDeliveries} group + ${f.cursors} check-in deliveries: ${f.queued} queued, ${f.skipped} skipped, ${f.held} held`]);
    rows.push(['longest event-loop block during that tick', `${fan.maxBlockMs.toFixed(1)} ms`, `target < 50 ms; p99 ${fan.p99BlockMs.toFixed(1)} ms`]);
    store.close();

    // Dispatch rate: the real Dispatcher with real timers against a platform enforcing the same limit.
    const limit = 500;
    const N = 5_000;
    const dstore = createStore(join(dir, 'dispatch.db'));
    const platform = new StrictPlatform(limit, limit);
    const at = new Date().toISOString();
    dstore.transaction(() => {
      for (let i = 0; i < N; i++)
        dstore.outbox.enqueue({ priority: 'scheduled', address: { platform: 'console', kind: 'direct', id: `u${i}` }, message: { text: 'hi' }, purpose: 'scheduled', at, idempotencyKey: `b${i}` });
    });
    // Configured 2% under the platform's own limit: the two buckets' clocks never agree to the millisecond.
    const configured = limit * 0.98;
    const dispatcher = new Dispatcher({ outbox: dstore.outbox, adapters: [platform], clock: systemClock, logger: silentLogger(), rateLimits: { console: { perSecond: configured, burst: configured } } });
    t = performance.now();
    dispatcher.start();
    while (platform.sent < N) await new Promise((r) => setTimeout(r, 20));
    const seconds = (performance.now() - t) / 1000;
    await dispatcher.stop();
    dstore.close();
    // The first burst is free; the sustained rate is what the limit governs.
    const sustained = (N - configured) / seconds;
    rows.push([`dispatch ${N}, platform limit ${limit}/s, configured ${configured}/s`, `${seconds.toFixed(2)} s`, `${sustained.toFixed(0)}/s sustained = ${((sustained / limit) * 100).toFixed(1)}% of limit, ${platform.rejected} × 429`]);
    rows.push(['RSS at end', `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`, 'target < 300 MB']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
  console.log('\nScheduling');
  for (const [a, b, c] of rows) console.log(`  ${a.padEnd(w[0]!)}  ${b.padStart(w[1]!)}  ${c}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
