// Turns durable schedules into deliveries and deliveries into outbox rows.
//
// Three sources produce occurrences: per-person check-in cursors, session
// sequences (planned as delivery rows when the session is recorded) and
// group schedules. Each occurrence becomes a delivery row with a unique key
// (`checkin:<person>:<ISO>`, `seq:<session>:<step>`, `sched:<id>:<ISO>:<who>`).
// A planned delivery whose time has come passes the person's gates (pause,
// opt-out, unreachable, open case, quiet hours, downtime grace) and is queued
// in the outbox with the same key, priority 'scheduled' and purpose
// 'scheduled' (at-most-once: a crash mid-send marks it uncertain, never
// re-sends). Everything here is synchronous SQLite work, so one tick cannot
// interleave with another in the same process, and the keys stop a second
// process from doubling anything.

import cron from 'node-cron';
import type { Config } from '../config';
import { renderPrompt } from '../content/render';
import type { ContentLibrary } from '../content/types';
import type { Clock } from '../core/clock';
import type { Services } from '../core/context';
import { errorCode } from '../core/errors';
import type { Logger } from '../core/logger';
import type { Address, Choice, OutboundMessage } from '../core/types';
import type { Person } from '../store/people-repo';
import { createScheduleRepo, type Delivery, type ScheduleRepo } from '../store/schedule-repo';
import type { Store } from '../store/store';
import { checkinRecurrence, nextOccurrence, quietHoursEnd, recurrenceOf } from './recurrence';

export interface SchedulerDeps {
  store: Store;
  content: ContentLibrary;
  clock: Clock;
  config: Config;
  logger: Logger;
  send: Services['send'];
}

/** How long a flow someone is in the middle of keeps a scheduled check-in or questionnaire waiting. */
const BUSY_FRESH_MS = 2 * 3_600_000;
const BUSY_RETRY_MS = 30 * 60_000;
const BUSY_MAX_ATTEMPTS = 4;
/** Missed occurrences recorded per source after a long downtime, before jumping to the present. */
const MAX_CATCH_UP = 14;
const BATCH = 1000;

export interface TickStats {
  cursors: number;
  groupDeliveries: number;
  queued: number;
  skipped: number;
  held: number;
}

/** A scheduled check-in: the intro and the first question in one message, with its buttons. */
export function checkinMessage(content: ContentLibrary, locale: string): OutboundMessage {
  const choices: Choice[] = [];
  for (let v = 0; v <= 10; v++) {
    const key = `checkin.mood_label.${v}`;
    choices.push({ id: `checkin:mood:${v}`, label: content.hasText(key) ? content.text(key, locale) : String(v) });
  }
  return { text: `${content.text('checkin.intro', locale)}\n\n${content.text('checkin.ask_mood', locale)}`, choices };
}

/** One questionnaire item with its answers as buttons (a numbered list where there are none). */
export function instrumentQuestion(content: ContentLibrary, locale: string, instrumentId: string, index: number, withIntro = false): OutboundMessage | undefined {
  const inst = content.instrument(instrumentId, locale);
  const item = inst?.items[index];
  if (!inst || !item) return undefined;
  const question = `(${index + 1}/${inst.items.length}) ${item.text}`;
  return {
    text: withIntro ? `${inst.title}\n${inst.intro}\n\n${question}` : question,
    choices: item.options.map((o) => ({ id: `instr:${inst.id}:${index}:${o.value}`, label: o.label })),
  };
}

export function exerciseOffer(content: ContentLibrary, locale: string, exerciseId: string): OutboundMessage | undefined {
  const ex = content.exercise(exerciseId, locale);
  if (!ex) return undefined;
  return {
    text: content.text('schedule.exercise_offer', locale, { title: ex.title, summary: ex.summary, name: ex.aliases[0] ?? ex.id }),
    choices: [{ id: `sched:exercise:${ex.id}`, label: content.text('schedule.exercise_start', locale) }],
  };
}

export function createScheduler(deps: SchedulerDeps) {
  const { store, content, clock, config, logger } = deps;
  const repo: ScheduleRepo = createScheduleRepo(store.db);
  store.onDeletePerson((personId) => repo.forgetPerson(personId, clock.now().toISOString()));

  /**
   * Check-in occurrences memoised per tick: 100,000 patients share a handful
   * of (zone, time, days, instant) combinations, and luxon's zone arithmetic
   * is the expensive part of a tick.
   */
  let memo = new Map<string, Date | undefined>();
  function nextCheckin(p: Person, after: Date): Date | undefined {
    const key = `${p.timezone}|${p.checkinTime}|${p.checkinDays}|${after.getTime()}`;
    if (memo.has(key)) return memo.get(key);
    const next = nextOccurrence(checkinRecurrence(p.checkinTime!, p.checkinDays), p.timezone, after);
    if (memo.size > 50_000) memo = new Map();
    memo.set(key, next);
    return next;
  }

  /** Recompute the check-in cursor of everyone whose settings changed (the trigger lists them). */
  function refreshCursors(now: Date): number {
    let n = 0;
    for (;;) {
      const dirty = repo.dirtyCheckins(BATCH);
      if (dirty.length === 0) return n;
      repo.transaction(() => {
        for (const personId of dirty) {
          const p = store.people.get(personId);
          let next: string | null = null;
          if (p?.checkinTime) {
            try {
              next = nextCheckin(p, now)?.toISOString() ?? null;
            } catch (err) {
              logger.warn({ code: errorCode(err), personId }, 'check-in settings unusable; no recurring check-in');
            }
          }
          repo.setCursor(personId, next);
          repo.cleanCheckin(personId);
          n++;
        }
      });
    }
  }

  /** Each due check-in cursor becomes a delivery; the cursor moves to the next occurrence. */
  function materializeCheckins(now: Date): number {
    const nowIso = now.toISOString();
    let n = 0;
    for (;;) {
      const due = repo.cursorsDue(nowIso, BATCH);
      if (due.length === 0) return n;
      repo.transaction(() => {
        for (const { personId, nextAt } of due) {
          const p = store.people.get(personId);
          if (!p?.checkinTime) {
            repo.setCursor(personId, null);
            continue;
          }
          let at: Date | undefined = new Date(nextAt);
          for (let i = 0; at && at.getTime() <= now.getTime(); i++) {
            if (i < MAX_CATCH_UP) {
              repo.addDelivery({ key: `checkin:${personId}:${at.toISOString()}`, source: 'checkin', personId, kind: 'checkin', dueAt: at.toISOString() }, nowIso);
              n++;
              at = nextCheckin(p, at);
            } else {
              at = nextCheckin(p, now); // long downtime: the rest are simply gone
            }
          }
          repo.setCursor(personId, at?.toISOString() ?? null);
        }
      });
    }
  }

  /** Each due group schedule occurrence fans out into one delivery per member (or one channel post). */
  function materializeGroups(now: Date): number {
    const nowIso = now.toISOString();
    let n = 0;
    for (const sched of repo.schedulesDue(nowIso)) {
      const group = repo.group(sched.groupId);
      const rec = recurrenceOf(sched.spec);
      let at: Date | undefined = new Date(sched.nextAt!);
      repo.transaction(() => {
        for (let i = 0; at && at.getTime() <= now.getTime(); i++) {
          if (i >= MAX_CATCH_UP) {
            at = nextOccurrence(rec, sched.timezone, now);
            break;
          }
          const occ = at.toISOString();
          const postKey = `sched:${sched.id}:${occ}`;
          const kind = sched.content.text !== undefined ? 'text' : 'content';
          const ref = sched.content.text ?? sched.content.ref ?? '';
          if (group) repo.recordPost(postKey, sched.id, group.id, occ);
          if (sched.target === 'channel' && group?.channel) {
            if (repo.addDelivery({ key: `${postKey}:channel`, source: 'group', sourceId: sched.id, channel: group.channel, kind, ref, dueAt: occ }, nowIso)) n++;
          } else if (group) {
            for (const personId of repo.members(group.id)) {
              if (repo.addDelivery({ key: `${postKey}:${personId}`, source: 'group', sourceId: sched.id, personId, kind, ref, dueAt: occ }, nowIso)) n++;
            }
          }
          at = nextOccurrence(rec, sched.timezone, at);
        }
        repo.setScheduleState(sched.id, at?.toISOString() ?? null, at ? 'active' : 'done');
      });
    }
    return n;
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

  function render(d: Delivery, person: Person | undefined): OutboundMessage | undefined {
    const locale = person?.locale ?? 'en';
    switch (d.kind) {
      case 'checkin':
        return checkinMessage(content, locale);
      case 'instrument':
        return instrumentQuestion(content, locale, d.ref ?? '', 0, true);
      case 'exercise':
        return exerciseOffer(content, locale, d.ref ?? '');
      case 'text':
        return { text: d.ref ?? '' };
      case 'prompt':
      case 'content': {
        const prompt = content.prompt(d.ref ?? '', locale);
        if (prompt) return { text: renderPrompt(prompt, { intention: person?.intention ?? '', name: person?.handle ?? '' }) };
        return d.kind === 'content' ? exerciseOffer(content, locale, d.ref ?? '') : undefined;
      }
    }
  }

  function decide(d: Delivery, now: Date): Outcome {
    const late = now.getTime() - new Date(d.sendAt).getTime();
    // Downtime policy: a message far past its time is worse than none (a "good morning" at 4 p.m.).
    if (late > config.graceMinutes * 60_000) return { skipped: 'missed' };
    if (d.channel) {
      const message = render(d, undefined);
      if (!message) return { skipped: 'content_missing' };
      return { queued: deps.send(d.channel, message, { priority: 'scheduled', purpose: 'scheduled', idempotencyKey: d.key }) };
    }
    const person = d.personId === null ? undefined : store.people.get(d.personId);
    if (!person) return { cancelled: 'no_person' };
    if (person.optedOutAt) return { skipped: 'opted_out' };
    if (person.pausedUntil && person.pausedUntil > now.toISOString()) return { skipped: 'paused' };
    if (person.unreachableAt) return { skipped: 'unreachable' };
    if (d.source !== 'group' && person.consent !== 'granted') return { skipped: 'no_consent' };
    if (openCaseBlocks(person)) return { skipped: 'open_case' };
    const quietEnd = quietHoursEndFor(person, now);
    if (quietEnd) return { held: 'quiet_hours', until: quietEnd };
    const address = directAddress(person.id);
    if (!address) return { cancelled: 'no_identity' };
    const startsFlow = d.kind === 'checkin' || d.kind === 'instrument';
    if (startsFlow) {
      // Someone in the middle of another conversation keeps it; the check-in waits a little.
      const state = store.state.get(person.id);
      if (state && now.getTime() - new Date(state.updatedAt).getTime() < BUSY_FRESH_MS) {
        if (d.attempts + 1 >= BUSY_MAX_ATTEMPTS) return { skipped: 'busy' };
        return { held: 'busy', until: new Date(now.getTime() + BUSY_RETRY_MS) };
      }
    }
    const message = render(d, person);
    if (!message) return { skipped: 'content_missing' };
    // The flow state is set when the message is queued, so the first button press lands in the flow.
    if (d.kind === 'checkin') store.state.set(person.id, { flow: 'checkin', step: 'mood', data: { source: 'scheduled' } }, now.toISOString());
    if (d.kind === 'instrument') store.state.set(person.id, { flow: 'instrument', step: '0', data: { id: d.ref, index: 0, answers: {} } }, now.toISOString());
    return { queued: deps.send(address, message, { priority: 'scheduled', purpose: 'scheduled', personId: person.id, idempotencyKey: d.key }) };
  }

  function processDeliveries(now: Date, stats: TickStats): void {
    const nowIso = now.toISOString();
    for (;;) {
      const due = repo.dueDeliveries(nowIso, BATCH);
      if (due.length === 0) return;
      repo.transaction(() => {
        for (const d of due) {
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
      });
    }
  }

  let cronTask: ReturnType<typeof cron.schedule> | undefined;

  return {
    repo,
    /** Turn everything due by now into outbox rows. Synchronous: safe to call from any tick. */
    tick(): TickStats {
      const now = clock.now();
      const stats: TickStats = { cursors: 0, groupDeliveries: 0, queued: 0, skipped: 0, held: 0 };
      refreshCursors(now);
      stats.cursors = materializeCheckins(now);
      stats.groupDeliveries = materializeGroups(now);
      processDeliveries(now, stats);
      return stats;
    },
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
    async stopRealtime(): Promise<void> {
      if (cronTask) await cronTask.destroy();
      cronTask = undefined;
    },
  };
}

export function quietHoursEndFor(person: Person, now: Date): Date | undefined {
  return quietHoursEnd(now, person.timezone, person.quietStart, person.quietEnd);
}

export type Scheduler = ReturnType<typeof createScheduler>;
