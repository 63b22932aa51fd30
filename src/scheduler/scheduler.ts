// Turns durable schedules into deliveries and deliveries into outbox rows.
//
// Three sources produce occurrences: per-person check-in cursors, session
// sequences (planned as delivery rows when the session is recorded) and
// group schedules. A tick runs in phases:
//   1. plan — due cursors and group occurrences become delivery rows with a
//      unique key (`checkin:<person>:<ISO>`, `seq:<session>:<step>`,
//      `sched:<id>:<ISO>:<who>`), and cursors move on (plan-checkins.ts,
//      plan-groups.ts);
//   2. claim — each due delivery passes the person's gates (gates.ts) and is
//      queued in the outbox with the same key, priority 'scheduled'
//      (at-most-once: a crash mid-send marks it uncertain, never re-sends),
//      or is held, skipped or cancelled with its reason (recorded here).
// The work runs in short transactions with a yield to the event loop between
// them (chunks.ts), so messages (crisis replies first) are handled while a
// large fan-out is being planned; a tick asked for while one runs waits for
// it instead of overlapping, and the keys stop a second process from
// doubling anything. What a check-in, questionnaire or exercise offer says
// (and the flow state it opens) comes from its flow in src/flows
// (delivery-message.ts); this module only decides when.

import cron from 'node-cron';
import type { Services } from '../core/context.js';
import { errorCode } from '../core/errors.js';
import { createScheduleRepo, type ScheduleRepo } from '../store/schedule-repo.js';
import { chunked } from './chunks.js';
import { createDeliveryRenderer } from './delivery-message.js';
import { createGates, type Outcome } from './gates.js';
import { createCheckinPlanner } from './plan-checkins.js';
import { createGroupPlanner } from './plan-groups.js';

export { quietHoursEndFor } from './gates.js';

export interface SchedulerDeps extends Services {
  /** Tuning for tests and the benchmark: rows per transaction and ms per transaction before yielding. */
  chunk?: { items?: number; ms?: number };
}

export interface TickStats {
  cursors: number;
  groupDeliveries: number;
  queued: number;
  skipped: number;
  held: number;
}

export function createScheduler(deps: SchedulerDeps) {
  const { store, content, clock, logger } = deps;
  const repo: ScheduleRepo = createScheduleRepo(store.db);
  store.onDeletePerson((personId) => repo.forgetPerson(personId, clock.now().toISOString()));
  store.onExportPerson((personId) => repo.exportPerson(personId));
  const inChunks = chunked(repo, deps.chunk);
  const checkins = createCheckinPlanner(deps, repo, inChunks);
  const materializeGroups = createGroupPlanner(repo, inChunks);
  const renderer = createDeliveryRenderer(content, deps.config.defaultRegion);
  const decide = createGates(deps, repo, renderer);

  async function processDeliveries(now: Date, stats: TickStats): Promise<void> {
    const nowIso = now.toISOString();
    await inChunks((deadline, limit) => {
      const due = repo.dueDeliveries(nowIso, limit);
      for (const [i, d] of due.entries()) {
        if (i > 0 && performance.now() > deadline) return true;
        let outcome: Outcome;
        try {
          outcome = decide(d, now);
        } catch (err) {
          // One bad row (content removed by a clinic override) must not stop everyone else's.
          logger.error({ code: errorCode(err), delivery: d.id }, 'scheduled delivery failed');
          outcome = { skipped: 'error' };
        }
        if ('queued' in outcome) {
          repo.markQueued(d.id, outcome.queued, nowIso);
          stats.queued++;
        } else if ('held' in outcome) {
          repo.postpone(d.id, outcome.until.toISOString(), outcome.held);
          stats.held++;
        } else if ('skipped' in outcome) {
          repo.markSkipped(d.id, outcome.skipped, nowIso);
          stats.skipped++;
        } else {
          repo.markCancelled(d.id, outcome.cancelled, nowIso);
        }
      }
      return due.length === limit;
    });
  }

  async function runTick(): Promise<TickStats> {
    const now = clock.now();
    const stats: TickStats = { cursors: 0, groupDeliveries: 0, queued: 0, skipped: 0, held: 0 };
    renderer.reset();
    await checkins.refreshCursors(now);
    stats.cursors = await checkins.materializeCheckins(now);
    stats.groupDeliveries = await materializeGroups(now);
    await processDeliveries(now, stats);
    return stats;
  }

  /** The tick in progress, and at most one more asked for while it ran. */
  let running: Promise<TickStats> | undefined;
  let following: Promise<TickStats> | undefined;
  function tick(): Promise<TickStats> {
    if (!running) {
      running = runTick().finally(() => {
        running = undefined;
      });
      return running;
    }
    // A tick asked for while one runs waits for it, then runs once more (however many asked):
    // anything that fell due meanwhile is picked up, and nothing runs twice at the same time.
    const again = () => {
      following = undefined;
      return tick();
    };
    following ??= running.then(again, again);
    return following;
  }

  let cronTask: ReturnType<typeof cron.schedule> | undefined;

  return {
    repo,
    /**
     * Turn everything due by now into outbox rows, in short transactions that
     * yield to the event loop between them. Calls that overlap a running tick
     * wait for it and share one follow-up run.
     */
    tick,
    /** The next instant anything scheduled falls due. */
    nextWakeAt(): Date | undefined {
      const times = [repo.nextDeliveryAt(), repo.nextCursorAt(), repo.nextScheduleAt()].filter((t): t is string => t !== null);
      if (times.length === 0) return undefined;
      return new Date(times.sort()[0]!);
    },
    /**
     * Production only: node-cron runs `run` (the app's tick) at the top of
     * every minute, so an 09:00 delivery goes at 09:00:00, not up to one
     * polling interval later. Tests never call this; they move a ManualClock.
     */
    startRealtime(run: () => Promise<void>): void {
      if (cronTask) return;
      cronTask = cron.schedule('0 * * * * *', async () => {
        await run();
      }, { name: 'afterglow-scheduler', noOverlap: true });
      cronTask.unref();
    },
    /** Stop the real-time trigger and wait for a tick in progress (the store may close next). */
    async stopRealtime(): Promise<void> {
      if (cronTask) await cronTask.destroy();
      cronTask = undefined;
      await following?.catch(() => undefined);
      await running?.catch(() => undefined);
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
