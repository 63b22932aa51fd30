import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { sharedTempDir, startCrashBot, type CliProcess } from '../fakes/cli-process.js';

// Several bot processes one after another on a shared two-core machine: bounded by waitFor deadlines, not the default 20 s.
vi.setConfig({ testTimeout: 90_000 });

// Issue 18, item 7: kills around a crisis message, with real processes, and
// crisis replies and pages counted across the restart, not within one run.
//
// The guarantee, honestly: an event is ours once its transaction committed
// (handle() resolved). Killed before that, nothing of it exists, and only a
// redelivery brings it back: Slack and Discord redeliver what was never
// acknowledged, the console script is run again. A redelivery of an event
// that did commit is dropped (processed_events), so it never answers twice.

const CRISIS = 'I want to kill myself tonight';
const crisisReplies = (bots: CliProcess[]) => bots.flatMap((b) => b.lines).filter((l) => l.delivered && l.to === 'alice' && /988 Suicide/.test(String(l.text)));
const pages = (bots: CliProcess[]) =>
  bots.flatMap((b) => b.lines).filter((l) => l.delivered && l.to === '#clinicians' && /^🚨 Crisis alert: case #1\b/.test(String(l.text)));

function count(db: string, sql: string): number {
  const raw = openDatabase(db, { readonly: true });
  try {
    return (raw.prepare(sql).get() as { n: number }).n;
  } finally {
    raw.close();
  }
}

describe('a kill around a crisis message (real processes)', () => {
  let dir: string;
  beforeEach(() => {
    dir = sharedTempDir('afterglow-commit-');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN a crisis message received but not yet committed WHEN the bot is killed THEN nothing of it was recorded, and when the platform redelivers it after the restart THEN one crisis reply and one page, and a second redelivery adds nothing', async () => {
    const db = join(dir, 'uncommitted.db');
    const first = startCrashBot(db, 'normal', '2026-11-20T15:00:00Z', { unprivileged: true });
    await first.waitFor((l) => l.ready === true, 'ready');
    // Another process holds the write lock (a backup, a sqlite3 shell left open): the event cannot commit.
    const holder = openDatabase(db);
    holder.exec('BEGIN IMMEDIATE');
    first.send({ from: 'alice', text: CRISIS, id: 'Ev-uncommitted' });
    await first.waitFor((l) => l.received === 'Ev-uncommitted', 'the event to reach the core');
    first.child.kill('SIGKILL');
    await first.exited;
    holder.exec('ROLLBACK');
    holder.close();
    expect(first.lines.some((l) => l.handled || l.delivered)).toBe(false);
    expect(count(db, `SELECT COUNT(*) AS n FROM processed_events WHERE event_id = 'Ev-uncommitted'`)).toBe(0);
    expect(count(db, `SELECT COUNT(*) AS n FROM cases`)).toBe(0);

    const second = startCrashBot(db, 'normal', '2026-11-20T15:00:05Z', { unprivileged: true });
    await second.waitFor((l) => l.ready === true, 'ready after the restart');
    second.send({ from: 'alice', text: CRISIS, id: 'Ev-uncommitted' });
    await second.waitFor((l) => l.handled === 'Ev-uncommitted', 'the redelivered event to commit');
    second.send({ from: 'alice', text: CRISIS, id: 'Ev-uncommitted' });
    second.send({ at: '2026-11-20T15:00:30Z' });
    await second.waitFor((l) => typeof l.done === 'string' && String(l.done).includes('15:00:30'), 'the clock to move');
    second.child.stdin!.end();
    await second.exited;
    expect(crisisReplies([first, second])).toHaveLength(1);
    expect(pages([first, second])).toHaveLength(1);
    expect(count(db, `SELECT COUNT(*) AS n FROM cases`)).toBe(1);
  });

  it('GIVEN a crisis message handled, answered and paged WHEN the bot is killed and the platform redelivers the event after the restart THEN across both runs the patient got one crisis reply and clinicians one page', async () => {
    const db = join(dir, 'committed.db');
    const first = startCrashBot(db, 'normal', '2026-11-20T15:00:00Z', { unprivileged: true });
    await first.waitFor((l) => l.ready === true, 'ready');
    first.send({ from: 'alice', text: CRISIS, id: 'Ev-committed' });
    await first.waitFor((l) => l.handled === 'Ev-committed', 'the event to commit');
    await first.waitFor((l) => l.delivered === true && l.to === '#clinicians', 'the page');
    // One more pass, so the sends are marked sent before the kill.
    first.send({ at: '2026-11-20T15:00:10Z' });
    await first.waitFor((l) => typeof l.done === 'string' && String(l.done).includes('15:00:10'), 'the clock to move');
    first.child.kill('SIGKILL');
    await first.exited;

    const second = startCrashBot(db, 'normal', '2026-11-20T15:00:20Z', { unprivileged: true });
    await second.waitFor((l) => l.ready === true, 'ready after the restart');
    second.send({ from: 'alice', text: CRISIS, id: 'Ev-committed' });
    second.send({ at: '2026-11-20T15:00:40Z' });
    await second.waitFor((l) => typeof l.done === 'string' && String(l.done).includes('15:00:40'), 'the clock to move');
    second.child.stdin!.end();
    await second.exited;
    expect(second.lines.some((l) => l.delivered)).toBe(false);
    expect(crisisReplies([first, second])).toHaveLength(1);
    expect(pages([first, second])).toHaveLength(1);
  });

  it('GIVEN the platform took the crisis reply but the bot was killed before marking it sent WHEN it restarts THEN the reply is sent once more (at least once, never lost), and a redelivered event adds nothing', async () => {
    const db = join(dir, 'midsend.db');
    const first = startCrashBot(db, 'stall-after-direct', '2026-11-20T15:00:00Z', { unprivileged: true });
    await first.waitFor((l) => l.ready === true, 'ready');
    first.send({ from: 'alice', text: CRISIS, id: 'Ev-midsend' });
    await first.waitFor((l) => l.stalled === 'after-direct', 'the crisis reply to reach the platform');
    first.child.kill('SIGKILL');
    await first.exited;
    expect(crisisReplies([first])).toHaveLength(1);

    const second = startCrashBot(db, 'normal', '2026-11-20T15:00:05Z', { unprivileged: true });
    await second.waitFor((l) => l.ready === true, 'ready after the restart');
    second.send({ from: 'alice', text: CRISIS, id: 'Ev-midsend' });
    second.send({ at: '2026-11-20T15:00:30Z' });
    await second.waitFor((l) => typeof l.done === 'string' && String(l.done).includes('15:00:30'), 'the clock to move');
    second.child.stdin!.end();
    await second.exited;
    // The documented trade (docs/ARCHITECTURE.md, delivery guarantees): a duplicate crisis reply over a lost one.
    expect(crisisReplies([first, second])).toHaveLength(2);
    expect(crisisReplies([second])).toHaveLength(1);
    expect(pages([first, second]).length).toBeGreaterThanOrEqual(1);
    expect(pages([second]).length).toBeLessThanOrEqual(1);
  });
});
