// `afterglow backup` and `afterglow restore` as real processes on real files,
// beside a running bot (which holds the instance lock), as an unprivileged
// user when the suite runs as root.
import Database from 'better-sqlite3';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedTempDir, startCli, type CliProcess } from '../fakes/cli-process.js';

async function cli(args: string[], db: string): Promise<{ code: number | null; out: string; err: string }> {
  const run = startCli(args, { AFTERGLOW_DB: db }, { unprivileged: true, killAfterMs: 20_000 });
  run.child.stdin!.end();
  const { code } = await run.exited;
  return { code, out: run.lines.map((l) => String(l.raw ?? JSON.stringify(l))).join('\n'), err: run.stderr() };
}

function handles(db: string): string[] {
  const raw = new Database(db, { readonly: true });
  try {
    return raw.prepare<[], { handle: string }>(`SELECT handle FROM people ORDER BY handle`).all().map((r) => r.handle);
  } finally {
    raw.close();
  }
}

describe('backup and restore', { timeout: 90_000 }, () => {
  let dir: string;
  let db: string;
  let bot: CliProcess | undefined;
  beforeEach(() => {
    dir = sharedTempDir('afterglow-backup-');
    db = join(dir, 'live.db');
  });
  afterEach(async () => {
    if (bot && bot.child.exitCode === null) {
      bot.child.kill('SIGKILL');
      await bot.exited;
    }
    bot = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function runningBotWith(...people: string[]): Promise<CliProcess> {
    bot = startCli(['chat', '--script'], { AFTERGLOW_DB: db }, { unprivileged: true });
    for (const p of people) {
      bot.send({ from: p, text: 'hi' });
      await bot.waitFor((l) => l.to === p, `the welcome to ${p}`);
    }
    return bot;
  }

  it('GIVEN a running bot WHEN backup runs THEN the copy reopens with integrity ok, the current schema and what the bot had committed', async () => {
    await runningBotWith('alice', 'bob');
    const copy = join(dir, 'copy.db');
    const r = await cli(['backup', copy], db);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Backed up .*live\.db to .*copy\.db \(\d+ KiB, schema \d+, integrity ok\)\.$/);
    expect(handles(copy)).toEqual(['alice', 'bob']);
    const check = new Database(copy, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
    // One self-contained file: nothing beside it that a copy to other media would leave behind.
    expect(readdirSync(dir).filter((f) => f.startsWith('copy.db'))).toEqual(['copy.db']);
  });

  it('GIVEN an existing file WHEN backup is asked to write there THEN it refuses in one line and leaves the file alone', async () => {
    await runningBotWith('alice');
    const target = join(dir, 'taken.db');
    writeFileSync(target, 'keep me');
    const r = await cli(['backup', target], db);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/store_backup_failed: .*taken\.db already exists/);
  });

  it('GIVEN a bot running on the database WHEN restore runs THEN it refuses naming the holder, and once the bot has stopped the restore brings back the backup', async () => {
    const running = await runningBotWith('alice');
    const copy = join(dir, 'copy.db');
    expect((await cli(['backup', copy], db)).code).toBe(0);
    running.send({ from: 'carol', text: 'hi' });
    await running.waitFor((l) => l.to === 'carol', 'the welcome to carol');

    const refused = await cli(['restore', copy], db);
    expect(refused.code).toBe(2);
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    expect(refused.err).toMatch(new RegExp(`store_locked: .*another Afterglow is running on this database \\(pid ${running.child.pid} on `));
    expect(handles(db)).toEqual(['alice', 'carol']);

    running.child.stdin!.end();
    expect((await running.exited).code).toBe(0);
    const restored = await cli(['restore', copy], db);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/^Restored .*live\.db from .*copy\.db \(schema \d+, integrity ok\)/);
    expect(handles(db)).toEqual(['alice']);
    // The copy was taken from a running bot and carried its lock row: the restored file must start unheld.
    const doctor = await cli(['doctor'], db);
    expect(doctor.out).toMatch(/^ok\s+lock\s+free/m);
  });

  it('GIVEN a database a newer Afterglow migrated WHEN the pre-upgrade backup is restored THEN the rollback goes through and the bot starts on it', async () => {
    const running = await runningBotWith('alice');
    const copy = join(dir, 'pre-upgrade.db');
    expect((await cli(['backup', copy], db)).code).toBe(0);
    running.child.stdin!.end();
    await running.exited;
    const raw = new Database(db);
    const current = raw.pragma('user_version', { simple: true }) as number;
    raw.pragma(`user_version = ${current + 3}`);
    raw.close();
    expect((await cli(['migrate'], db)).err).toMatch(/store_schema_newer/);
    const restored = await cli(['restore', copy], db);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect((await cli(['migrate'], db)).out).toMatch(new RegExp(`up to date \\(schema ${current}\\)`));
  });

  it.each([
    ['a file that is not a database', (d: string) => (writeFileSync(join(d, 'junk.db'), 'not sqlite at all, just words'.repeat(200)), join(d, 'junk.db')), /store_backup_invalid: .*junk\.db is not a readable SQLite database/],
    ['an empty SQLite file', (d: string) => (new Database(join(d, 'empty.db')).close(), join(d, 'empty.db')), /store_backup_invalid: .*empty\.db is not an Afterglow database/],
    ['a missing file', (d: string) => join(d, 'nowhere.db'), /store_backup_invalid: .*nowhere\.db does not exist/],
  ])('GIVEN %s WHEN restore is asked to use it THEN one line says why, the exit is non-zero and the database is untouched', async (_what, make, message) => {
    const running = await runningBotWith('alice');
    running.child.stdin!.end();
    await running.exited;
    const r = await cli(['restore', make(dir)], db);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
    expect(handles(db)).toEqual(['alice']);
  });
});
