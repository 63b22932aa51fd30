// The console cannot show a picture: in script mode each line says an image
// was attached (filename, alt text, size), so a script can check it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from '../fakes/run-cli.js';

describe('charts in the console', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afterglow-console-chart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN a patient who checked in WHEN they type "my trends" THEN the reply carries the sparkline and names the attached PNG', async () => {
    const script = [
      { from: 'alice', text: 'hi' },
      { from: 'alice', choice: 'onb:consent:yes' },
      { from: 'alice', choice: 'onb:tz:keep' },
      { from: 'alice', choice: 'onb:time:none' },
      { from: 'alice', text: 'checkin' },
      { from: 'alice', choice: 'checkin:mood:6' },
      { from: 'alice', choice: 'checkin:anxiety:3' },
      { from: 'alice', choice: 'checkin:sleep:4' },
      { from: 'alice', choice: 'checkin:note:skip' },
      { from: 'alice', text: 'my trends' },
    ];
    const r = await runScript(`${script.map((l) => JSON.stringify(l)).join('\n')}\n`, { AFTERGLOW_DB: join(dir, 'c.db') });
    expect(r.stderr).toBe('');
    const last = r.lines.at(-1)!;
    expect(last.text).toMatch(/Mood: \S \(6\)/);
    expect(last.image).toMatchObject({ filename: 'chart.png', alt: expect.stringMatching(/sessions marked/) });
    expect((last.image as { bytes: number }).bytes).toBeGreaterThan(5_000);
  });
});
