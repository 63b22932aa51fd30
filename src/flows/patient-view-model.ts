// The patient view's words, assembled from facts the caller read from the
// store: pure, so the chat command, the CLI and the tests show the same view.
import { DateTime } from 'luxon';
import type { Case, CaseNote } from '../store/cases-repo.js';
import type { Assignment, CarePlan, InstrumentResult, SessionRow } from '../store/care-repo.js';
import type { Person } from '../store/people-repo.js';
import { sparkline } from '../charts/chart-data.js';

export interface PatientFacts {
  person: Person;
  identities: string[];
  sessions: SessionRow[];
  checkins: { at: string; mood: number | null; anxiety: number | null; sleep: number | null }[];
  results: InstrumentResult[];
  cases: (Case & { notes: CaseNote[] })[];
  plan: CarePlan | undefined;
  assignments: (Assignment & { status: string })[];
  /** Person id → handle, for "who did what". */
  names: Map<number, string>;
  /** Side-effect item id → short label. */
  sideEffectLabels: Map<string, string>;
  minimalData: boolean;
}

const QUESTIONNAIRES = ['phq9', 'gad7'];

export function patientViewText(f: PatientFacts, now: Date): string {
  const zone = f.person.timezone;
  const when = (iso: string | null) => (iso ? DateTime.fromISO(iso, { zone }).toFormat('ccc d LLL yyyy HH:mm') : '–');
  const who = (id: number | null) => (id === null ? 'someone' : (f.names.get(id) ?? `#${id}`));
  const out: string[] = [];
  out.push(`Patient ${f.person.handle} (#${f.person.id}; ${f.identities.join(', ') || 'no platform identity'})`);
  out.push(
    `Consent: ${f.person.consent ?? 'not asked yet'}${f.person.consent ? ` (${when(f.person.onboardedAt)})` : ''} · region ${f.person.region} · time zone ${zone} · language ${f.person.locale}${f.person.optedOutAt ? ' · opted out of messages' : ''}${f.person.pausedUntil && f.person.pausedUntil > now.toISOString() ? ` · paused until ${when(f.person.pausedUntil)}` : ''}`,
  );

  out.push('', `Sessions (${f.sessions.length}):`);
  if (!f.sessions.length) out.push('  none recorded');
  const ordered = [...f.sessions].sort((a, b) => a.at.localeCompare(b.at));
  for (const [i, s] of ordered.entries()) {
    const next = ordered[i + 1]?.at ?? '9999';
    const se = f.results.filter((r) => r.instrument === 'side_effects' && r.at >= s.at && r.at < next);
    out.push(`  ${when(s.at)} · sequence ${s.sequenceId} · recorded by ${who(s.recordedBy)}`);
    for (const r of se) {
      const reported = Object.entries(r.answers).filter(([, v]) => v > 0);
      const hours = Math.round((Date.parse(r.at) - Date.parse(s.at)) / 3_600_000);
      out.push(`    side effects ${hours} h after: ${reported.map(([k, v]) => `${f.sideEffectLabels.get(k) ?? k} ${v}`).join(', ') || 'none reported'}`);
    }
  }

  const vals = (pick: (c: PatientFacts['checkins'][number]) => number | null) => f.checkins.map(pick).filter((v): v is number => v !== null);
  out.push('', `Check-ins (${f.checkins.length} in the last 60 days; mood and anxiety 0–10, sleep 1–5):`);
  for (const [label, max, pick] of [
    ['mood', 10, (c: PatientFacts['checkins'][number]) => c.mood],
    ['anxiety', 10, (c: PatientFacts['checkins'][number]) => c.anxiety],
    ['sleep', 5, (c: PatientFacts['checkins'][number]) => c.sleep],
  ] as const) {
    const v = vals(pick);
    out.push(v.length ? `  ${label.padEnd(8)} ${sparkline(v.slice(-20), max)} latest ${v.at(-1)}, ${trend(v, max)}` : `  ${label.padEnd(8)} no answers`);
  }

  out.push('', 'Questionnaires:');
  for (const id of QUESTIONNAIRES) {
    const rs = f.results.filter((r) => r.instrument === id).sort((a, b) => a.at.localeCompare(b.at));
    const last = rs.at(-1);
    const name = id === 'phq9' ? 'PHQ-9' : 'GAD-7';
    if (!last) {
      out.push(`  ${name}: none yet`);
      continue;
    }
    const prev = rs.at(-2);
    const change = prev ? `, ${last.score - prev.score >= 0 ? '+' : ''}${last.score - prev.score} since ${when(prev.at)} (${prev.band ?? '–'})` : '';
    out.push(`  ${name}: ${last.score} ${last.band ?? ''} on ${when(last.at)}${change}; history ${rs.map((r) => r.score).join(' → ')}`);
  }

  const open = f.cases.filter((c) => c.status !== 'resolved');
  const past = f.cases.filter((c) => c.status === 'resolved');
  out.push('', `Cases: ${open.length} open, ${past.length} resolved`);
  for (const c of [...open, ...past.slice(0, 5)]) {
    out.push(`  #${c.id} ${c.severity} ${c.category} · ${c.status} · opened ${when(c.createdAt)}`);
    if (c.acknowledgedAt) out.push(`    acknowledged ${when(c.acknowledgedAt)} by ${who(c.acknowledgedBy)}`);
    for (const n of c.notes) out.push(`    note ${when(n.at)} by ${who(n.authorPersonId)}${f.minimalData ? ' (text withheld: minimal-data mode)' : `: ${n.text}`}`);
    if (c.resolvedAt) out.push(`    resolved ${when(c.resolvedAt)} by ${who(c.resolvedBy)}${f.minimalData || !c.resolutionNote ? '' : `: ${c.resolutionNote}`}`);
  }

  out.push('', ...planLines(f.plan, f.assignments, f.person.checkinTime ? `${f.person.checkinDays} at ${f.person.checkinTime}` : 'none (no check-in time set)', when, who));
  return out.join('\n');
}

/** The plan as the care team sees it (the patient's own `my plan` has its own words). */
export function planLines(
  plan: CarePlan | undefined,
  assignments: (Assignment & { status: string })[],
  checkins: string,
  when: (iso: string | null) => string,
  who: (id: number | null) => string,
): string[] {
  const q = Object.entries(plan?.questionnaires ?? {});
  return [
    `Plan${plan ? ` (changed ${when(plan.updatedAt)} by ${who(plan.updatedBy)})` : ' (defaults)'}:`,
    `  sequence after each session: ${plan?.sequenceId ?? 'default'}`,
    `  check-ins: ${checkins}`,
    `  questionnaires: ${q.length ? q.map(([id, d]) => `${id} every ${d} days`).join(', ') : 'as the sequence has them'}`,
    `  note to the patient: ${plan?.note ?? 'none'}`,
    ...(assignments.length
      ? assignments.map((a) => `  assigned ${a.kind} ${a.ref} due ${when(a.dueAt)} by ${who(a.assignedBy)} (${a.status})`)
      : ['  nothing extra assigned']),
  ];
}

/** Rising or falling by more than about a tenth of the scale between the first and second half. */
function trend(v: number[], max: number): string {
  if (v.length < 4) return 'too few to call a trend';
  const half = Math.floor(v.length / 2);
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
  const d = mean(v.slice(half)) - mean(v.slice(0, half));
  return Math.abs(d) < max * 0.075 ? 'steady' : d > 0 ? `rising (+${d.toFixed(1)})` : `falling (${d.toFixed(1)})`;
}
