// "Dosing day" means one thing everywhere in the bot: the 24 hours after the
// start of the person's latest recorded session. Blood pressure and heart rate
// rise for a few hours after a dose and judgement and balance can stay off
// until after a night's sleep, so exercises with breath holds or standing
// steps, and offers of them, check this one function.

/** The one thing this needs from the store (the schedule repo has it). */
export interface SessionLookup {
  lastSessionAt(personId: number, now: string): string | undefined;
}

export const DOSING_DAY_HOURS = 24;
const HOUR_MS = 3_600_000;

/** Hours since the latest session started (at or before now), or undefined when none is recorded. */
export function hoursSinceDose(repo: SessionLookup, personId: number, now: Date): number | undefined {
  const at = repo.lastSessionAt(personId, now.toISOString());
  if (!at) return undefined;
  return (now.getTime() - new Date(at).getTime()) / HOUR_MS;
}

/** True during the 24 hours after the start of the latest recorded session. */
export function isDosingDay(repo: SessionLookup, personId: number, now: Date): boolean {
  const h = hoursSinceDose(repo, personId, now);
  return h !== undefined && h < DOSING_DAY_HOURS;
}
