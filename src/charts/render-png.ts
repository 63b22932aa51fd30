// The trend chart as a PNG, drawn in-process with @napi-rs/canvas (Skia,
// prebuilt binary from npm; no browser, no network). The library is loaded
// here on first use only, so no other command pays its ~200 ms and ~25 MB.
import { CodedError, errorMessage } from '../core/errors.js';
import type { ChartData, Panel } from './chart-data.js';

const W = 900;
const PANEL_H = 170;
const TOP = 84;
const LEFT = 64;
const RIGHT = 150;
const GAP = 44;
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea'];
// Severity bands, lowest first: green, yellow, orange, light red, red (faint, so the line stays the figure).
const BAND_FILL = ['#dcfce7', '#fef9c3', '#ffedd5', '#fecaca', '#fca5a5'];

type Canvas = typeof import('@napi-rs/canvas');
let loaded: Promise<Canvas> | undefined;

function canvasLib(): Promise<Canvas> {
  loaded ??= import('@napi-rs/canvas').catch((err: unknown) => {
    loaded = undefined;
    throw new CodedError('chart_unavailable', `the chart library could not be loaded: ${errorMessage(err)}`);
  });
  return loaded;
}

/** Draw the chart; resolves with PNG bytes. */
export async function renderChartPng(chart: ChartData): Promise<Uint8Array> {
  const { createCanvas } = await canvasLib();
  const H = TOP + chart.panels.length * (PANEL_H + GAP) + 10;
  const canvas = createCanvas(W, H);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, W, H);
  g.fillStyle = '#111827';
  g.font = 'bold 18px sans-serif';
  g.fillText(chart.title, LEFT, 26);
  g.font = '12px sans-serif';
  g.fillStyle = '#4b5563';
  g.fillText(`${chart.rangeLabel} · ${chart.timezone}`, LEFT, 46);

  const t0 = Date.parse(chart.from);
  const span = Math.max(1, Date.parse(chart.to) - t0);
  const plotW = W - LEFT - RIGHT;
  const x = (at: string) => LEFT + ((Date.parse(at) - t0) / span) * plotW;

  chart.panels.forEach((panel, i) => drawPanel(g, panel, TOP + i * (PANEL_H + GAP), x, plotW, chart.emptyLabel));
  // Dates under every panel, with a faint line up through it.
  g.font = '10px sans-serif';
  for (const tick of chart.ticks) {
    const tx = x(tick.at);
    chart.panels.forEach((_, i) => {
      const top = TOP + i * (PANEL_H + GAP);
      g.strokeStyle = 'rgba(107,114,128,0.25)';
      g.lineWidth = 1;
      g.beginPath();
      g.moveTo(tx, top);
      g.lineTo(tx, top + PANEL_H);
      g.stroke();
      g.fillStyle = '#6b7280';
      g.fillText(tick.label, tx - 14, top + PANEL_H + 13);
    });
  }

  // Sessions across every panel, dashed, with a label on top.
  g.strokeStyle = '#7c3aed';
  g.fillStyle = '#7c3aed';
  g.setLineDash([5, 4]);
  g.lineWidth = 1.5;
  for (const at of chart.sessions) {
    const sx = x(at);
    if (sx < LEFT || sx > LEFT + plotW) continue;
    g.beginPath();
    g.moveTo(sx, TOP - 16);
    g.lineTo(sx, H - 10 - GAP + 4);
    g.stroke();
    g.fillText('◆', sx - 4, TOP - 20);
  }
  g.setLineDash([]);
  g.font = '12px sans-serif';
  g.fillText(`◆ ┆ ${chart.sessionLabel}`, W - RIGHT + 12, 26);
  return canvas.toBuffer('image/png');
}

type Ctx2d = ReturnType<ReturnType<Canvas['createCanvas']>['getContext']>;

function drawPanel(g: Ctx2d, panel: Panel, top: number, x: (at: string) => number, plotW: number, emptyLabel: string): void {
  const y = (v: number) => top + PANEL_H - (v / panel.max) * PANEL_H;
  (panel.bands ?? []).forEach((b, i) => {
    g.fillStyle = BAND_FILL[Math.min(i, BAND_FILL.length - 1)]!;
    const y1 = y(Math.min(panel.max, b.max + 1));
    g.fillRect(LEFT, y1, plotW, y(b.min) - y1);
    g.fillStyle = '#6b7280';
    g.font = '10px sans-serif';
    g.fillText(b.label, LEFT + plotW + 6, y(b.min) - 3);
  });
  g.strokeStyle = '#9ca3af';
  g.lineWidth = 1;
  g.strokeRect(LEFT, top, plotW, PANEL_H);
  g.fillStyle = '#374151';
  g.font = 'bold 13px sans-serif';
  g.fillText(panel.title, LEFT, top - 8);
  g.font = '11px sans-serif';
  for (const v of [0, Math.round(panel.max / 2), panel.max]) g.fillText(String(v), LEFT - 24, y(v) + 4);

  let legendY = top + 14;
  panel.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    g.strokeStyle = color;
    g.fillStyle = color;
    g.lineWidth = 2.5;
    g.beginPath();
    s.points.forEach((p, j) => (j === 0 ? g.moveTo(x(p.at), y(p.value)) : g.lineTo(x(p.at), y(p.value))));
    g.stroke();
    for (const p of s.points) {
      g.beginPath();
      g.arc(x(p.at), y(p.value), 3.5, 0, Math.PI * 2);
      g.fill();
    }
    if (!panel.bands) {
      g.fillRect(LEFT + plotW + 8, legendY - 8, 10, 10);
      g.fillStyle = '#374151';
      g.font = '11px sans-serif';
      g.fillText(s.label, LEFT + plotW + 22, legendY + 1);
      legendY += 16;
    }
  });
  if (panel.series.every((s) => s.points.length === 0)) {
    g.fillStyle = '#9ca3af';
    g.font = '12px sans-serif';
    g.fillText(emptyLabel, LEFT + plotW / 2 - 40, top + PANEL_H / 2);
  }
}
