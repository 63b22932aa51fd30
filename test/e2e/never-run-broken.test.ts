import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { sharedTempDir, startCli, UNPRIVILEGED } from '../fakes/cli-process.js';

// Several bot processes one after another on a shared two-core machine: bounded by waitFor deadlines, not the default 20 s.
vi.setConfig({ testTimeout: 90_000 });

// Issue 18, item 1: the bot refuses to start on a database it cannot use,
// with one line naming AFTERGLOW_DB, and keeps the crisis path working when
// the database fails under it. Real processes, real files, real permissions
// (as nobody when the tests run as root).

const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));
const crisis = { from: 'alice', text: 'I want to kill myself tonight' };

async function migrated(db: string): Promise<void> {
  const run = startCli(['migrate'], { AFTERGLOW_DB: db }, { unprivileged: true });
  expect((await run.exited).code).toBe(0);
}

describe('a database the bot cannot use stops the start', () => {
  let dir: string;
  beforeEach(() => {
    dir = sharedTempDir('afterglow-broken-');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['a folder that cannot exist under /proc', () => '/proc/nonexistent/x.db'],
    ['a regular file where a folder should be', (d: string) => (writeFileSync(join(d, 'file'), 'x'), join(d, 'file', 'sub', 'x.db'))],
    ['a folder this user may not write', () => '/root/afterglow-test-denied/x.db'],
  ])('GIVEN AFTERGLOW_DB in %s WHEN the bot starts THEN within 5 s it exits non-zero with one line naming AFTERGLOW_DB', async (_what, path) => {
    const db = path(dir);
    if (db.startsWith('/root/') && !UNPRIVILEGED) return; // only root's children can be kept out of /root
    const run = startCli(['chat', '--script'], { AFTERGLOW_DB: db }, { unprivileged: true, killAfterMs: 5_000 });
    run.child.stdin!.end(`${JSON.stringify(crisis)}\n`);
    const { code, signal, ms } = await run.exited;
    expect(signal).toBeNull(); // not killed by the 5 s timer: it ended on its own
    expect(ms).toBeLessThan(5_000);
    expect(code).not.toBe(0);
    expect(run.stderr().trim().split('\n')).toHaveLength(1);
    expect(run.stderr()).toMatch(/^afterglow: store_open_failed: cannot open database .* \(AFTERGLOW_DB\): /);
    expect(run.stderr()).toContain(db);
    expect(existsSync('/root/afterglow-test-denied')).toBe(false);
  });

  it('GIVEN a valid, migrated database the bot user cannot write WHEN the bot starts THEN it refuses with one line naming AFTERGLOW_DB instead of dropping every message', async () => {
    const db = join(dir, 'ro.db');
    await migrated(db);
    chmodSync(db, 0o444);
    const run = startCli(['chat', '--script'], { AFTERGLOW_DB: db }, { unprivileged: true, killAfterMs: 10_000 });
    run.child.stdin!.end(`${JSON.stringify(crisis)}\n`);
    const { code, signal } = await run.exited;
    expect(signal).toBeNull();
    expect(code).toBe(2);
    expect(run.lines).toEqual([]);
    expect(run.stderr().trim().split('\n')).toHaveLength(1);
    expect(run.stderr()).toMatch(/^afterglow: store_read_only: AFTERGLOW_DB=.*ro\.db: this user( \(uid \d+\))? cannot write the database \(SQLITE_READONLY/);
  });

  it('GIVEN a database from a newer Afterglow WHEN the bot starts, migrate runs or cases reads it THEN each refuses with one line naming both schema versions', async () => {
    const db = join(dir, 'newer.db');
    await migrated(db);
    const raw = openDatabase(db);
    raw.pragma(`user_version = ${LATEST + 40}`);
    raw.close();
    const line = `this database was written by a newer Afterglow (schema ${LATEST + 40}); this one knows ${LATEST}`;
    for (const args of [['chat', '--script'], ['migrate'], ['cases']]) {
      const run = startCli(args, { AFTERGLOW_DB: db }, { unprivileged: true, killAfterMs: 10_000 });
      run.child.stdin!.end(`${JSON.stringify(crisis)}\n`);
      const { code } = await run.exited;
      expect(code).toBe(2);
      expect(run.lines.filter((l) => l.to)).toEqual([]);
      expect(run.stderr().trim().split('\n')).toHaveLength(1);
      expect(run.stderr()).toMatch(/^afterglow: store_schema_newer: AFTERGLOW_DB=/);
      expect(run.stderr()).toContain(line);
    }
    // Nothing was written to it: the newer schema number is still there.
    const after = openDatabase(db, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(LATEST + 40);
    after.close();
  });
});

describe('the database failing under a running bot', () => {
  let dir: string;
  beforeEach(() => {
    dir = sharedTempDir('afterglow-failing-');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN a running bot WHEN the kernel refuses its database writes (a file-size limit of one byte, as a full disk would) THEN a crisis message still gets its crisis reply and a page, clinicians are told the database is failing, and the run ends non-zero', async () => {
    const db = join(dir, 'running.db');
    const bot = startCli(['chat', '--script'], { AFTERGLOW_DB: db }, { unprivileged: true });
    bot.send({ from: 'alice', text: 'hi' });
    await bot.waitFor((l) => l.to === 'alice', 'the welcome');
    // Mid-run, no restart: every write the process makes from now on fails with EFBIG (SQLITE_IOERR_WRITE).
    // (run as the bot's own user: lowering another user's limit needs CAP_SYS_RESOURCE, which containers often drop)
    execFileSync('prlimit', ['--pid', String(bot.child.pid), '--fsize=1'], { stdio: ['ignore', 'pipe', 'pipe'], ...(UNPRIVILEGED ?? {}) });
    bot.send(crisis);
    await bot.waitFor((l) => l.to === '#clinicians' && /NOT RECORDED/.test(String(l.text)), 'the page');
    await bot.waitFor((l) => l.to === 'alice' && /988 Suicide/.test(String(l.text)), 'the crisis reply');
    bot.child.stdin!.end();
    const { code } = await bot.exited;
    const page = bot.lines.find((l) => l.to === '#clinicians' && /NOT RECORDED/.test(String(l.text)))!;
    expect(page.text).toMatch(/Patient: alice/);
    expect(page.text).toMatch(/I want to kill myself tonight/);
    expect(bot.lines.filter((l) => l.to === "alice" && /988 Suicide/.test(String(l.text)))).toHaveLength(1);
    expect(bot.lines.some((l) => l.to === '#clinicians' && /cannot write to its database \(SQLITE_IOERR/.test(String(l.text)))).toBe(true);
    // Loud: an error log line with a stable code, and a non-zero exit with one line saying why.
    const errors = bot
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; code?: string });
    expect(errors.some((e) => e.level >= 50 && e.code === 'store_write_failed')).toBe(true);
    expect(code).toBe(3);
    expect(bot.stderr()).toMatch(/afterglow: store_write_failed: its database refused \d+ write\(s\) \(SQLITE_IOERR/);
  });
});
