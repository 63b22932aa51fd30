// One check-in a day. A patient with a daily check-in time whose session
// sequence also asks for a check-in that day (the landing check-in a few
// hours after the session, the day-2 evening one) would otherwise be asked
// "how is your mood?" twice in a day. On a local day (the patient's zone)
// when a sequence check-in is planned or was sent, the daily check-in gives
// way: the sequence's asks about the session, so it is the one kept, whether
// it comes before or after the daily time. The day after, the daily resumes.
// A sequence check-in that was skipped or cancelled (downtime, a pause, a
// replaced session) does not take the day, so the daily still goes. One case
// still gives two: a session recorded after that day's daily check-in had
// already gone out (it could not be known then).

import type { ScheduleRepo } from '../store/schedule-repo.js';
import { sameLocalDay } from './recurrence.js';

/** Every instant of the local day holding `at` is within this of it (a day is at most 25 hours). */
const DAY_REACH_MS = 26 * 3_600_000;

/** Whether a daily check-in due at `at` gives way to a sequence check-in on the same local day. */
export function dailyCheckinGivesWay(repo: ScheduleRepo, personId: number, zone: string, at: Date): boolean {
  const from = new Date(at.getTime() - DAY_REACH_MS).toISOString();
  const to = new Date(at.getTime() + DAY_REACH_MS).toISOString();
  return repo.sequenceCheckinsBetween(personId, from, to).some((due) => sameLocalDay(new Date(due), at, zone));
}
