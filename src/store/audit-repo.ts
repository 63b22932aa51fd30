import type { Db } from './database.js';

export interface AuditEntry {
  id: number;
  at: string;
  actorPersonId: number | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  detail: Record<string, unknown> | null;
}

/** Append-only record of who did what, for clinicians, the clinic and the law. Never holds message text. */
export function createAuditRepo(db: Db) {
  const insert = db.prepare<[string, number | null, string, string | null, string | null, string | null]>(
    `INSERT INTO audit_log (at, actor_person_id, action, subject_type, subject_id, detail) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const forSubject = db.prepare<[string, string], Row>(
    `SELECT * FROM audit_log WHERE subject_type = ? AND subject_id = ? ORDER BY id`,
  );
  const countAction = db.prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM audit_log WHERE action = ?`);
  interface Row {
    id: number;
    at: string;
    actor_person_id: number | null;
    action: string;
    subject_type: string | null;
    subject_id: string | null;
    detail: string | null;
  }
  const toEntry = (r: Row): AuditEntry => ({
    id: r.id,
    at: r.at,
    actorPersonId: r.actor_person_id,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
  });
  return {
    record(entry: {
      at: string;
      action: string;
      actorPersonId?: number | null;
      subjectType?: string;
      subjectId?: string | number;
      detail?: Record<string, unknown>;
    }): void {
      insert.run(
        entry.at,
        entry.actorPersonId ?? null,
        entry.action,
        entry.subjectType ?? null,
        entry.subjectId === undefined ? null : String(entry.subjectId),
        entry.detail ? JSON.stringify(entry.detail) : null,
      );
    },
    forSubject(subjectType: string, subjectId: string | number): AuditEntry[] {
      return forSubject.all(subjectType, String(subjectId)).map(toEntry);
    },
    count(action: string): number {
      return countAction.get(action)?.n ?? 0;
    },
  };
}

export type AuditRepo = ReturnType<typeof createAuditRepo>;
