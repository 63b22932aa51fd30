import type { Db } from './database.js';

// Narrow reads for the care team's patient view and chart, and the plan a
// clinician shapes (migration care_plans). The view's assembly lives in
// src/flows/patient-view.ts; this only reads and writes rows.

export interface SessionRow {
  id: number;
  at: string;
  sequenceId: string;
  recordedBy: number | null;
}

export interface InstrumentResult {
  instrument: string;
  at: string;
  score: number;
  band: string | null;
  answers: Record<string, number>;
}

export interface CarePlan {
  personId: number;
  sequenceId: string | null;
  /** Days between questionnaires, by instrument id (phq9: 7). */
  questionnaires: Record<string, number>;
  note: string | null;
  updatedBy: number | null;
  updatedAt: string;
}

export interface Assignment {
  id: number;
  personId: number | null;
  groupId: number | null;
  kind: string;
  ref: string;
  dueAt: string;
  assignedBy: number | null;
  assignedAt: string;
  deliveryKey: string;
}

interface AssignmentRow {
  id: number;
  person_id: number | null;
  group_id: number | null;
  kind: string;
  ref: string;
  due_at: string;
  assigned_by: number | null;
  assigned_at: string;
  delivery_key: string;
}
const toAssignment = (r: AssignmentRow): Assignment => ({
  id: r.id,
  personId: r.person_id,
  groupId: r.group_id,
  kind: r.kind,
  ref: r.ref,
  dueAt: r.due_at,
  assignedBy: r.assigned_by,
  assignedAt: r.assigned_at,
  deliveryKey: r.delivery_key,
});

export function createCareRepo(db: Db) {
  const s = {
    sessions: db.prepare<[number, number], { id: number; at: string; sequence_id: string; recorded_by: number | null }>(
      `SELECT id, at, sequence_id, recorded_by FROM sessions WHERE person_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
    ),
    results: db.prepare<[number, string, number], { instrument: string; at: string; score: number; band: string | null; answers: string }>(
      `SELECT instrument, at, score, band, answers FROM instrument_results WHERE person_id = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?`,
    ),
    checkins: db.prepare<[number, string], { at: string; mood: number | null; anxiety: number | null; sleep: number | null }>(
      `SELECT at, mood, anxiety, sleep FROM checkins WHERE person_id = ? AND at >= ? ORDER BY at, id`,
    ),
    plan: db.prepare<[number], { person_id: number; sequence_id: string | null; questionnaires: string; note: string | null; updated_by: number | null; updated_at: string }>(
      `SELECT person_id, sequence_id, questionnaires, note, updated_by, updated_at FROM care_plans WHERE person_id = ?`,
    ),
    putPlan: db.prepare(
      `INSERT INTO care_plans (person_id, sequence_id, questionnaires, note, updated_by, updated_at)
       VALUES (@personId, @sequenceId, @questionnaires, @note, @updatedBy, @updatedAt)
       ON CONFLICT(person_id) DO UPDATE SET sequence_id = excluded.sequence_id, questionnaires = excluded.questionnaires,
         note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    ),
    addAssignment: db.prepare(
      `INSERT INTO plan_assignments (person_id, group_id, kind, ref, due_at, assigned_by, assigned_at, delivery_key)
       VALUES (@personId, @groupId, @kind, @ref, @dueAt, @assignedBy, @assignedAt, @deliveryKey)`,
    ),
    assignmentsFor: db.prepare<[number, number], AssignmentRow>(
      `SELECT * FROM plan_assignments WHERE person_id = ? ORDER BY due_at DESC, id DESC LIMIT ?`,
    ),
    assignmentsForGroup: db.prepare<[number, number], AssignmentRow>(
      `SELECT * FROM plan_assignments WHERE group_id = ? ORDER BY due_at DESC, id DESC LIMIT ?`,
    ),
    deliveryStatus: db.prepare<[string], { status: string }>(`SELECT status FROM deliveries WHERE key = ?`),
    cancelPlanned: db.prepare<[string, string]>(
      `UPDATE deliveries SET status = 'cancelled', reason = 'plan_changed', done_at = ? WHERE key LIKE ? ESCAPE '\\' AND status = 'planned'`,
    ),
    forget: db.prepare<[number]>(`DELETE FROM care_plans WHERE person_id = ?`),
    forgetAssignments: db.prepare<[number]>(`DELETE FROM plan_assignments WHERE person_id = ?`),
  };

  return {
    sessions(personId: number, limit = 20): SessionRow[] {
      return s.sessions.all(personId, limit).map((r) => ({ id: r.id, at: r.at, sequenceId: r.sequence_id, recordedBy: r.recorded_by }));
    },
    /** Questionnaire results since an instant, newest first. */
    results(personId: number, since: string, limit = 200): InstrumentResult[] {
      return s.results.all(personId, since, limit).map((r) => ({ ...r, answers: JSON.parse(r.answers) as Record<string, number> }));
    },
    /** Check-ins since an instant, oldest first (what a chart draws). */
    checkinsSince(personId: number, since: string): { at: string; mood: number | null; anxiety: number | null; sleep: number | null }[] {
      return s.checkins.all(personId, since);
    },
    plan(personId: number): CarePlan | undefined {
      const r = s.plan.get(personId);
      return (
        r && {
          personId: r.person_id,
          sequenceId: r.sequence_id,
          questionnaires: JSON.parse(r.questionnaires) as Record<string, number>,
          note: r.note,
          updatedBy: r.updated_by,
          updatedAt: r.updated_at,
        }
      );
    },
    savePlan(p: CarePlan): void {
      s.putPlan.run({ ...p, questionnaires: JSON.stringify(p.questionnaires) });
    },
    addAssignment(a: Omit<Assignment, 'id'>): number {
      return Number(s.addAssignment.run(a).lastInsertRowid);
    },
    assignments(personId: number, limit = 20): (Assignment & { status: string })[] {
      return s.assignmentsFor.all(personId, limit).map((r) => ({ ...toAssignment(r), status: s.deliveryStatus.get(r.delivery_key)?.status ?? 'unknown' }));
    },
    groupAssignments(groupId: number, limit = 20): (Assignment & { status: string })[] {
      return s.assignmentsForGroup.all(groupId, limit).map((r) => ({ ...toAssignment(r), status: s.deliveryStatus.get(r.delivery_key)?.status ?? 'unknown' }));
    },
    /** Cancel the planned deliveries whose key starts with `prefix` (a questionnaire series being replaced). */
    cancelPlanned(prefix: string, at: string): number {
      return s.cancelPlanned.run(at, `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`).changes;
    },
    forgetPerson(personId: number): void {
      s.forget.run(personId);
      s.forgetAssignments.run(personId);
    },
  };
}

export type CareRepo = ReturnType<typeof createCareRepo>;
