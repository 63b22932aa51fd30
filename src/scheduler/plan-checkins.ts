// Plan phase, recurring check-ins: each person's cursor (the next check-in
// instant from their settings) becomes a delivery row when it falls due, and
// moves on to the following occurrence.
import type { Services } from '../core/context.js';
import { errorCode } from '../core/errors.js';
import type { ScheduleRepo } from '../store/schedule-repo.js';
import type { InChunks } from './chunks.js';
import { checkinRecurrence, nextOccurrence } from './recurrence.js';

/** Missed occurrences recorded per source after a long downtime, before jumping to the present. */
export const MAX_CATCH_UP = 14;

export function createCheckinPlanner(deps: Pick<Services, 'logger'>, repo: ScheduleRepo, inChunks: InChunks) {
  const { logger } = deps;

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

  return { refreshCursors, materializeCheckins };
}
