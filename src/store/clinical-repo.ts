import type { Db } from './database.js';

// What the clinical flows read back: the last session (for "dosing day" and
// hours since dose), the previous questionnaire result (for the change an
// alert reports), recent check-ins (for thresholds) and questionnaires a red
// flag paused (resumable later). Spread into the schedule repo, which owns
// the sessions and results tables.

export interface InstrumentResult {
  instrument: string;
  at: string;
  score: number;
  band: string | null;
  answers: Record<string, number>;
}

/** A questionnaire stopped at a red flag: the answers so far and the item to ask next. */
export interface PausedInstrument {
  instrument: string;
  at: string;
  nextIndex: number;
  answers: Record<string, number>;
  /** Rule ids already escalated, so completing it later does not raise them again. */
  flagged: string[];
}

export function createClinicalRepo(db: Db) {
  const s = {
    lastSession: db.prepare<[number, string], { at: string }>(`SELECT at FROM sessions WHERE person_id = ? AND at <= ? ORDER BY at DESC, id DESC LIMIT 1`),
    lastResult: db.prepare<[number, string], { instrument: string; at: string; score: number; band: string | null; answers: string }>(
      `SELECT instrument, at, score, band, answers FROM instrument_results WHERE person_id = ? AND instrument = ? ORDER BY at DESC, id DESC LIMIT 1`,
    ),
    checkinsSince: db.prepare<[number, string], { at: string; mood: number | null; anxiety: number | null; sleep: number | null }>(
      `SELECT at, mood, anxiety, sleep FROM checkins WHERE person_id = ? AND at >= ? ORDER BY at`,
    ),
    putPaused: db.prepare<[number, string, string, number, string, string]>(
      `INSERT INTO instrument_paused (person_id, instrument, at, next_index, answers, flagged) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (person_id) DO UPDATE SET instrument = excluded.instrument, at = excluded.at, next_index = excluded.next_index, answers = excluded.answers, flagged = excluded.flagged`,
    ),
    getPaused: db.prepare<[number], { instrument: string; at: string; next_index: number; answers: string; flagged: string }>(
      `SELECT instrument, at, next_index, answers, flagged FROM instrument_paused WHERE person_id = ?`,
    ),
    dropPaused: db.prepare<[number]>(`DELETE FROM instrument_paused WHERE person_id = ?`),
  };
  return {
    /** Start of the person's latest session at or before `now` (ISO), if any. */
    lastSessionAt(personId: number, now: string): string | undefined {
      return s.lastSession.get(personId, now)?.at;
    },
    lastInstrumentResult(personId: number, instrument: string): InstrumentResult | undefined {
      const r = s.lastResult.get(personId, instrument);
      return r && { ...r, answers: JSON.parse(r.answers) as Record<string, number> };
    },
    checkinsSince(personId: number, since: string): { at: string; mood: number | null; anxiety: number | null; sleep: number | null }[] {
      return s.checkinsSince.all(personId, since);
    },
    /** One paused questionnaire per person: a newer one replaces it. */
    pauseInstrument(personId: number, p: PausedInstrument): void {
      s.putPaused.run(personId, p.instrument, p.at, p.nextIndex, JSON.stringify(p.answers), JSON.stringify(p.flagged));
    },
    pausedInstrument(personId: number): PausedInstrument | undefined {
      const r = s.getPaused.get(personId);
      return r && { instrument: r.instrument, at: r.at, nextIndex: r.next_index, answers: JSON.parse(r.answers) as Record<string, number>, flagged: JSON.parse(r.flagged) as string[] };
    },
    dropPausedInstrument(personId: number): void {
      s.dropPaused.run(personId);
    },
  };
}

export type ClinicalRepo = ReturnType<typeof createClinicalRepo>;
