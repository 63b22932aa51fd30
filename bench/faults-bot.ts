// The real `afterglow start` as a child process for the fault bench: started,
// SIGKILLed and restarted on one database, optionally as an unprivileged user
// so file permissions bite. Readiness is the bot's own "afterglow is running" log line.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
export const UNPRIVILEGED = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

export interface BotProcess {
  child: ChildProcess;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** ms from spawn to "afterglow is running" (undefined if it never got there). */
  readyMs: number | undefined;
}

export function benchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  if (UNPRIVILEGED) chownSync(dir, UNPRIVILEGED.uid, UNPRIVILEGED.gid);
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Spawn the bot; resolves once it is serving, or once it has exited (then readyMs is undefined). */
export async function startBot(env: Record<string, string>): Promise<BotProcess> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/afterglow.mjs', 'start'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: '/tmp', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(UNPRIVILEGED ?? {}),
  });
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = await new Promise<boolean>((resolve) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('afterglow is running')) resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  return { child, stderr: () => err, exited, readyMs: ready ? performance.now() - t0 : undefined };
}
