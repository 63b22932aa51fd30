import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runScreenCommand, type ScreenLineResult } from '../../../src/safety/screen-command.js';
import { combinedScreener } from './model-helpers.js';

async function run(lines: string[], options: { explain?: boolean; minimalData?: boolean } = {}): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (b: Buffer) => chunks.push(b));
  const code = await runScreenCommand(Readable.from(lines.map((l) => `${l}\n`)), out, combinedScreener(), options);
  expect(code).toBe(0);
  return Buffer.concat(chunks).toString('utf8');
}

describe('afterglow screen', () => {
  it('GIVEN three messages WHEN screened THEN one JSON line each with decision, alert, category, severity, matches, model scores and why', async () => {
    const out = (await run(['i want to kill myself', 'nobody would even notice if I was gone', 'thanks, see you thursday'])).trim().split('\n');
    expect(out).toHaveLength(3);
    const [a, b, c] = out.map((l) => JSON.parse(l) as ScreenLineResult);
    expect(a).toMatchObject({ line: 1, decision: 'alert', alert: true });
    expect(a!.matches.length).toBeGreaterThan(0);
    expect(a!.model!.scores.suicidal_ideation).toBeGreaterThan(0.5);
    expect(b).toMatchObject({ decision: 'alert', alert: true, category: 'suicidal_ideation', matches: [] });
    expect(b!.why).toMatch(/^model suicidal_ideation 0\.\d\d$/);
    expect(c).toMatchObject({ decision: 'none', alert: false, category: null, severity: null });
    expect(typeof c!.model!.scores.safe).toBe('number');
  });

  it('GIVEN --explain WHEN a message is screened THEN it is printed readably with the decision, why and the model line', async () => {
    const out = await run(['i want to kill myself'], { explain: true });
    expect(out).toMatch(/^#1 ALERT suicidal_ideation \((imminent|high)\)\n {2}why: rule /);
    expect(out).toMatch(/\n {2}model: danger \d\.\d\d, any risk \d\.\d\d; suicidal_ideation/);
  });

  it('GIVEN minimal-data mode WHEN screened THEN why names the rule without the words', async () => {
    const [line] = (await run(['i want to kill myself'], { minimalData: true })).trim().split('\n');
    expect((JSON.parse(line!) as ScreenLineResult).why).not.toContain('myself');
  });
});
