import type { Db } from './database.js';

// Therapeutic skills: thought-record figures, skill use, the offer policy's
// memory and behavioural-activation plans. Narrow synchronous methods; the
// flows decide, this only reads and writes rows.

export interface ThoughtRecordFigure {
  at: string;
  before: number | null;
  after: number | null;
  traps: string[];
}

export interface SkillOffer {
  id: number;
  skill: string;
  moment: string;
  at: string;
  answer: 'yes' | 'not_now' | null;
  answeredAt: string | null;
}

export interface ActivationPlan {
  id: number;
  activity: string;
  plannedFor: string;
  createdAt: string;
  done: 'yes' | 'partly' | 'no' | null;
  rating: number | null;
  checkedAt: string | null;
}

interface OfferRow {
  id: number;
  skill: string;
  moment: string;
  at: string;
  answer: SkillOffer['answer'];
  answered_at: string | null;
}

interface PlanRow {
  id: number;
  activity: string;
  planned_for: string;
  created_at: string;
  done: ActivationPlan['done'];
  rating: number | null;
  checked_at: string | null;
}

const toOffer = (r: OfferRow): SkillOffer => ({ id: r.id, skill: r.skill, moment: r.moment, at: r.at, answer: r.answer, answeredAt: r.answered_at });
const toPlan = (r: PlanRow): ActivationPlan => ({
  id: r.id,
  activity: r.activity,
  plannedFor: r.planned_for,
  createdAt: r.created_at,
  done: r.done,
  rating: r.rating,
  checkedAt: r.checked_at,
});

export function createSkillsRepo(db: Db) {
  const s = {
    insertRecord: db.prepare<[number, string, number | null, number | null, string]>(
      `INSERT INTO thought_records (person_id, at, before, after, traps) VALUES (?, ?, ?, ?, ?)`,
    ),
    records: db.prepare<[number, number], { at: string; before: number | null; after: number | null; traps: string }>(
      `SELECT at, before, after, traps FROM thought_records WHERE person_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
    ),
    insertUse: db.prepare<[number, string, string, string]>(`INSERT INTO skill_uses (person_id, skill, how, at) VALUES (?, ?, ?, ?)`),
    useCounts: db.prepare<[number, string], { skill: string; n: number; last: string }>(
      `SELECT skill, COUNT(*) AS n, MAX(at) AS last FROM skill_uses WHERE person_id = ? AND at >= ? GROUP BY skill ORDER BY last DESC`,
    ),
    insertOffer: db.prepare<[number, string, string, string]>(
      `INSERT INTO skill_offers (person_id, skill, moment, at) VALUES (?, ?, ?, ?) ON CONFLICT (person_id, moment) DO NOTHING`,
    ),
    lastOffer: db.prepare<[number], OfferRow>(`SELECT id, skill, moment, at, answer, answered_at FROM skill_offers WHERE person_id = ? ORDER BY at DESC, id DESC LIMIT 1`),
    offerFor: db.prepare<[number, string], OfferRow>(`SELECT id, skill, moment, at, answer, answered_at FROM skill_offers WHERE person_id = ? AND moment = ?`),
    lastNotNow: db.prepare<[number], { at: string }>(
      `SELECT answered_at AS at FROM skill_offers WHERE person_id = ? AND answer = 'not_now' ORDER BY answered_at DESC LIMIT 1`,
    ),
    answerOffer: db.prepare<[string, string, number, number]>(`UPDATE skill_offers SET answer = ?, answered_at = ? WHERE id = ? AND person_id = ? AND answer IS NULL`),
    insertPlan: db.prepare<[number, string, string, string]>(`INSERT INTO activation_plans (person_id, activity, planned_for, created_at) VALUES (?, ?, ?, ?)`),
    plan: db.prepare<[number, number], PlanRow>(`SELECT id, activity, planned_for, created_at, done, rating, checked_at FROM activation_plans WHERE id = ? AND person_id = ?`),
    plans: db.prepare<[number, number], PlanRow>(
      `SELECT id, activity, planned_for, created_at, done, rating, checked_at FROM activation_plans WHERE person_id = ? ORDER BY planned_for DESC, id DESC LIMIT ?`,
    ),
    // The follow-up is a delivery like any scheduled message: the scheduler's gates (consent, quiet
    // hours, an open case, a flow in progress) decide when it goes, and its key makes it once only.
    scheduleCheck: db.prepare<[string, number, string, string, string, string]>(
      `INSERT INTO deliveries (key, source, person_id, kind, ref, due_at, send_at, status, created_at)
       VALUES (?, 'activation', ?, 'activation', ?, ?, ?, 'planned', ?) ON CONFLICT (key) DO NOTHING`,
    ),
    checkPlan: db.prepare<[string, number | null, string, number, number]>(`UPDATE activation_plans SET done = ?, rating = ?, checked_at = ? WHERE id = ? AND person_id = ?`),
  };

  const forget = db.transaction((personId: number) => {
    for (const table of ['thought_records', 'skill_uses', 'skill_offers', 'activation_plans']) {
      db.prepare(`DELETE FROM ${table} WHERE person_id = ?`).run(personId);
    }
    // A planned follow-up carries no words (its ref is the plan id), but it must not go out after deletion.
    db.prepare(`UPDATE deliveries SET status = 'cancelled', reason = 'person_deleted' WHERE person_id = ? AND kind = 'activation' AND status = 'planned'`).run(personId);
  });

  return {
    addThoughtRecord(personId: number, at: string, figure: { before: number | null; after: number | null; traps: string[] }): void {
      s.insertRecord.run(personId, at, figure.before, figure.after, JSON.stringify(figure.traps));
    },
    thoughtRecords(personId: number, limit = 10): ThoughtRecordFigure[] {
      return s.records.all(personId, limit).map((r) => ({ at: r.at, before: r.before, after: r.after, traps: JSON.parse(r.traps) as string[] }));
    },
    recordUse(personId: number, skill: string, how: 'practice' | 'card' | 'flow', at: string): void {
      s.insertUse.run(personId, skill, how, at);
    },
    useCounts(personId: number, since: string): { skill: string; n: number; last: string }[] {
      return s.useCounts.all(personId, since);
    },
    /** False when this moment already had its offer. */
    addOffer(personId: number, skill: string, moment: string, at: string): boolean {
      return s.insertOffer.run(personId, skill, moment, at).changes > 0;
    },
    lastOffer(personId: number): SkillOffer | undefined {
      const r = s.lastOffer.get(personId);
      return r && toOffer(r);
    },
    offerFor(personId: number, moment: string): SkillOffer | undefined {
      const r = s.offerFor.get(personId, moment);
      return r && toOffer(r);
    },
    lastNotNowAt(personId: number): string | undefined {
      return s.lastNotNow.get(personId)?.at ?? undefined;
    },
    answerOffer(personId: number, offerId: number, answer: 'yes' | 'not_now', at: string): boolean {
      return s.answerOffer.run(answer, at, offerId, personId).changes > 0;
    },
    addPlan(personId: number, activity: string, plannedFor: string, at: string): number {
      return Number(s.insertPlan.run(personId, activity, plannedFor, at).lastInsertRowid);
    },
    plan(personId: number, id: number): ActivationPlan | undefined {
      const r = s.plan.get(id, personId);
      return r && toPlan(r);
    },
    plans(personId: number, limit = 10): ActivationPlan[] {
      return s.plans.all(personId, limit).map(toPlan);
    },
    scheduleCheck(personId: number, planId: number, dueAt: string, at: string): void {
      s.scheduleCheck.run(`activation:${planId}`, personId, String(planId), dueAt, dueAt, at);
    },
    checkPlan(personId: number, id: number, done: 'yes' | 'partly' | 'no', rating: number | null, at: string): void {
      s.checkPlan.run(done, rating, at, id, personId);
    },
    forgetPerson(personId: number): void {
      forget(personId);
    },
    exportPerson(personId: number): Record<string, unknown> {
      return {
        thoughtRecords: this.thoughtRecords(personId, 1_000_000),
        skillUses: db.prepare(`SELECT skill, how, at FROM skill_uses WHERE person_id = ? ORDER BY at`).all(personId),
        skillOffers: db.prepare(`SELECT skill, at, answer, answered_at AS answeredAt FROM skill_offers WHERE person_id = ? ORDER BY at`).all(personId),
        activationPlans: this.plans(personId, 1_000_000),
      };
    },
  };
}

export type SkillsRepo = ReturnType<typeof createSkillsRepo>;
