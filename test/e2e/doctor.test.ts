// `afterglow doctor` as a real process: one line per check, ok/warn/fail,
// exit 1 on any fail; real files and permissions (as nobody under root).
import Database from 'better-sqlite3';
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedTempDir, startCli } from '../fakes/cli-process.js';

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; lines: string[]; err: string }> {
  const run = startCli(args, env, { unprivileged: true, killAfterMs: 30_000 });
  run.child.stdin!.end();
  const { code } = await run.exited;
  return { code, lines: run.lines.map((l) => String(l.raw)), err: run.stderr() };
}

const line = (lines: string[], name: string) => lines.find((l) => new RegExp(`^(ok|warn|fail)\\s+${name}\\s`).test(l));

describe('afterglow doctor', { timeout: 90_000 }, () => {
  let dir: string;
  let db: string;
  beforeEach(async () => {
    dir = sharedTempDir('afterglow-doctor-');
    db = join(dir, 'd.db');
    expect((await cli(['migrate'], { AFTERGLOW_DB: db })).code).toBe(0);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN a healthy install with Slack settings WHEN doctor runs THEN every check is one ok/warn line, the token is masked and it exits 0', async () => {
    const token = 'xoxb-2222-3333-abcdefabcdefabcdef';
    const r = await cli(['doctor'], { AFTERGLOW_DB: db, SLACK_BOT_TOKEN: token, SLACK_APP_TOKEN: 'xapp-1-A1-abcdefabcdef', SLACK_CLINICIAN_CHANNEL: 'CCLIN' });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines.every((l) => /^(ok|warn) /.test(l))).toBe(true);
    for (const name of ['settings', 'database', 'integrity', 'lock', 'slack', 'model', 'content', 'time zones']) expect(line(r.lines, name), name).toBeDefined();
    expect(line(r.lines, 'database')).toMatch(/^ok\s+database\s+.*d\.db opens read-write, schema \d+ \(current\)/);
    expect(line(r.lines, 'lock')).toMatch(/^ok\s+lock\s+free/);
    expect(r.lines.join('\n')).not.toContain(token);
    expect(line(r.lines, 'slack')).toMatch(/bot token xoxb-…\*{4}ef/);
    expect(line(r.lines, 'model')).toMatch(/not installed|installed:/);
    expect(line(r.lines, 'time zones')).toMatch(/^ok/);
  });

  it('GIVEN a bot running on the database WHEN doctor runs THEN the lock line names its pid', async () => {
    const bot = startCli(['chat', '--script'], { AFTERGLOW_DB: db }, { unprivileged: true });
    bot.send({ from: 'alice', text: 'hi' });
    await bot.waitFor((l) => l.to === 'alice', 'the welcome');
    const r = await cli(['doctor'], { AFTERGLOW_DB: db });
    bot.child.stdin!.end();
    await bot.exited;
    expect(line(r.lines, 'lock')).toMatch(new RegExp(`^ok\\s+lock\\s+held by pid ${bot.child.pid} on .*last heartbeat \\d+ s ago`));
  });

  it('GIVEN a database this user cannot write WHEN doctor runs THEN the database check fails and it exits 1', async () => {
    chmodSync(db, 0o444);
    const r = await cli(['doctor'], { AFTERGLOW_DB: db });
    expect(r.code).toBe(1);
    expect(line(r.lines, 'database')).toMatch(/^fail\s+database\s+.*store_read_only|^fail\s+database\s+.*cannot write the database/);
  });

  it('GIVEN a database from a newer Afterglow WHEN doctor runs THEN it fails naming both schema versions and leaves the number alone', async () => {
    const raw = new Database(db);
    const current = raw.pragma('user_version', { simple: true }) as number;
    raw.pragma(`user_version = ${current + 5}`);
    raw.close();
    const r = await cli(['doctor'], { AFTERGLOW_DB: db });
    expect(r.code).toBe(1);
    expect(line(r.lines, 'database')).toMatch(new RegExp(`^fail\\s+database\\s+.*newer Afterglow \\(schema ${current + 5}\\); this one knows ${current}`));
    const after = new Database(db, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(current + 5);
    after.close();
  });

  it('GIVEN an invalid setting WHEN doctor runs THEN the settings check fails naming the variable and it exits 1', async () => {
    const r = await cli(['doctor'], { AFTERGLOW_DB: db, AFTERGLOW_DEFAULT_TIMEZONE: 'Mars/Olympus' });
    expect(r.code).toBe(1);
    expect(line(r.lines, 'settings')).toMatch(/^fail\s+settings\s+AFTERGLOW_DEFAULT_TIMEZONE must be an IANA time zone/);
  });
});
