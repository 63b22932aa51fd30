// `my data` in words a person can read: what is kept, how much of it, and
// the settings in force. The full JSON document follows as its own message
// (the file to save), so nothing in the summary hides what the export holds.
import type { Context } from '../core/context.js';

const count = (v: unknown): number => (Array.isArray(v) ? v.length : 0);

export function dataSummary(ctx: Context, doc: Record<string, unknown>): string {
  const p = ctx.person;
  const plan = doc.safetyPlan as { steps?: string[] } | null;
  const planSteps = plan?.steps?.filter((s) => s.trim()).length ?? 0;
  const vars = {
    checkins: count(doc.checkins),
    journal: count(doc.journal),
    plan: planSteps,
    cases: count(doc.cases),
    sessions: count(doc.sessions),
    questionnaires: count(doc.questionnaires),
    pending: count(doc.pendingMessages),
    zone: p.timezone,
    language: p.locale,
    checkin: p.checkinTime ?? '-',
    consent: p.consent ?? '-',
  };
  return ctx.t('data.summary', vars);
}
