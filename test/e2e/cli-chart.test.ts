import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/store.js';
import { BIN } from '../fakes/run-cli.js';
import { seedCare } from '../fixtures/care-seed.js';

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('afterglow patient and chart', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'afterglow-chart-'));
    env = { AFTERGLOW_DB: join(dir, 'care.db') };
    const store = createStore(env.AFTERGLOW_DB!);
    seedCare(store, 'maria', new Date());
    store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN six weeks of care WHEN `chart maria --out file.png` runs THEN a PNG is written and the command says where', async () => {
    const file = join(dir, 'maria.png');
    const r = await run(['chart', 'maria', '--out', file], env);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Wrote .*maria\.png \(\d+ bytes, PNG\) for maria\.\n$/);
    const png = readFileSync(file);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });

  it('GIVEN six weeks of care WHEN `patient maria` runs THEN the view shows sessions, side effects, questionnaire history and sparklines', async () => {
    const r = await run(['patient', 'maria'], env);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Sessions \(2\):/);
    expect(r.out).toMatch(/side effects 26 h after: nausea 2, dizziness 1/);
    expect(r.out).toMatch(/PHQ-9: 4 minimal .* history 17 → 13 → 10 → 8 → 7 → 4/);
    expect(r.out).toMatch(/Mood: [▁▂▃▄▅▆▇█]+ \(/);
  });

  it('GIVEN no such person WHEN `chart nobody` runs THEN it says so in one line and exits non-zero', async () => {
    const r = await run(['chart', 'nobody', '--out', join(dir, 'x.png')], env);
    expect(r.code).toBe(2);
    expect(r.err).toBe('afterglow: not_found: no person "nobody" (use #id, platform:userId or a handle)\n');
  });
});
