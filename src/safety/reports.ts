import { DateTime } from 'luxon';
import { PAGE_ACTIONS } from './alert-queue.js';
import { FEEDBACK_WEEK_HEADER, feedbackByWeek } from './feedback-report.js';
import { severityRank } from './severity.js';
import type { Case } from '../store/cases-repo.js';
import type { Store } from '../store/store.js';

function minutesBetween(a: string, b: string): number {
  return (new Date(b).getTime() - new Date(a).getTime()) / 60_000;
}

/** Nearest-rank percentile; undefined for no data. */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((x, y) => x - y);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

function fmtMinutes(m: number | undefined): string {
  if (m === undefined) return '–';
  if (m < 60) return `${m.toFixed(1)} min`;
  return `${(m / 60).toFixed(1)} h`;
}

function age(c: Case, now: Date): string {
  const m = (now.getTime() - new Date(c.createdAt).getTime()) / 60_000;
  return fmtMinutes(m);
}

/** Posts to staff channels and direct pages to the person on call, from the audit log (which outlives the outbox). */
function pagesFor(store: Store, caseId: number): number {
  return store.audit.forSubject('case', caseId).filter((e) => (PAGE_ACTIONS as readonly string[]).includes(e.action)).length;
}

/** Open cases with their ages, most urgent first, and why each was opened: `afterglow cases` and the clinicians' `cases` command. */
export function casesReport(store: Store, now: Date): string {
  const open = store.cases.open();
  if (open.length === 0) return 'No open cases.';
  open.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.id - b.id);
  const rows = open.map((c) => {
    const who = store.people.get(c.personId)?.handle ?? `person ${c.personId}`;
    return [`#${c.id}`, c.severity, c.category, who, c.status, age(c, now), String(c.escalationLevel), String(pagesFor(store, c.id))];
  });
  const why = open.filter((c) => c.why).map((c) => `#${c.id} why: ${c.why}`);
  return [table(['case', 'severity', 'category', 'patient', 'status', 'age', 'reminders', 'pages'], rows), ...(why.length ? ['', ...why] : [])].join('\n');
}

/** Time to acknowledge by the hour of day (clinic zone) the case opened: where nights and lunch breaks show. */
function ackByHour(all: Case[], timezone: string): string {
  const byHour = new Map<number, { n: number; ack: number[] }>();
  for (const c of all) {
    const hour = DateTime.fromISO(c.createdAt, { zone: timezone }).hour;
    const b = byHour.get(hour) ?? { n: 0, ack: [] };
    b.n++;
    if (c.acknowledgedAt) b.ack.push(minutesBetween(c.createdAt, c.acknowledgedAt));
    byHour.set(hour, b);
  }
  const rows = [...byHour.entries()]
    .sort(([a], [b]) => a - b)
    .map(([hour, b]) => [`${String(hour).padStart(2, '0')}:00`, String(b.n), String(b.ack.length), fmtMinutes(percentile(b.ack, 50)), fmtMinutes(percentile(b.ack, 90))]);
  return [`Time to acknowledge by hour opened (${timezone}):`, table(['hour', 'cases', 'acknowledged', 'median', '90th percentile'], rows)].join('\n');
}

/** `afterglow report alerts`: counts, pages and response times, for the clinic's own review. */
export function alertsReport(store: Store, timezone = 'UTC'): string {
  const all = store.cases.all();
  const counts = new Map<string, number>();
  for (const c of all) counts.set(`${c.category}\t${c.severity}`, (counts.get(`${c.category}\t${c.severity}`) ?? 0) + 1);
  const countRows = [...counts.entries()].sort().map(([k, n]) => [...k.split('\t'), String(n)]);
  const ack = all.filter((c) => c.acknowledgedAt).map((c) => minutesBetween(c.createdAt, c.acknowledgedAt!));
  const res = all.filter((c) => c.resolvedAt).map((c) => minutesBetween(c.createdAt, c.resolvedAt!));
  // The latest 50 cases: enough to see a runaway, short enough to read.
  const pageRows = all.slice(-50).map((c) => [
    `#${c.id}`,
    c.severity,
    c.category,
    c.status,
    String(pagesFor(store, c.id)),
    c.acknowledgedAt ? fmtMinutes(minutesBetween(c.createdAt, c.acknowledgedAt)) : '–',
  ]);
  return [
    `Cases: ${all.length} (open ${all.filter((c) => c.status === 'open').length}, acknowledged ${all.filter((c) => c.status === 'acknowledged').length}, resolved ${all.filter((c) => c.status === 'resolved').length})`,
    `Crisis replies with referral resources delivered to patients: ${store.audit.count('crisis_reply.delivered')}`,
    '',
    countRows.length ? table(['category', 'severity', 'cases'], countRows) : 'No alerts yet.',
    '',
    table(
      ['time to', 'n', 'median', '90th percentile'],
      [
        ['acknowledge', String(ack.length), fmtMinutes(percentile(ack, 50)), fmtMinutes(percentile(ack, 90))],
        ['resolve', String(res.length), fmtMinutes(percentile(res, 50)), fmtMinutes(percentile(res, 90))],
      ],
    ),
    ...(all.length
      ? ['', 'Pages sent per case (posts to staff channels and direct pages to the person on call):', table(['case', 'severity', 'category', 'status', 'pages', 'acknowledged after'], pageRows), '', ackByHour(all, timezone)]
      : []),
    '',
    ...screenerFeedback(store, timezone),
  ].join('\n');
}

/** Clinicians' verdicts by week: a false-alarm rate that climbs is a care team being drowned. */
function screenerFeedback(store: Store, timezone: string): string[] {
  const rows = feedbackByWeek(store, timezone);
  if (!rows.some((r) => r[2] !== '0' || r[4] !== '0' || r[5] !== '0')) return ['Screener feedback from clinicians: none yet (false alarm <case>, wrong category <case> <category>, missed <text>).'];
  return [
    `Screener feedback from clinicians by week (${timezone}; false alarms and wrong category counted in the week the case opened):`,
    table(FEEDBACK_WEEK_HEADER, rows),
  ];
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
