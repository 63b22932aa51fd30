import type { Db } from './database.js';

// Clinicians' verdicts on the screener (false alarm, wrong category, missed),
// for `afterglow screener feedback` and the false-alarm rate in `report
// alerts`. The patient's words, where kept, go with the rest of their data
// (erasure-repo.ts clears this table too).

export const FEEDBACK_LABELS = ['false_alarm', 'wrong_category', 'missed'] as const;
export type FeedbackLabel = (typeof FEEDBACK_LABELS)[number];

export interface NewFeedback {
  at: string;
  clinicianId: number;
  label: FeedbackLabel;
  caseId?: number | null;
  /** Whose words these are, so their deletion reaches them; null when nobody said. */
  personId?: number | null;
  severity?: string | null;
  category?: string | null;
  /** For a wrong category: what the clinician says it should have been. */
  correctCategory?: string | null;
  ruleIds?: string[];
  lexiconVersion?: string | null;
  why?: string | null;
  /** Null in minimal-data mode: the caller decides. */
  words?: string | null;
}

export interface Feedback extends Required<Omit<NewFeedback, 'caseId' | 'personId'>> {
  id: number;
  caseId: number | null;
  personId: number | null;
}

interface Row {
  id: number;
  at: string;
  clinician_id: number;
  label: FeedbackLabel;
  case_id: number | null;
  person_id: number | null;
  severity: string | null;
  category: string | null;
  correct_category: string | null;
  rule_ids: string;
  lexicon_version: string | null;
  why: string | null;
  words: string | null;
}

const toFeedback = (r: Row): Feedback => ({
  id: r.id,
  at: r.at,
  clinicianId: r.clinician_id,
  label: r.label,
  caseId: r.case_id,
  personId: r.person_id,
  severity: r.severity,
  category: r.category,
  correctCategory: r.correct_category,
  ruleIds: JSON.parse(r.rule_ids) as string[],
  lexiconVersion: r.lexicon_version,
  why: r.why,
  words: r.words,
});

export function createFeedbackRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO screening_feedback (at, clinician_id, label, case_id, person_id, severity, category, correct_category, rule_ids, lexicon_version, why, words)
     VALUES (@at, @clinicianId, @label, @caseId, @personId, @severity, @category, @correctCategory, @ruleIds, @lexiconVersion, @why, @words)`,
  );
  const all = db.prepare<[], Row>(`SELECT * FROM screening_feedback ORDER BY at, id`);
  const forCase = db.prepare<[number], Row>(`SELECT * FROM screening_feedback WHERE case_id = ? ORDER BY id`);
  const wordsOf = db.prepare<[number], { at: string; words: string }>(`SELECT at, words FROM screening_feedback WHERE person_id = ? AND words IS NOT NULL ORDER BY id`);
  return {
    add(f: NewFeedback): number {
      return Number(
        insert.run({
          at: f.at,
          clinicianId: f.clinicianId,
          label: f.label,
          caseId: f.caseId ?? null,
          personId: f.personId ?? null,
          severity: f.severity ?? null,
          category: f.category ?? null,
          correctCategory: f.correctCategory ?? null,
          ruleIds: JSON.stringify(f.ruleIds ?? []),
          lexiconVersion: f.lexiconVersion ?? null,
          why: f.why ?? null,
          words: f.words ?? null,
        }).lastInsertRowid,
      );
    },
    all(): Feedback[] {
      return all.all().map(toFeedback);
    },
    forCase(caseId: number): Feedback[] {
      return forCase.all(caseId).map(toFeedback);
    },
    /** A person's words that clinicians quoted in feedback, for their `my data` export. */
    wordsOf(personId: number): { at: string; words: string }[] {
      return wordsOf.all(personId);
    },
  };
}

export type FeedbackRepo = ReturnType<typeof createFeedbackRepo>;
