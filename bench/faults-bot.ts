// The real `afterglow start` as a child process for the fault bench: started,
// SIGKILLed and restarted on one database, optionally as an unprivileged user
// so file permissions bite. Readiness is the bot's own "afterglow is running" log line.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
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

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return latest;
}

/**
 * Where bin/afterglow.mjs runs compiled code (dist/), compile it first when a
 * source is newer, so the bench never measures yesterday's build.
 */
export function ensureBuilt(): void {
  const config = join(ROOT, 'tsconfig.build.json');
  if (!existsSync(config)) return; // bin runs the TypeScript through tsx: nothing to build
  const built = join(ROOT, 'dist', 'src', 'cli.js');
  const sources = Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'adapters')), statSync(config).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config], { stdio: 'inherit' });
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
