// Claim phase: a planned delivery whose time has come passes the person's
// gates (downtime grace, opt-out, pause, unreachable, consent, an open case,
// one check-in a day, quiet hours, a flow in progress) and is queued in the
// outbox with its key, or is held, skipped or cancelled, with the reason.
import type { Services } from '../core/context.js';
import type { Address } from '../core/types.js';
import type { Person } from '../store/people-repo.js';
import type { Delivery, ScheduleRepo } from '../store/schedule-repo.js';
import { dailyCheckinGivesWay } from './checkin-day.js';
import type { createDeliveryRenderer } from './delivery-message.js';
import { quietHoursEnd } from './recurrence.js';

/** How long a flow someone is in the middle of keeps a scheduled check-in or questionnaire waiting. */
const BUSY_FRESH_MS = 2 * 3_600_000;
/**
 * A prompt's reflection and "how was the exercise?" are soft questions: they
 * hold the next one for a while (a check-in arriving with a prompt waits),
 * not for the two hours a half-answered check-in does. A sequence's steps an
 * hour apart still arrive on time.
 */
const BUSY_FRESH_MS_BY_FLOW: Record<string, number> = { prompt: 60 * 60_000, exercise: 30 * 60_000 };
const BUSY_RETRY_MS = 30 * 60_000;
const BUSY_MAX_ATTEMPTS = 4;

export type Outcome = { queued: number | null } | { skipped: string } | { held: string; until: Date } | { cancelled: string };

export function quietHoursEndFor(person: Person, now: Date): Date | undefined {
  return quietHoursEnd(now, person.timezone, person.quietStart, person.quietEnd);
}

export function createGates(deps: Services, repo: ScheduleRepo, renderer: ReturnType<typeof createDeliveryRenderer>) {
  const { store, config } = deps;

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

  return function decide(d: Delivery, now: Date): Outcome {
    const late = now.getTime() - new Date(d.sendAt).getTime();
    // Downtime policy: a message far past its time is worse than none (a "good morning" at 4 p.m.).
    if (late > config.graceMinutes * 60_000) return { skipped: 'missed' };
    if (d.channel) {
      const r = renderer.render(d, undefined);
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
    const r = renderer.render(d, person);
    if (!r) return { skipped: 'content_missing' };
    if (r.opens) {
      // Someone in the middle of another conversation keeps it; the next question waits a little.
      const state = store.state.get(person.id);
      // Only one question pending at a time: a check-in, questionnaire or prompt waits for the one already asked.
      if (state && now.getTime() - new Date(state.updatedAt).getTime() < (BUSY_FRESH_MS_BY_FLOW[state.flow] ?? BUSY_FRESH_MS)) {
        if (d.attempts + 1 >= BUSY_MAX_ATTEMPTS) return { skipped: 'busy' };
        return { held: 'busy', until: new Date(now.getTime() + BUSY_RETRY_MS) };
      }
      // The flow state is set when the message is queued, so the first button press lands in the flow.
      store.state.set(person.id, r.opens, now.toISOString());
    }
    return { queued: deps.send(address, r.message, { priority: 'scheduled', purpose: 'scheduled', personId: person.id, idempotencyKey: d.key }) };
  };
}
