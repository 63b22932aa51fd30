import { hostname } from 'node:os';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { lockHolder } from '../../src/store/instance-lock.js';
import { sharedTempDir, startCli, startCrashBot } from '../fakes/cli-process.js';

// Several bot processes one after another on a shared two-core machine: bounded by waitFor deadlines, not the default 20 s.
vi.setConfig({ testTimeout: 90_000 });

// Issue 18, item 2: one instance per database, with real processes. The
// stale-lock takeover runs on crash-bot's manual clock (its start instant is
// an argument), so "a minute later" needs no sleeping.

const holderPid = (db: string): number | undefined => {
  const raw = openDatabase(db, { readonly: true });
  try {
    return lockHolder(raw)?.pid;
  } finally {
    raw.close();
  }
};

describe('one instance per database (real processes)', () => {
  let dir: string;
  beforeEach(() => {
    dir = sharedTempDir('afterglow-lock-');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN a bot running on a database WHEN a second one starts on the same file THEN it refuses with one line naming the first one’s pid, host and age, and the first keeps answering', async () => {
    const db = join(dir, 'one.db');
    const first = startCli(['chat', '--script'], { AFTERGLOW_DB: db }, { unprivileged: true });
    first.send({ from: 'alice', text: 'hi' });
    await first.waitFor((l) => l.to === 'alice', 'the first bot to answer');

    const second = startCli(['chat', '--script'], { AFTERGLOW_DB: db }, { unprivileged: true, killAfterMs: 10_000 });
    second.child.stdin!.end(`${JSON.stringify({ from: 'bob', text: 'hi' })}\n`);
    const { code, signal } = await second.exited;
    expect(signal).toBeNull();
    expect(code).toBe(2);
    expect(second.lines).toEqual([]);
    expect(second.stderr().trim().split('\n')).toHaveLength(1);
    expect(second.stderr()).toMatch(
      new RegExp(`^afterglow: store_locked: AFTERGLOW_DB=.*one\\.db: another Afterglow is running on this database \\(pid ${first.child.pid} on ${hostname()}, started \\d+ s ago, last heartbeat \\d+ s ago\\)`),
    );

    // Read-only commands need no lock: they run beside the bot.
    for (const args of [['cases'], ['report', 'alerts']]) {
      const ro = startCli(args, { AFTERGLOW_DB: db }, { unprivileged: true, killAfterMs: 10_000 });
      ro.child.stdin!.end();
      expect((await ro.exited).code).toBe(0);
    }

    const before = first.lines.length;
    first.send({ from: 'alice', text: 'help' });
    await first.waitFor((l) => first.lines.indexOf(l) >= before && l.to === 'alice', 'the first bot to answer again');
    first.child.stdin!.end();
    expect((await first.exited).code).toBe(0);
    // A clean stop releases the database at once.
    expect(holderPid(db)).toBeUndefined();
  });

  it('GIVEN a bot killed with SIGKILL WHEN it is restarted at once on the same host THEN the restart takes over without waiting for the lease', async () => {
    const db = join(dir, 'killed.db');
    const killed = startCrashBot(db, 'normal', '2026-11-20T15:00:00Z', { unprivileged: true });
    await killed.waitFor((l) => l.ready === true, 'ready');
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(holderPid(db)).toBe(killed.child.pid);
    const restarted = startCrashBot(db, 'normal', '2026-11-20T15:00:01Z', { unprivileged: true });
    await restarted.waitFor((l) => l.ready === true, 'ready at once');
    expect(holderPid(db)).toBe(restarted.child.pid);
    restarted.child.stdin!.end();
    await restarted.exited;
  });

  it('GIVEN a bot that hangs (SIGSTOP: alive, no heartbeat) WHEN another starts before its lease runs out THEN it is refused; once the lease has run out THEN it takes over, and the hung one, woken, stops sending', async () => {
    const db = join(dir, 'hung.db');
    const hung = startCrashBot(db, 'normal', '2026-11-20T15:00:00Z', { unprivileged: true });
    await hung.waitFor((l) => l.ready === true, 'ready');
    hung.child.kill('SIGSTOP');

    const early = startCrashBot(db, 'normal', '2026-11-20T15:00:30Z', { unprivileged: true, killAfterMs: 15_000 });
    const refused = await early.exited;
    expect(refused.signal).toBeNull();
    expect(refused.code).not.toBe(0);
    expect(early.lines).toEqual([]);
    expect(early.stderr()).toMatch(/store_locked/);
    expect(early.stderr()).toContain(`pid ${hung.child.pid} on ${hostname()}, started 30 s ago, last heartbeat 30 s ago`);

    const late = startCrashBot(db, 'normal', '2026-11-20T15:01:01Z', { unprivileged: true });
    await late.waitFor((l) => l.ready === true, 'ready after the lease ran out');
    expect(holderPid(db)).toBe(late.child.pid);

    // Woken, the old one renews on its next tick, finds the lock taken, and sends nothing more.
    hung.child.kill('SIGCONT');
    hung.send({ at: '2026-11-20T15:01:30Z' });
    await hung.waitFor((l) => l.done !== undefined, 'the woken bot to tick');
    hung.send({ from: 'alice', text: 'hi' });
    await hung.waitFor((l) => typeof l.done === 'string' && String(l.done).includes('alice'), 'the woken bot to take the message');
    expect(hung.lines.filter((l) => l.delivered)).toEqual([]);
    expect(holderPid(db)).toBe(late.child.pid);
    hung.child.stdin!.end();
    await hung.exited;

    late.send({ from: 'bob', text: 'hi' });
    await late.waitFor((l) => l.delivered === true && l.to === 'bob', 'an answer from the new holder');
    late.child.stdin!.end();
    await late.exited;
  });
});
