// Builds the trend chart's data from a patient's rows: check-ins on a 0–10
// scale, PHQ-9 and GAD-7 totals over their severity bands, sessions marked.
import { DateTime } from 'luxon';
import type { Band, ChartData, Panel } from './chart-data.js';

export interface TrendInput {
  from: Date;
  to: Date;
  timezone: string;
  checkins: { at: string; mood: number | null; anxiety: number | null; sleep: number | null }[];
  results: { instrument: string; at: string; score: number }[];
  sessions: string[];
  /** Questionnaires to draw: id, title, scale top, bands (from prompts/instruments). */
  instruments: { id: string; title: string; max: number; bands: Band[] }[];
  labels: { title: string; checkins: string; mood: string; anxiety: string; sleep: string; sleepPanel: string; sessions: string; empty: string };
}

export function trendChart(input: TrendInput): ChartData {
  const windowFrom = input.from.toISOString();
  const to = input.to.toISOString();
  // Start a day before the first thing in the window, so weeks of nothing do not squeeze the lines.
  const first = [...input.checkins.map((c) => c.at), ...input.results.map((r) => r.at), ...input.sessions]
    .filter((at) => at >= windowFrom && at <= to)
    .sort()[0];
  const from = first ? new Date(Math.max(input.from.getTime(), Date.parse(first) - 86_400_000)).toISOString() : windowFrom;
  const inRange = (at: string) => at >= from && at <= to;
  const checkins = input.checkins.filter((c) => inRange(c.at));
  const line = (pick: (c: TrendInput['checkins'][number]) => number | null) =>
    checkins.flatMap((c) => (pick(c) === null ? [] : [{ at: c.at, value: pick(c)! }]));
  const panels: Panel[] = [
    {
      title: input.labels.checkins,
      max: 10,
      series: [
        { id: 'mood', label: input.labels.mood, points: line((c) => c.mood) },
        { id: 'anxiety', label: input.labels.anxiety, points: line((c) => c.anxiety) },
      ],
    },
    // Sleep is asked on 1–5, not 0–10: its own panel, so 5 ("very well") never reads as the middle.
    { title: input.labels.sleepPanel, max: 5, series: [{ id: 'sleep', label: input.labels.sleep, points: line((c) => c.sleep) }] },
    ...input.instruments.map((ins) => ({
      title: ins.title,
      max: ins.max,
      bands: ins.bands,
      series: [
        {
          id: ins.id,
          label: ins.title,
          points: input.results
            .filter((r) => r.instrument === ins.id && inRange(r.at))
            .sort((a, b) => a.at.localeCompare(b.at))
            .map((r) => ({ at: r.at, value: r.score })),
        },
      ],
    })),
  ];
  return {
    title: input.labels.title,
    from,
    to,
    timezone: input.timezone,
    panels,
    rangeLabel: `${DateTime.fromISO(from, { zone: input.timezone }).toFormat('d LLL')} – ${DateTime.fromISO(to, { zone: input.timezone }).toFormat('d LLL yyyy')}`,
    ticks: ticks(from, to, input.timezone),
    sessions: input.sessions.filter(inRange),
    sessionLabel: input.labels.sessions,
    emptyLabel: input.labels.empty,
  };
}

/** Midnights in the patient's zone, every day, week or fortnight depending on the span (at most ~8 labels). */
function ticks(from: string, to: string, zone: string): { at: string; label: string }[] {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  const step = days <= 10 ? 1 : days <= 70 ? 7 : 14;
  const out: { at: string; label: string }[] = [];
  let t = DateTime.fromISO(from, { zone }).startOf('day').plus({ days: 1 });
  const end = DateTime.fromISO(to, { zone });
  while (t <= end && out.length < 12) {
    out.push({ at: t.toUTC().toISO()!, label: t.toFormat('d LLL') });
    t = t.plus({ days: step });
  }
  return out;
}
