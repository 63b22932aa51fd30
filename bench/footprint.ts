// Start-up time and memory of the compiled command, each against a baseline
// measured in the same run, interleaved, so a busy shared machine colours
// both sides alike:
//   1. a platform-free command (`config --check`, `cases`) vs bare `node -e 0`;
//   2. `start` with Slack and Discord configured (until both adapters are up,
//      against the project's loopback fakes) vs importing their SDKs and
//      better-sqlite3 alone;
//   3. the idle console bot's resident memory once it has answered.
// Wall time and peak RSS come from /usr/bin/time; the compiled dist/ must be
// built (npm install or npm run build).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDiscord, discordEnv } from '../test/e2e/fakes/discord-fake.js';
import { slackEnv, startFakeSlack } from '../test/e2e/fakes/slack-api.js';
import { printTable } from './table.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'afterglow.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|AFTERGLOW_)/.test(k)));

/** One whole process: wall seconds and peak RSS (MB), by /usr/bin/time. */
function timed(args: string[], env: NodeJS.ProcessEnv): { wall: number; rssMb: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], { env, cwd: ROOT, encoding: 'utf8' });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [wall, kb] = last.split(' ').map(Number);
  if (r.status !== 0 || !Number.isFinite(wall)) throw new Error(`${args.join(' ')} failed: ${r.stderr.slice(-500)}`);
  return { wall: wall!, rssMb: kb! / 1024 };
}

/** Spawn, wait for a line on stderr, report ms until then and the RSS at that moment, then stop it. */
async function untilReady(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, stdinOpen = false): Promise<{ ms: number; rssMb: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { env, cwd: ROOT, stdio: [stdinOpen ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let seen = '';
  const ms = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 20 s: ${seen.slice(-800)}`)), 20_000);
    const look = (d: Buffer) => {
      seen += String(d);
      if (ready.test(seen)) {
        clearTimeout(timer);
        resolve(performance.now() - t0);
      }
    };
    child.stderr!.on('data', look);
    child.stdout!.on('data', look);
    child.once('exit', (code) => reject(new Error(`exited ${code} before ready: ${seen.slice(-800)}`)));
  });
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  child.removeAllListeners('exit');
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await gone;
  return { ms, rssMb };
}

/** A port free right now, for the Slack receiver (its setting must name one). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function bench(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli.js'))) throw new Error('dist/ is not built: npm run build');
  const dir = mkdtempSync(join(tmpdir(), 'afterglow-footprint-'));
  const db = join(dir, 'afterglow.db');
  const env = { ...cleanEnv(), AFTERGLOW_DB: db, AFTERGLOW_LOG_LEVEL: 'info' };
  spawnSync(process.execPath, [BIN, 'migrate'], { env, cwd: ROOT });

  const sdkImport = ['--input-type=module', '-e', "await import('@slack/bolt'); await import('discord.js'); await import('better-sqlite3');"];
  const cmds: Record<string, string[]> = {
    'node -e 0': ['-e', '0'],
    'afterglow config --check': [BIN, 'config', '--check'],
    'afterglow cases': [BIN, 'cases'],
    'import Bolt + discord.js + better-sqlite3': sdkImport,
  };
  const wall: Record<string, number[]> = {};
  const rss: Record<string, number[]> = {};
  for (let i = 0; i < RUNS; i++) {
    for (const [name, args] of Object.entries(cmds)) {
      const r = timed(args, env);
      (wall[name] ??= []).push(r.wall);
      (rss[name] ??= []).push(r.rssMb);
    }
  }

  const slack = await startFakeSlack();
  const discord = new FakeDiscord({ guilds: [{ id: '130000000000000001', channels: [{ id: '130000000000000010', name: 'clinicians' }] }] });
  await discord.start();
  const platformsEnv = { ...env, ...slackEnv(slack), ...discordEnv(discord), SLACK_PORT: String(await freePort()) };
  const starts: number[] = [];
  const startRss: number[] = [];
  const consoleRss: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 5); i++) {
    const s = await untilReady([BIN, 'start'], platformsEnv, /afterglow is running/);
    starts.push(s.ms / 1000);
    startRss.push(s.rssMb);
    const c = await untilReady([BIN, 'chat'], env, /you>|Welcome/, true);
    consoleRss.push(c.rssMb);
  }
  await discord.stop();
  await slack.close();
  rmSync(dir, { recursive: true, force: true });

  const bare = median(wall['node -e 0']!);
  const sdk = median(wall['import Bolt + discord.js + better-sqlite3']!);
  const row = (name: string, w: number, base: number, baseName: string, mem: number, target: string) => [
    name,
    `${(w * 1000).toFixed(0)} ms`,
    `${(w / base).toFixed(2)}x ${baseName}`,
    `${mem.toFixed(0)} MB`,
    target,
  ];
  printTable(`Footprint (median of ${RUNS} interleaved runs; wall and peak RSS from /usr/bin/time)`, [
    ['command', 'wall', 'ratio', 'RSS', 'target'],
    row('node -e 0', bare, bare, 'bare', median(rss['node -e 0']!), 'baseline'),
    row('afterglow config --check', median(wall['afterglow config --check']!), bare, 'bare', median(rss['afterglow config --check']!), '<= 3.5x bare'),
    row('afterglow cases', median(wall['afterglow cases']!), bare, 'bare', median(rss['afterglow cases']!), '<= 3.5x bare'),
    row('import Bolt + discord.js + better-sqlite3', sdk, bare, 'bare', median(rss['import Bolt + discord.js + better-sqlite3']!), 'baseline'),
    row('afterglow start (Slack + Discord, until running)', median(starts), sdk, 'SDK import', median(startRss), '<= 1.25x SDK import'),
    ['afterglow chat (console, idle after its first answer)', '', '', `${median(consoleRss).toFixed(0)} MB`, '<= 90 MB + model'],
  ]);
}
