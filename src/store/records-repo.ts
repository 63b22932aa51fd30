import type { Db } from './database.js';

export interface Checkin {
  id: number;
  personId: number;
  at: string;
  mood: number | null;
  anxiety: number | null;
  sleep: number | null;
  note: string | null;
}

export interface JournalEntry {
  id: number;
  personId: number;
  at: string;
  text: string;
}

/** Check-ins and journal entries: what a patient writes down about themselves. */
export function createRecordsRepo(db: Db) {
  const insertCheckin = db.prepare<[number, string, number | null, number | null, number | null, string | null]>(
    `INSERT INTO checkins (person_id, at, mood, anxiety, sleep, note) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const recentCheckins = db.prepare<[number, number], Omit<Checkin, 'personId'> & { person_id: number }>(
    `SELECT id, person_id, at, mood, anxiety, sleep, note FROM checkins WHERE person_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
  );
  const insertJournal = db.prepare<[number, string, string]>(
    `INSERT INTO journal_entries (person_id, at, text) VALUES (?, ?, ?)`,
  );
  const recentJournal = db.prepare<[number, number], { id: number; person_id: number; at: string; text: string }>(
    `SELECT id, person_id, at, text FROM journal_entries WHERE person_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
  );

  return {
    recordCheckin(
      personId: number,
      at: string,
      scores: { mood: number | null; anxiety: number | null; sleep: number | null; note: string | null },
    ): number {
      return Number(insertCheckin.run(personId, at, scores.mood, scores.anxiety, scores.sleep, scores.note).lastInsertRowid);
    },
    recentCheckins(personId: number, limit = 30): Checkin[] {
      return recentCheckins.all(personId, limit).map(({ person_id, ...r }) => ({ ...r, personId: person_id }));
    },
    addJournalEntry(personId: number, at: string, text: string): number {
      return Number(insertJournal.run(personId, at, text).lastInsertRowid);
    },
    recentJournal(personId: number, limit = 5): JournalEntry[] {
      return recentJournal.all(personId, limit).map(({ person_id, ...r }) => ({ ...r, personId: person_id }));
    },
  };
}

export type RecordsRepo = ReturnType<typeof createRecordsRepo>;
