// What a trend chart shows, as plain data: the PNG renderer and the text
// sparkline draw the same thing. Built from store rows by the patient view.

export interface Band {
  min: number;
  max: number;
  label: string;
  flag?: boolean;
}

export interface Series {
  id: string;
  label: string;
  points: { at: string; value: number }[];
}

export interface Panel {
  title: string;
  /** The scale's top (0 is the bottom): 10 for check-ins, 27 for PHQ-9. */
  max: number;
  series: Series[];
  /** Shaded horizontal bands (questionnaire severity), lowest first. */
  bands?: Band[];
}

export interface ChartData {
  title: string;
  from: string;
  to: string;
  timezone: string;
  panels: Panel[];
  /** The span in words, in the patient's zone ("27 Oct – 8 Dec 2026"). */
  rangeLabel: string;
  /** Date labels along the time axis, in the patient's zone. */
  ticks: { at: string; label: string }[];
  /** Dosing sessions, drawn as vertical markers across every panel. */
  sessions: string[];
  sessionLabel: string;
  /** Shown instead of lines when a panel has no points. */
  emptyLabel: string;
}

const BARS = '▁▂▃▄▅▆▇█';

/** One series as a line of eight-level bars, scaled to its panel's range. */
export function sparkline(values: number[], max: number): string {
  return values.map((v) => BARS[Math.min(7, Math.max(0, Math.round((v / max) * 7)))]).join('');
}

/** The chart as text, for places without images (console, minimal clients). */
export function chartText(chart: ChartData): string {
  const lines: string[] = [];
  for (const panel of chart.panels) {
    for (const s of panel.series) {
      const values = s.points.map((p) => p.value);
      lines.push(values.length ? `${s.label}: ${sparkline(values, panel.max)} (${values.slice(-8).join(', ')})` : `${s.label}: ${chart.emptyLabel}`);
    }
  }
  return lines.join('\n');
}

/** True when there is nothing to draw at all. */
export function isEmpty(chart: ChartData): boolean {
  return chart.panels.every((p) => p.series.every((s) => s.points.length === 0));
}
