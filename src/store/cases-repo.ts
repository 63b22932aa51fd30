import type { Severity } from '../safety/screening/types.js';
import type { Db } from './database.js';

export type CaseStatus = 'open' | 'acknowledged' | 'resolved';

export interface Case {
  id: number;
  personId: number;
  status: CaseStatus;
  severity: Severity;
  category: string;
  source: string;
  lexiconVersion: string | null;
  excerpt: string | null;
  context: string[] | null;
  ruleIds: string[];
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: number | null;
  resolvedAt: string | null;
  resolvedBy: number | null;
  resolutionNote: string | null;
  escalationLevel: number;
  nextEscalationAt: string | null;
  platform: string | null;
  lastAlertAt: string | null;
}

interface Row {
  id: number;
  person_id: number;
  status: CaseStatus;
  severity: string;
  category: string;
  source: string;
  lexicon_version: string | null;
  excerpt: string | null;
  context: string | null;
  matches: string | null;
  created_at: string;
  acknowledged_at: string | null;
  acknowledged_by: number | null;
  resolved_at: string | null;
  resolved_by: number | null;
  resolution_note: string | null;
  escalation_level: number;
  next_escalation_at: string | null;
  platform: string | null;
  last_alert_at: string | null;
}

const toCase = (r: Row): Case => ({
  id: r.id,
  personId: r.person_id,
  status: r.status,
  // written only from a Severity (NewCase), so read back as one
  severity: r.severity as Severity,
  category: r.category,
  source: r.source,
  lexiconVersion: r.lexicon_version,
  excerpt: r.excerpt,
  context: r.context ? (JSON.parse(r.context) as string[]) : null,
  ruleIds: r.matches ? (JSON.parse(r.matches) as string[]) : [],
  createdAt: r.created_at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by,
  resolvedAt: r.resolved_at,
  resolvedBy: r.resolved_by,
  resolutionNote: r.resolution_note,
  escalationLevel: r.escalation_level,
  nextEscalationAt: r.next_escalation_at,
  platform: r.platform,
  lastAlertAt: r.last_alert_at,
});

export interface NewCase {
  personId: number;
  severity: Severity;
  category: string;
  source: string;
  lexiconVersion?: string | null;
  excerpt: string | null;
  context: string[] | null;
  ruleIds: string[];
  at: string;
  nextEscalationAt: string | null;
  platform?: string | null;
}

export interface CaseNote {
  id: number;
  caseId: number;
  authorPersonId: number;
  at: string;
  text: string;
}

/** Crisis cases, their notes, safety plans and recent screening signals. */
export function createCasesRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO cases (person_id, severity, category, source, lexicon_version, excerpt, context, matches, created_at, next_escalation_at, platform, last_alert_at)
     VALUES (@personId, @severity, @category, @source, @lexiconVersion, @excerpt, @context, @matches, @at, @next, @platform, @at)`,
  );
  const get = db.prepare<[number], Row>(`SELECT * FROM cases WHERE id = ?`);
  const openForPerson = db.prepare<[number], Row>(
    `SELECT * FROM cases WHERE person_id = ? AND status != 'resolved' ORDER BY id DESC`,
  );
  const open = db.prepare<[], Row>(`SELECT * FROM cases WHERE status != 'resolved' ORDER BY id`);
  const all = db.prepare<[], Row>(`SELECT * FROM cases ORDER BY id`);
  const forPerson = db.prepare<[number], Row>(`SELECT * FROM cases WHERE person_id = ? ORDER BY id`);
  const dueEscalation = db.prepare<[string], Row>(
    `SELECT * FROM cases WHERE status = 'open' AND next_escalation_at IS NOT NULL AND next_escalation_at <= ? ORDER BY next_escalation_at, id`,
  );
  const nextEscalationAt = db.prepare<[], { at: string | null }>(
    `SELECT MIN(next_escalation_at) AS at FROM cases WHERE status = 'open'`,
  );
  const ack = db.prepare<[string, number, number]>(
    `UPDATE cases SET status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?, next_escalation_at = NULL WHERE id = ? AND status = 'open'`,
  );
  const resolve = db.prepare<{ at: string; by: number; note: string; id: number }>(
    `UPDATE cases SET status = 'resolved', resolved_at = @at, resolved_by = @by, resolution_note = @note, next_escalation_at = NULL,
       acknowledged_at = COALESCE(acknowledged_at, @at), acknowledged_by = COALESCE(acknowledged_by, @by)
     WHERE id = @id AND status != 'resolved'`,
  );
  const escalate = db.prepare<[number, string | null, number]>(
    `UPDATE cases SET escalation_level = ?, next_escalation_at = ? WHERE id = ?`,
  );
  const raise = db.prepare<[string, string, number]>(`UPDATE cases SET severity = ?, category = ? WHERE id = ?`);
  // A more severe message on an acknowledged case needs a fresh acknowledgement.
  const reopen = db.prepare<[string | null, number]>(`UPDATE cases SET status = 'open', next_escalation_at = ?, escalation_level = 0 WHERE id = ? AND status != 'resolved'`);
  const touchAlert = db.prepare<[string, number]>(`UPDATE cases SET last_alert_at = ? WHERE id = ?`);
  const addNote = db.prepare<[number, number, string, string]>(
    `INSERT INTO case_notes (case_id, author_person_id, at, text) VALUES (?, ?, ?, ?)`,
  );
  const notes = db.prepare<[number], { id: number; case_id: number; author_person_id: number; at: string; text: string }>(
    `SELECT * FROM case_notes WHERE case_id = ? ORDER BY id`,
  );
  const getPlan = db.prepare<[number], { steps: string; updated_at: string }>(
    `SELECT steps, updated_at FROM safety_plans WHERE person_id = ?`,
  );
  const putPlan = db.prepare<[number, string, string]>(
    `INSERT INTO safety_plans (person_id, steps, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(person_id) DO UPDATE SET steps = excluded.steps, updated_at = excluded.updated_at`,
  );
  const addSignal = db.prepare<[number, string, string, string, string]>(
    `INSERT INTO screen_signals (person_id, at, category, severity, rule_id) VALUES (?, ?, ?, ?, ?)`,
  );
  const signalsSince = db.prepare<[number, string], { category: string; severity: string; rule_id: string }>(
    `SELECT category, severity, rule_id FROM screen_signals WHERE person_id = ? AND at >= ? ORDER BY id DESC LIMIT 20`,
  );

  return {
    create(c: NewCase): Case {
      const id = Number(
        insert.run({
          personId: c.personId,
          severity: c.severity,
          category: c.category,
          source: c.source,
          lexiconVersion: c.lexiconVersion ?? null,
          excerpt: c.excerpt,
          context: c.context ? JSON.stringify(c.context) : null,
          matches: JSON.stringify(c.ruleIds),
          at: c.at,
          next: c.nextEscalationAt,
          platform: c.platform ?? null,
        }).lastInsertRowid,
      );
      return toCase(get.get(id)!);
    },
    get(id: number): Case | undefined {
      const r = get.get(id);
      return r && toCase(r);
    },
    openForPerson(personId: number): Case[] {
      return openForPerson.all(personId).map(toCase);
    },
    open(): Case[] {
      return open.all().map(toCase);
    },
    all(): Case[] {
      return all.all().map(toCase);
    },
    forPerson(personId: number): Case[] {
      return forPerson.all(personId).map(toCase);
    },
    dueForEscalation(now: string): Case[] {
      return dueEscalation.all(now).map(toCase);
    },
    nextEscalationAt(): string | null {
      return nextEscalationAt.get()?.at ?? null;
    },
    acknowledge(id: number, by: number, at: string): boolean {
      return ack.run(at, by, id).changes > 0;
    },
    resolve(id: number, by: number, note: string, at: string): boolean {
      return resolve.run({ at, by, note, id }).changes > 0;
    },
    setEscalation(id: number, level: number, nextAt: string | null): void {
      escalate.run(level, nextAt, id);
    },
    raise(id: number, severity: string, category: string): void {
      raise.run(severity, category, id);
    },
    reopen(id: number, nextEscalationAt: string | null): void {
      reopen.run(nextEscalationAt, id);
    },
    touchAlert(id: number, at: string): void {
      touchAlert.run(at, id);
    },
    addNote(caseId: number, authorPersonId: number, text: string, at: string): void {
      addNote.run(caseId, authorPersonId, at, text);
    },
    notes(caseId: number): CaseNote[] {
      return notes.all(caseId).map((r) => ({ id: r.id, caseId: r.case_id, authorPersonId: r.author_person_id, at: r.at, text: r.text }));
    },
    safetyPlan(personId: number): { steps: string[]; updatedAt: string } | undefined {
      const r = getPlan.get(personId);
      return r && { steps: JSON.parse(r.steps) as string[], updatedAt: r.updated_at };
    },
    saveSafetyPlan(personId: number, steps: string[], at: string): void {
      putPlan.run(personId, JSON.stringify(steps), at);
    },
    rememberSignal(personId: number, at: string, s: { category: string; severity: string; ruleId: string }): void {
      addSignal.run(personId, at, s.category, s.severity, s.ruleId);
    },
    signalsSince(personId: number, since: string): { category: string; severity: string; ruleId: string }[] {
      return signalsSince.all(personId, since).map((r) => ({ category: r.category, severity: r.severity, ruleId: r.rule_id }));
    },
  };
}

export type CasesRepo = ReturnType<typeof createCasesRepo>;
