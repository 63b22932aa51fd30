import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../../adapters/console/index.js';
import { loadConfig } from '../../../src/config.js';
import { runChat } from '../../../src/main.js';

function collect(stream: PassThrough): () => string {
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return () => text;
}

/** One interactive console session over the given database: types the lines, then closes stdin. */
async function session(dbPath: string, lines: string[]): Promise<string> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const config = loadConfig({ AFTERGLOW_DB: dbPath, AFTERGLOW_LOG_LEVEL: 'error' });
  const done = runChat(config, { stdin, stdout, stderr }, { scripted: false });
  for (const line of lines) stdin.write(`${line}\n`);
  stdin.end();
  await done;
  return out();
}

describe('the console', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'afterglow-console-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN "/as dr_lee facilitator" in one session WHEN the console restarts and dr_lee asks for groups THEN the role is still there', async () => {
    const db = join(dir, 'c.db');
    await session(db, ['/as dr_lee facilitator']);
    const out = await session(db, ['/as dr_lee', 'groups']);
    expect(out).not.toMatch(/needs the|only for clinic staff/);
    expect(out).toMatch(/afterglow → dr_lee/);
  }, 30_000);

  it('GIVEN the interactive console WHEN a log line is written while the prompt is shown THEN the prompt line is cleared first and redrawn after', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const errors = new PassThrough();
    const out = collect(output);
    const err = collect(errors);
    const adapter = createConsoleAdapter({
      mode: 'interactive',
      input,
      output,
      errors,
      user: 'sam',
      hooks: { settle: async () => {}, advanceTo: async () => {}, finish: async () => {}, now: () => '2026-11-10T15:00:00.000+00:00' },
    });
    await adapter.start(async () => {});
    await new Promise((r) => setImmediate(r));
    const before = out().length;
    await new Promise<void>((r) => adapter.logDestination.write('{"level":40,"msg":"slow tick"}\n', () => r()));
    const after = out().slice(before);
    expect(after.startsWith('\r\x1b[K')).toBe(true);
    expect(after).toMatch(/sam> $/);
    expect(err()).toBe('{"level":40,"msg":"slow tick"}\n');
    input.end();
    await adapter.done;
  });
});
