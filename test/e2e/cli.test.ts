import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runScript } from '../fakes/run-cli.js';

function run(args: string[], env: Record<string, string>, input = ''): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

describe('the afterglow command', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'afterglow-cli-'));
    env = { AFTERGLOW_DB: join(dir, 'cli.db') };
    // One crisis, acknowledged and resolved, so the reports have something to say.
    const script = [
      { from: 'alice', text: 'hi' },
      { from: 'alice', text: 'I am going to kill myself' },
      { from: 'bob', text: 'i want to die' },
      { from: 'dr_lee', role: 'clinician', text: 'ack 1' },
      { from: 'dr_lee', role: 'clinician', text: 'resolve 1 spoke with her' },
      { from: 'dr_lee', role: 'clinician', text: 'false alarm 1' },
      { from: 'dr_lee', role: 'clinician', text: 'wrong category 2 distress' },
      { from: 'dr_lee', role: 'clinician', text: 'missed #2 sunday. i picked sunday' },
    ];
    await runScript(`${script.map((l) => JSON.stringify(l)).join('\n')}\n`, env);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN open and resolved cases WHEN a clinic runs cases and report alerts THEN it sees ages, counts and response times', async () => {
    const cases = await run(['cases'], env);
    expect(cases.code).toBe(0);
    expect(cases.out).toMatch(/#2\s+\w+\s+suicidal_ideation\s+bob\s+open/);
    expect(cases.out).not.toMatch(/#1 /);
    const report = await run(['report', 'alerts'], env);
    expect(report.code).toBe(0);
    expect(report.out).toMatch(/Cases: 2 \(open 1, acknowledged 0, resolved 1\)/);
    expect(report.out).toMatch(/Crisis replies with referral resources delivered to patients: 2/);
    expect(report.out).toMatch(/acknowledge\s+1\s+/);
    expect(report.out).toMatch(/resolve\s+1\s+/);
  });

  it('GIVEN clinicians gave feedback WHEN screener feedback runs THEN one line per item, or one JSON object per item with --json; minimal-data mode withholds the words', async () => {
    const list = await run(['screener', 'feedback'], env);
    expect(list.code).toBe(0);
    const lines = list.out.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^#1 · \d{4}-\d{2}-\d{2} \d{2}:\d{2} · false_alarm · case #1 · \w+ \w+ · rules \S+ · lexicon \S+ · by dr_lee · patient alice · why: rule \S+ .* · words: "I am going to kill myself"$/);
    expect(lines[1]).toMatch(/^#2 · .* · wrong_category · case #2 · .* · → distress · .* · by dr_lee · patient bob/);
    expect(lines[2]).toMatch(/^#3 · .* · missed · lexicon \S+ · by dr_lee · patient bob · words: "sunday\. i picked sunday"$/);
    const json = await run(['screener', 'feedback', '--json'], env);
    expect(json.code).toBe(0);
    const items = json.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(items.map((i) => i.label)).toEqual(['false_alarm', 'wrong_category', 'missed']);
    expect(items[1]).toMatchObject({ caseId: 2, correctCategory: 'distress', clinician: 'dr_lee', patient: 'bob' });
    const minimal = await run(['screener', 'feedback'], { ...env, AFTERGLOW_MINIMAL_DATA: 'true' });
    expect(minimal.out).not.toMatch(/words:|kill myself|sunday/);
    const report = await run(['report', 'alerts'], env);
    expect(report.out).toMatch(/\d{4}-\d{2}-\d{2}\s+2\s+1\s+50%\s+1\s+1/);
  });

  it('GIVEN messages on stdin WHEN screened THEN one JSON line each says whether clinicians would be alerted', async () => {
    const r = await run(['screen'], env, 'i want to kill myself\nthis traffic is killing me\nwent into a k-hole, total ego death\n');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { alert: boolean; category: string | null; severity: string | null; matches: unknown[] });
    expect(lines.map((l) => l.alert)).toEqual([true, false, false]);
    expect(lines[0]).toMatchObject({ category: expect.any(String), severity: expect.any(String) });
    expect(lines[0]!.matches.length).toBeGreaterThan(0);
  });

  it('GIVEN secrets in the environment WHEN config --check prints THEN they are masked', async () => {
    const token = 'xoxb-111-222-abcdefabcdef';
    const r = await run(['config', '--check'], { ...env, SLACK_BOT_TOKEN: token, SLACK_APP_TOKEN: 'xapp-1-abcdefghijk', SLACK_CLINICIAN_CHANNEL: 'C1' });
    expect(r.code).toBe(0);
    expect(r.out).not.toContain(token);
    expect(r.out).toMatch(/SLACK_BOT_TOKEN=xoxb-…\*{4}ef/);
    expect(r.out).toMatch(/Configuration is valid/);
  });

  it('GIVEN a mistyped database path WHEN cases runs THEN it says the database is not there instead of reporting nothing open', async () => {
    const r = await run(['cases'], { AFTERGLOW_DB: join(dir, 'typo.db') });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/store_open_failed: cannot open database .*typo\.db/);
  });

  it('GIVEN an unknown command WHEN run THEN it says so with the usage and exits 64', async () => {
    const r = await run(['frobnicate'], env);
    expect(r.code).toBe(64);
    expect(r.err).toMatch(/unknown command "frobnicate"/);
    expect(r.err).toMatch(/Usage: afterglow/);
  });

  it('GIVEN the content library WHEN listed and previewed THEN items show as a patient would see them', async () => {
    const list = await run(['content', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/box/i);
    const preview = await run(['content', 'preview', 'box'], env);
    expect(preview.code).toBe(0);
    expect(preview.out.length).toBeGreaterThan(100);
  });
});
