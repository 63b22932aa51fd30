// The console adapter under a real signal: a child process that is still
// reading stdin (the pipe stays open) is sent SIGTERM or SIGINT, as systemd,
// Docker or a Ctrl-C would. It must finish what it is doing, close the
// database and exit 0, like `afterglow start` does for Slack and Discord.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN } from '../fakes/run-cli.js';

function startChat(args: string[], db: string) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AFTERGLOW_DB: db, USER: 'alice' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  /** Resolves once stdout holds `pattern`; fails after a few seconds, showing what it did hold. */
  const waitOut = async (pattern: RegExp) => {
    for (let i = 0; i < 400; i++) {
      if (pattern.test(out)) return;
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => child.stdout.once('data', r).once('close', r));
    }
    throw new Error(`no ${pattern} in output: ${out}`);
  };
  return { child, exited, waitOut, output: () => out, errors: () => err };
}

describe('the console adapter on SIGTERM and SIGINT (a real child process)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'afterglow-signal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const [signal, args] of [
    ['SIGTERM', ['chat', '--script']],
    ['SIGINT', ['chat']],
  ] as const) {
    it(`GIVEN \`afterglow ${args.join(' ')}\` still reading stdin WHEN it gets ${signal} THEN it says so, exits 0 and leaves a closed, intact database`, async () => {
      const db = join(dir, 'c.db');
      const chat = startChat([...args], db);
      chat.child.stdin.write((args as readonly string[]).includes('--script') ? `${JSON.stringify({ from: 'alice', text: 'hi' })}\n` : 'hi\n');
      await chat.waitOut(/Welcome to Afterglow/);
      chat.child.kill(signal);
      const { code, signal: killedBy } = await chat.exited;
      expect(killedBy).toBeNull();
      expect(code).toBe(0);
      expect(chat.errors()).toMatch(new RegExp(`stopping \\(${signal}\\)`));
      // What was handled before the signal is in the file.
      const check = new Database(db, { readonly: true });
      expect(check.prepare('SELECT handle FROM people').pluck().all()).toEqual(['alice']);
      check.close();
    });
  }
});
