import { severityRank } from './escalation.js';
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

/** Open cases with their ages, most urgent first: `afterglow cases` and the clinicians' `cases` command. */
export function casesReport(store: Store, now: Date): string {
  const open = store.cases.open();
  if (open.length === 0) return 'No open cases.';
  open.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.id - b.id);
  const rows = open.map((c) => {
    const who = store.people.get(c.personId)?.handle ?? `person ${c.personId}`;
    return [`#${c.id}`, c.severity, c.category, who, c.status, age(c, now), String(c.escalationLevel)];
  });
  return table(['case', 'severity', 'category', 'patient', 'status', 'age', 'reminders'], rows);
}

/** `afterglow report alerts`: counts and response times, for the clinic's own review. */
export function alertsReport(store: Store): string {
  const all = store.cases.all();
  const counts = new Map<string, number>();
  for (const c of all) counts.set(`${c.category}\t${c.severity}`, (counts.get(`${c.category}\t${c.severity}`) ?? 0) + 1);
  const countRows = [...counts.entries()].sort().map(([k, n]) => [...k.split('\t'), String(n)]);
  const ack = all.filter((c) => c.acknowledgedAt).map((c) => minutesBetween(c.createdAt, c.acknowledgedAt!));
  const res = all.filter((c) => c.resolvedAt).map((c) => minutesBetween(c.createdAt, c.resolvedAt!));
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
  ].join('\n');
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
