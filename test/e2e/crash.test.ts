import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

interface Bot {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  send(cmd: object): void;
  waitFor(pred: (l: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Start test/fakes/crash-bot.ts as a real child process over the given database. */
function startBot(db: string, mode: string): Bot {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'fakes', 'crash-bot.ts'), db, mode], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: { pred: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let buf = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = JSON.parse(buf.slice(0, nl)) as Record<string, unknown>;
      buf = buf.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) if (w.pred(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    lines,
    exited,
    send: (cmd) => child.stdin!.write(`${JSON.stringify(cmd)}\n`),
    waitFor(pred, what) {
      const found = lines.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; saw ${JSON.stringify(lines)}; stderr ${stderr}`)), 15_000);
        waiters.push({ pred, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      });
    },
  };
}

// The first alert only: re-escalation reminders also name the case.
const alertsIn = (lines: Record<string, unknown>[]) =>
  lines.filter((l) => l.delivered && l.to === '#clinicians' && /case #1\b/.test(String(l.text)) && !/reminder/i.test(String(l.text)));

describe('crashes (real child processes killed with SIGKILL)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'afterglow-crash-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN a crisis message WHEN the bot is killed between detection and delivery THEN after a restart the alert arrives exactly once', async () => {
    const db = join(dir, 'crash.db');
    const first = startBot(db, 'stall-before-alert');
    await first.waitFor((l) => l.ready === true, 'ready');
    first.send({ from: 'alice', text: 'I want to kill myself tonight' });
    await first.waitFor((l) => l.stalled === 'before-alert', 'the alert send to stall');
    first.child.kill('SIGKILL');
    await first.exited;
    expect(alertsIn(first.lines)).toHaveLength(0);

    const second = startBot(db, 'normal');
    await second.waitFor((l) => l.ready === true, 'ready after restart');
    second.send({ at: '2026-11-20T15:02:00Z' });
    await second.waitFor((l) => l.done !== undefined, 'the clock to move');
    second.child.stdin!.end();
    await second.exited;
    expect(alertsIn(second.lines)).toHaveLength(1);
    expect(second.lines.some((l) => l.delivered && l.to === 'alice' && /988/.test(String(l.text)))).toBe(true);
    // Nothing went out twice after the restart either.
    const texts = second.lines.filter((l) => l.delivered).map((l) => `${String(l.to)}|${String(l.text)}`);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('GIVEN a scheduled check-in WHEN the bot is killed after the platform got it but before it was marked sent THEN it is never sent again', async () => {
    const db = join(dir, 'sched.db');
    const first = startBot(db, 'normal');
    await first.waitFor((l) => l.ready === true, 'ready');
    for (const cmd of [
      { from: 'bob', text: 'hi' },
      { from: 'bob', choice: 'onb:consent:yes' },
      { from: 'bob', choice: 'onb:tz:keep' },
      { from: 'bob', choice: 'onb:time:none' },
      { from: 'bob', text: 'checkin time 16:00' },
    ])
      first.send(cmd);
    await first.waitFor((l) => typeof l.done === 'string' && String(l.done).includes('checkin time'), 'settings');
    first.child.stdin!.end();
    await first.exited;

    const second = startBot(db, 'stall-after-direct');
    await second.waitFor((l) => l.ready === true, 'ready');
    second.send({ at: '2026-11-20T16:00:30Z' });
    await second.waitFor((l) => l.stalled === 'after-direct', 'the scheduled check-in to reach the platform');
    second.child.kill('SIGKILL');
    await second.exited;
    const checkinsBefore = second.lines.filter((l) => l.delivered && l.to === 'bob' && /check-in/i.test(String(l.text)));
    expect(checkinsBefore).toHaveLength(1);

    const third = startBot(db, 'normal');
    await third.waitFor((l) => l.ready === true, 'ready after restart');
    third.send({ at: '2026-11-20T16:30:00Z' });
    await third.waitFor((l) => l.done !== undefined, 'the clock to move');
    third.child.stdin!.end();
    await third.exited;
    expect(third.lines.filter((l) => l.delivered && l.to === 'bob' && /check-in/i.test(String(l.text)))).toHaveLength(0);
  });
});
