import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartText, isEmpty, sparkline } from '../../../src/charts/chart-data.js';
import { renderChartPng } from '../../../src/charts/render-png.js';
import { trendChart, type TrendInput } from '../../../src/charts/trend-chart.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const labels: TrendInput['labels'] = { title: 'T', checkins: 'C', mood: 'Mood', anxiety: 'Anxiety', sleep: 'Sleep', sleepPanel: 'S', sessions: 's', empty: 'none' };
const base = (over: Partial<TrendInput> = {}): TrendInput => ({
  from: new Date('2026-10-01T00:00:00Z'),
  to: new Date('2026-11-30T00:00:00Z'),
  timezone: 'Europe/Madrid',
  checkins: [],
  results: [],
  sessions: [],
  instruments: [{ id: 'phq9', title: 'PHQ-9', max: 27, bands: [{ min: 0, max: 4, label: 'minimal' }] }],
  labels,
  ...over,
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
}

describe('trend charts', () => {
  it('GIVEN the source WHEN anything imports the canvas library THEN only the renderer does, and only by a dynamic import elsewhere', () => {
    const all = [...files(join(ROOT, 'src')), ...files(join(ROOT, 'adapters'))].map((f) => ({ f: relative(ROOT, f), text: readFileSync(f, 'utf8') }));
    expect(all.filter((x) => x.text.includes("'@napi-rs/canvas'")).map((x) => x.f)).toEqual(['src/charts/render-png.ts']);
    expect(all.filter((x) => /^import [^(]*render-png/m.test(x.text)).map((x) => x.f)).toEqual([]);
  });

  it('GIVEN check-ins and a session outside the window WHEN the chart is built THEN only what is inside is drawn and the start moves up to a day before the first point', () => {
    const chart = trendChart(
      base({
        checkins: [
          { at: '2026-09-01T10:00:00Z', mood: 1, anxiety: 1, sleep: 1 },
          { at: '2026-11-10T10:00:00Z', mood: 6, anxiety: null, sleep: 4 },
        ],
        sessions: ['2026-09-02T10:00:00Z', '2026-11-09T10:00:00Z'],
      }),
    );
    expect(chart.from).toBe('2026-11-08T10:00:00.000Z');
    expect(chart.sessions).toEqual(['2026-11-09T10:00:00Z']);
    expect(chart.panels[0]!.series.map((s) => s.points.length)).toEqual([1, 0]);
    expect(chart.panels[1]).toMatchObject({ max: 5, series: [{ points: [{ value: 4 }] }] });
    expect(chart.ticks[0]!.label).toBe('9 Nov');
  });

  it('GIVEN values on their scales WHEN drawn as text THEN 5 of 5 is a full bar and 5 of 10 a middle one', () => {
    expect(sparkline([0, 5, 10], 10)).toBe('▁▅█');
    expect(sparkline([5], 5)).toBe('█');
    const chart = trendChart(base({ checkins: [{ at: '2026-11-10T10:00:00Z', mood: 5, anxiety: 5, sleep: 5 }] }));
    expect(chartText(chart)).toBe('Mood: ▅ (5)\nAnxiety: ▅ (5)\nSleep: █ (5)\nPHQ-9: none');
  });

  it('GIVEN no data WHEN the chart is built THEN it is empty, and drawing it still gives a valid PNG', async () => {
    const chart = trendChart(base());
    expect(isEmpty(chart)).toBe(true);
    const png = await renderChartPng(chart);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});
