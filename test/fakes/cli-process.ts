import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './run-cli.js';

// The real `afterglow` command as a child process, kept running while a test
// talks to it line by line, optionally as an unprivileged user: root would
// write a read-only file without noticing.

/** Running as root: children drop to nobody (65534) so file permissions mean what they say. */
export const UNPRIVILEGED = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

/** A temp folder the unprivileged user can use (mkdtemp makes it 0700, root's). */
export function sharedTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  if (UNPRIVILEGED) chownSync(dir, UNPRIVILEGED.uid, UNPRIVILEGED.gid);
  return dir;
}

export interface CliProcess {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  stderr(): string;
  send(line: object): void;
  waitFor(pred: (l: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>>;
  /** Exit code and how long the process lived, in ms. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

export interface StartOptions {
  unprivileged?: boolean;
  killAfterMs?: number;
}

export function startCli(args: string[], env: Record<string, string>, options: StartOptions = {}): CliProcess {
  return startNode([BIN, ...args], env, options);
}

/** test/fakes/crash-bot.ts: the real core with a platform that can stall, on a manual clock starting at `clockStart`. */
export function startCrashBot(db: string, mode: string, clockStart: string, options: StartOptions = {}): CliProcess {
  return startNode(['--import', 'tsx', join(import.meta.dirname, 'crash-bot.ts'), db, mode, clockStart], {}, options);
}

function startNode(argv: string[], env: Record<string, string>, options: StartOptions): CliProcess {
  const started = performance.now();
  const child = spawn(process.execPath, argv, {
    cwd: join(import.meta.dirname, '..', '..'),
    env: { PATH: process.env.PATH ?? '', HOME: '/tmp', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.unprivileged && UNPRIVILEGED ? UNPRIVILEGED : {}),
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: { pred: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let buf = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const text = buf.slice(0, nl);
      // `migrate` and the like print plain lines; the chat script prints JSON.
      const line = (text.startsWith('{') ? JSON.parse(text) : { raw: text }) as Record<string, unknown>;
      buf = buf.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters])
        if (w.pred(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
    }
  });
  // A process that hangs (the /proc path did) is killed, and the test sees the signal.
  const killer = options.killAfterMs ? setTimeout(() => child.kill('SIGKILL'), options.killAfterMs) : undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.on('exit', (code, signal) => {
      if (killer) clearTimeout(killer);
      resolve({ code, signal, ms: performance.now() - started });
    }),
  );
  return {
    child,
    lines,
    stderr: () => err,
    send: (line) => child.stdin!.write(`${JSON.stringify(line)}\n`),
    waitFor(pred, what) {
      const found = lines.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; saw ${JSON.stringify(lines)}; stderr ${err}`)), 20_000);
        waiters.push({ pred, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      });
    },
    exited,
  };
}
