// Trend charts: what loading the canvas library costs (it is loaded only on
// the chart path), how long one chart takes to draw and how big it is, and
// `afterglow chart --out` as a whole process against `config --check`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../src/content/load-content.js';
import { PROMPTS_DIR } from '../src/paths.js';
import { chartFor } from '../src/flows/patient-view.js';
import { createStore } from '../src/store/store.js';
import { seedCare } from '../test/fixtures/care-seed.js';
import { printTable } from './table.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'afterglow.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (b: number) => (b / 1048576).toFixed(1);

function timed(args: string[], env: NodeJS.ProcessEnv): { wall: number; rssMb: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], { env, cwd: ROOT, encoding: 'utf8' });
  const [wall, kb] = (r.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr.slice(-400)}`);
  return { wall: wall!, rssMb: kb! / 1024 };
}

export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'afterglow-bench-charts-'));
  const db = join(dir, 'care.db');
  const store = createStore(db);
  seedCare(store, 'maria', new Date());
  const content = loadContent({ dirs: [PROMPTS_DIR] });
  const person = store.people.findByHandle('maria')[0]!;
  const chart = chartFor(store, content, person, new Date(), (k) => content.text(k, 'en'));

  globalThis.gc?.();
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const { renderChartPng } = await import('../src/charts/render-png.js');
  const first = await renderChartPng(chart);
  const loadAndFirst = performance.now() - t0;
  const rss1 = process.memoryUsage().rss;
  const times: number[] = [];
  let bytes = first.byteLength;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    bytes = (await renderChartPng(chart)).byteLength;
    times.push(performance.now() - t);
  }
  globalThis.gc?.();
  const rss2 = process.memoryUsage().rss;
  store.close();

  const env = { PATH: process.env.PATH ?? '', AFTERGLOW_DB: db };
  const base: { wall: number; rssMb: number }[] = [];
  const cmd: { wall: number; rssMb: number }[] = [];
  const view: { wall: number; rssMb: number }[] = [];
  for (let i = 0; i < Math.min(RUNS, 5); i++) {
    base.push(timed([BIN, 'config', '--check'], env));
    view.push(timed([BIN, 'patient', 'maria'], env));
    cmd.push(timed([BIN, 'chart', 'maria', '--out', join(dir, 'c.png')], env));
  }
  rmSync(dir, { recursive: true, force: true });

  printTable('Trend charts (@napi-rs/canvas, 6 weeks of data, 900×~700 px)', [
    ['what', 'figure'],
    ['import + first chart', `${loadAndFirst.toFixed(0)} ms`],
    ['RSS added by the import + first chart', `${mb(rss1 - rss0)} MB`],
    [`one chart, median of ${RUNS}`, `${median(times).toFixed(1)} ms`],
    ['RSS after the runs vs before import', `+${mb(rss2 - rss0)} MB`],
    ['PNG size', `${(bytes / 1024).toFixed(0)} KiB (base64 in the outbox: ${((bytes * 4) / 3 / 1024).toFixed(0)} KiB)`],
    ['`chart --out` process: wall / peak RSS', `${median(cmd.map((c) => c.wall)).toFixed(2)} s / ${median(cmd.map((c) => c.rssMb)).toFixed(0)} MB`],
    ['`patient maria` (same reads, no canvas): wall / peak RSS', `${median(view.map((c) => c.wall)).toFixed(2)} s / ${median(view.map((c) => c.rssMb)).toFixed(0)} MB`],
    ['`config --check` (no chart): wall / peak RSS', `${median(base.map((c) => c.wall)).toFixed(2)} s / ${median(base.map((c) => c.rssMb)).toFixed(0)} MB`],
  ]);
}
