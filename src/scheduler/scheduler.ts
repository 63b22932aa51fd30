// Turns durable schedules into deliveries and deliveries into outbox rows.
//
// Three sources produce occurrences: per-person check-in cursors, session
// sequences (planned as delivery rows when the session is recorded) and
// group schedules. Each occurrence becomes a delivery row with a unique key
// (`checkin:<person>:<ISO>`, `seq:<session>:<step>`, `sched:<id>:<ISO>:<who>`).
// A planned delivery whose time has come passes the person's gates (pause,
// opt-out, unreachable, open case, one check-in a day, quiet hours, downtime
// grace) and is queued in the outbox with the same key, priority
// 'scheduled' and purpose 'scheduled' (at-most-once: a crash mid-send marks
// it uncertain, never re-sends). The work runs in short transactions with a
// yield to the event loop between them, so messages (crisis replies first) are handled while a
// large fan-out is being planned; a tick asked for while one runs waits for
// it instead of overlapping, and the keys stop a second process from
// doubling anything. What a check-in, questionnaire or exercise offer says
// (and the flow state it opens) comes from its flow in src/flows; this
// module only decides when.

import cron from 'node-cron';
import { renderPrompt } from '../content/render.js';
import type { Services } from '../core/context.js';
import { errorCode } from '../core/errors.js';
import type { Address, OutboundMessage } from '../core/types.js';
import { openCheckin } from '../flows/checkin.js';
import { exerciseOffer } from '../flows/exercises.js';
import { startInstrument } from '../flows/instrument.js';
import type { Person } from '../store/people-repo.js';
import { createScheduleRepo, type Delivery, type ScheduleRepo } from '../store/schedule-repo.js';
import type { FlowState } from '../store/state-repo.js';
import { dailyCheckinGivesWay } from './checkin-day.js';
import { checkinRecurrence, nextOccurrence, quietHoursEnd, recurrenceOf } from './recurrence.js';

export interface SchedulerDeps extends Services {
  /** Tuning for tests and the benchmark: rows per transaction and ms per transaction before yielding. */
  chunk?: { items?: number; ms?: number };
}

/** How long a flow someone is in the middle of keeps a scheduled check-in or questionnaire waiting. */
const BUSY_FRESH_MS = 2 * 3_600_000;
const BUSY_RETRY_MS = 30 * 60_000;
const BUSY_MAX_ATTEMPTS = 4;
/** Missed occurrences recorded per source after a long downtime, before jumping to the present. */
const MAX_CATCH_UP = 14;
/** Rows per transaction at most, and the time one transaction may hold the event loop. */
const CHUNK_ITEMS = 500;
const CHUNK_MS = 15;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface TickStats {
  cursors: number;
  groupDeliveries: number;
  queued: number;
  skipped: number;
  held: number;
}

export function createScheduler(deps: SchedulerDeps) {
  const { store, content, clock, config, logger } = deps;
  const chunkItems = deps.chunk?.items ?? CHUNK_ITEMS;
  const chunkMs = deps.chunk?.ms ?? CHUNK_MS;
  const repo: ScheduleRepo = createScheduleRepo(store.db);
  store.onDeletePerson((personId) => repo.forgetPerson(personId, clock.now().toISOString()));
  store.onExportPerson((personId) => repo.exportPerson(personId));

  /**
   * Check-in occurrences memoised per tick: 100,000 patients share a handful
   * of (zone, time, days, instant) combinations, and luxon's zone arithmetic
   * is the expensive part of a tick.
   */
  let memo = new Map<string, Date | undefined>();
  function nextCheckin(p: { timezone: string; checkinTime: string; checkinDays: string }, after: Date): Date | undefined {
    const key = `${p.timezone}|${p.checkinTime}|${p.checkinDays}|${after.getTime()}`;
    if (memo.has(key)) return memo.get(key);
    const next = nextOccurrence(checkinRecurrence(p.checkinTime, p.checkinDays), p.timezone, after);
    if (memo.size > 50_000) memo = new Map();
    memo.set(key, next);
    return next;
  }

  /**
   * Run `step` as a series of short transactions, yielding to the event loop
   * between them so a patient's message (and a crisis reply above all) never
   * waits behind a large tick. `step` gets a deadline, does what it can
   * before it and returns true while there may be more to do. Every step
   * re-reads its rows, so whatever happened in between is seen.
   */
  async function inChunks(step: (deadline: number, limit: number) => boolean): Promise<void> {
    for (;;) {
      const deadline = performance.now() + chunkMs;
      const more = repo.transaction(() => step(deadline, chunkItems));
      if (!more) return;
      await yieldToEventLoop();
    }
  }

  /** Recompute the check-in cursor of everyone whose settings changed (the trigger lists them). */
  async function refreshCursors(now: Date): Promise<number> {
    let n = 0;
    await inChunks((deadline, limit) => {
      const dirty = repo.dirtyCheckinSettings(limit);
      for (const [i, p] of dirty.entries()) {
        if (i > 0 && performance.now() > deadline) return true; // at least one row per chunk: always progress
        let next: string | null = null;
        if (p.checkinTime && p.timezone) {
          try {
            next = nextCheckin({ timezone: p.timezone, checkinTime: p.checkinTime, checkinDays: p.checkinDays ?? 'daily' }, now)?.toISOString() ?? null;
          } catch (err) {
            logger.warn({ code: errorCode(err), personId: p.personId }, 'check-in settings unusable; no recurring check-in');
          }
        }
        repo.setCursor(p.personId, next);
        repo.cleanCheckin(p.personId);
        n++;
      }
      return dirty.length === limit;
    });
    return n;
  }

  /** Each due check-in cursor becomes a delivery; the cursor moves to the next occurrence. */
  async function materializeCheckins(now: Date): Promise<number> {
    const nowIso = now.toISOString();
    let n = 0;
    await inChunks((deadline, limit) => {
      const due = repo.cursorsDueWithSettings(nowIso, limit);
      for (const [i, c] of due.entries()) {
        if (i > 0 && performance.now() > deadline) return true;
        const { personId } = c;
        if (!c.checkinTime || !c.timezone) {
          repo.setCursor(personId, null);
          continue;
        }
        const p = { timezone: c.timezone, checkinTime: c.checkinTime, checkinDays: c.checkinDays ?? 'daily' };
        let at: Date | undefined = new Date(c.nextAt);
        try {
          for (let i = 0; at && at.getTime() <= now.getTime(); i++) {
            if (i < MAX_CATCH_UP) {
              const iso = at.toISOString();
              repo.addDelivery({ key: `checkin:${personId}:${iso}`, source: 'checkin', personId, kind: 'checkin', dueAt: iso }, nowIso);
              n++;
              at = nextCheckin(p, at);
            } else {
              at = nextCheckin(p, now); // long downtime: the rest are simply gone
            }
          }
        } catch (err) {
          // Settings that no longer compute (a zone removed from tzdata): drop the cursor, keep the tick going.
          logger.warn({ code: errorCode(err), personId }, 'check-in settings unusable; no recurring check-in');
          at = undefined;
        }
        repo.setCursor(personId, at?.toISOString() ?? null);
      }
      return due.length === limit;
    });
    return n;
  }

  /**
   * Each due group schedule occurrence fans out into one delivery per member
   * (or one channel post), a chunk of members at a time. The schedule moves
   * on only after every member has a row, so a crash mid-fan-out redoes the
   * occurrence next time and the keys skip whoever already has one. A
   * schedule cancelled between chunks stops there (the cancel command
   * cancels the rows already planned); one paused between chunks still
   * reaches every member with this occurrence, as it would have had the
   * fan-out been one transaction, and stays paused.
   */
  async function materializeGroups(now: Date): Promise<number> {
    const nowIso = now.toISOString();
    let n = 0;
    for (const sched of repo.schedulesDue(nowIso)) {
      const group = repo.group(sched.groupId);
      const rec = recurrenceOf(sched.spec);
      const kind = sched.content.text !== undefined ? 'text' : 'content';
      const ref = sched.content.text ?? sched.content.ref ?? '';
      const current = () => repo.schedule(sched.id);
      const stillOn = () => {
        const c = current();
        return (c?.status === 'active' || c?.status === 'paused') && c.nextAt === sched.nextAt;
      };
      let at: Date | undefined = new Date(sched.nextAt!);
      let stopped = false;
      for (let i = 0; at && at.getTime() <= now.getTime() && !stopped; i++) {
        if (i >= MAX_CATCH_UP) {
          at = nextOccurrence(rec, sched.timezone, now);
          break;
        }
        const occ = at.toISOString();
        const postKey = `sched:${sched.id}:${occ}`;
        if (group) repo.recordPost(postKey, sched.id, group.id, occ);
        if (sched.target === 'channel' && group?.channel) {
          if (repo.addDelivery({ key: `${postKey}:channel`, source: 'group', sourceId: sched.id, channel: group.channel, kind, ref, dueAt: occ }, nowIso)) n++;
        } else if (group) {
          const members = repo.members(group.id);
          let next = 0;
          await inChunks((deadline, limit) => {
            if (!stillOn()) {
              stopped = true;
              return false;
            }
            const start = next;
            const end = Math.min(members.length, next + limit);
            while (next < end) {
              if (next > start && performance.now() > deadline) return true;
              const personId = members[next++]!;
              if (repo.addDelivery({ key: `${postKey}:${personId}`, source: 'group', sourceId: sched.id, personId, kind, ref, dueAt: occ }, nowIso)) n++;
            }
            return next < members.length;
          });
        }
        if (!stopped) at = nextOccurrence(rec, sched.timezone, at);
      }
      if (stopped) continue;
      const nextAt = at?.toISOString() ?? null;
      repo.transaction(() => {
        const c = current();
        if (c?.status === 'active' && c.nextAt === sched.nextAt) repo.setScheduleState(sched.id, nextAt, at ? 'active' : 'done');
      });
    }
    return n;
  }

  /** Quiet hours depend only on (zone, window) for the tick's instant: worked out once per combination. */
  const quietMemo = new Map<string, Date | undefined>();
  let quietMemoAt = 0;
  function quietHoursEndAt(person: Person, now: Date): Date | undefined {
    if (quietMemoAt !== now.getTime()) {
      quietMemo.clear();
      quietMemoAt = now.getTime();
    }
    const key = `${person.timezone}|${person.quietStart}|${person.quietEnd}`;
    if (quietMemo.has(key)) return quietMemo.get(key);
    const end = quietHoursEndFor(person, now);
    if (quietMemo.size > 10_000) quietMemo.clear();
    quietMemo.set(key, end);
    return end;
  }

  function openCaseBlocks(person: Person): boolean {
    if (!config.pausePromptsDuringCase) return false;
    return store.cases.openForPerson(person.id).some((c) => c.severity !== 'review');
  }

  function directAddress(personId: number): Address | undefined {
    const id = store.people.identities(personId)[0];
    return id && { platform: id.platform, kind: 'direct', id: id.userId };
  }

  type Outcome = { queued: number | null } | { skipped: string } | { held: string; until: Date } | { cancelled: string };

  /**
   * What a delivery sends and, for a check-in or questionnaire, the flow
   * state it opens. The flows own both (their questions, button ids and state
   * shape); the scheduler only decides when.
   */
  type Rendered = { message: OutboundMessage; opens?: Omit<FlowState, 'updatedAt'> };

  /** Deliveries that depend only on (kind, ref, locale), rendered once per tick. */
  const rendered = new Map<string, Rendered | undefined>();

  function render(d: Delivery, person: Person | undefined): Rendered | undefined {
    const locale = person?.locale ?? 'en';
    if (d.kind === 'prompt' || d.kind === 'content') return renderFresh(d, person, locale);
    const key = `${d.kind}|${locale}|${d.ref ?? ''}`;
    if (rendered.has(key)) return rendered.get(key);
    const r = renderFresh(d, person, locale);
    if (rendered.size > 1000) rendered.clear();
    rendered.set(key, r);
    return r;
  }

  function renderFresh(d: Delivery, person: Person | undefined, locale: string): Rendered | undefined {
    const just = (message: OutboundMessage | undefined) => message && { message };
    switch (d.kind) {
      case 'checkin': {
        const { message, state } = openCheckin(content, locale);
        return { message, opens: state };
      }
      case 'instrument': {
        const start = startInstrument(content, locale, d.ref ?? '');
        return start && { message: start.message, opens: start.state };
      }
      case 'exercise':
        return just(exerciseOffer(content, locale, d.ref ?? ''));
      case 'text':
        return just({ text: d.ref ?? '' });
      case 'prompt':
      case 'content': {
        const prompt = content.prompt(d.ref ?? '', locale);
        if (prompt) return just({ text: renderPrompt(prompt, { intention: person?.intention ?? '', name: person?.handle ?? '' }) });
        return d.kind === 'content' ? just(exerciseOffer(content, locale, d.ref ?? '')) : undefined;
      }
    }
  }

  function decide(d: Delivery, now: Date): Outcome {
    const late = now.getTime() - new Date(d.sendAt).getTime();
    // Downtime policy: a message far past its time is worse than none (a "good morning" at 4 p.m.).
    if (late > config.graceMinutes * 60_000) return { skipped: 'missed' };
    if (d.channel) {
      const r = render(d, undefined);
      if (!r) return { skipped: 'content_missing' };
      return { queued: deps.send(d.channel, r.message, { priority: 'scheduled', purpose: 'scheduled', idempotencyKey: d.key }) };
    }
    const person = d.personId === null ? undefined : store.people.get(d.personId);
    if (!person) return { cancelled: 'no_person' };
    if (person.optedOutAt) return { skipped: 'opted_out' };
    if (person.pausedUntil && person.pausedUntil > now.toISOString()) return { skipped: 'paused' };
    if (person.unreachableAt) return { skipped: 'unreachable' };
    if (d.source !== 'group' && person.consent !== 'granted') return { skipped: 'no_consent' };
    if (openCaseBlocks(person)) return { skipped: 'open_case' };
    // One check-in a day: the session sequence's check-in takes the day (see checkin-day.ts).
    if (d.source === 'checkin' && dailyCheckinGivesWay(repo, person.id, person.timezone, new Date(d.dueAt))) return { skipped: 'sequence_checkin' };
    const quietEnd = quietHoursEndAt(person, now);
    if (quietEnd) return { held: 'quiet_hours', until: quietEnd };
    const address = directAddress(person.id);
    if (!address) return { cancelled: 'no_identity' };
    const r = render(d, person);
    if (!r) return { skipped: 'content_missing' };
    if (r.opens) {
      // Someone in the middle of another conversation keeps it; the check-in or questionnaire waits a little.
      const state = store.state.get(person.id);
      if (state && now.getTime() - new Date(state.updatedAt).getTime() < BUSY_FRESH_MS) {
        if (d.attempts + 1 >= BUSY_MAX_ATTEMPTS) return { skipped: 'busy' };
        return { held: 'busy', until: new Date(now.getTime() + BUSY_RETRY_MS) };
      }
      // The flow state is set when the message is queued, so the first button press lands in the flow.
      store.state.set(person.id, r.opens, now.toISOString());
    }
    return { queued: deps.send(address, r.message, { priority: 'scheduled', purpose: 'scheduled', personId: person.id, idempotencyKey: d.key }) };
  }

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
    rendered.clear();
    await refreshCursors(now);
    stats.cursors = await materializeCheckins(now);
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
    following ??= running.then(
      () => {
        following = undefined;
        return tick();
      },
      () => {
        following = undefined;
        return tick();
      },
    );
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

export function quietHoursEndFor(person: Person, now: Date): Date | undefined {
  return quietHoursEnd(now, person.timezone, person.quietStart, person.quietEnd);
}

export type Scheduler = ReturnType<typeof createScheduler>;
