import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScript } from '../fakes/run-cli.js';

describe('afterglow chat --script (a real child process)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'afterglow-script-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN a script WHEN a patient onboards and is in crisis THEN JSON lines go to the patient and to #clinicians, and it exits 0', async () => {
    const script = [
      { from: 'alice', text: 'hi' },
      { from: 'alice', choice: 'onb:consent:yes' },
      { from: 'alice', choice: 'onb:tz:keep' },
      { from: 'alice', choice: 'onb:time:none' },
      { from: 'alice', text: 'I want to kill myself' },
      { from: 'dr_lee', role: 'clinician', text: 'ack 1' },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const run = await runScript(`${script}\n`, { AFTERGLOW_DB: join(dir, 'a.db') });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const first = run.lines[1]!;
    expect(first.to).toBe('alice');
    expect(first.choices).toEqual([
      { id: 'onb:consent:yes', label: expect.any(String) },
      { id: 'onb:consent:no', label: expect.any(String) },
    ]);
    expect(String(first.at)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$/);
    const alert = run.lines.find((l) => l.to === '#clinicians');
    expect(alert?.text).toMatch(/case #1/);
    expect(run.lines.some((l) => l.to === 'alice' && /988/.test(String(l.text)) && /care team/.test(String(l.text)))).toBe(true);
    expect(run.lines.some((l) => l.to === '#clinicians' && /Acknowledged by dr_lee/.test(String(l.text)))).toBe(true);
  });

  it('GIVEN a script with a broken line WHEN it runs THEN stderr names the line and the rest still runs', async () => {
    const input = ['{"from":"bob","text":"help"}', '{not json', '{"from":"bob"}', '{"from":"bob","text":"journal list"}'].join('\n');
    const run = await runScript(`${input}\n`, { AFTERGLOW_DB: join(dir, 'b.db') });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^line 2: not valid JSON/m);
    expect(run.stderr).toMatch(/^line 3: .*"text", "choice" or "at"/m);
    expect(run.lines.filter((l) => l.to === 'bob').length).toBeGreaterThanOrEqual(2);
  });

  it('GIVEN an invalid setting WHEN the bot starts THEN one line names the variable and it exits non-zero', async () => {
    const run = await runScript('', { AFTERGLOW_DB: join(dir, 'c.db'), AFTERGLOW_ESCALATION_MINUTES: 'soon' }, ['chat', '--script']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/AFTERGLOW_ESCALATION_MINUTES/);
  });

  it('GIVEN a database path that cannot be created WHEN the bot starts THEN it says so in one line', async () => {
    // A regular file where a folder should be: no user (root included) can create the database there.
    writeFileSync(join(dir, 'not-a-dir'), 'x');
    const run = await runScript('', { AFTERGLOW_DB: join(dir, 'not-a-dir', 'nope.db') });
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/store_open_failed: cannot open database .*not-a-dir\/nope.db/);
  });
});
