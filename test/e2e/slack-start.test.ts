// `npm start` with Slack settings: a child process (`node bin/afterglow.mjs
// start`) against the fake Slack, HTTP mode on a free port; it comes up, serves
// a DM, keeps tokens and message text out of its log, and stops cleanly on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BOT_TOKEN, SIGNING_SECRET, dmEvent, eventCallback, postSigned, slackEnv, startFakeSlack, waitUntil, type FakeSlack } from './fakes/slack-api.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

let fake: FakeSlack;
let child: ChildProcess | undefined;
let dir: string;
let stderr = '';
let stdout = '';

beforeAll(async () => {
  fake = await startFakeSlack();
  dir = mkdtempSync(join(tmpdir(), 'afterglow-slack-'));
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

it('npm start with SLACK_* settings comes up over HTTP, serves one DM, and stops on SIGTERM', async () => {
  const port = await freePort();
  // Only the platform we test: no Slack or Discord settings inherited from the shell.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|AFTERGLOW_)/.test(k)));
  child = spawn(process.execPath, ['bin/afterglow.mjs', 'start'], {
    cwd: join(import.meta.dirname, '..', '..'),
    env: {
      ...inherited,
      AFTERGLOW_DB: join(dir, 'afterglow.db'),
      ...slackEnv(fake, { SLACK_PORT: String(port) }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (stdout += String(d)));
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

  await waitUntil(() => stderr.includes('afterglow is running') || child!.exitCode !== null, () => `not started; stderr: ${stderr.slice(-2000)}`, 15_000);
  expect(child.exitCode).toBeNull();

  const secretWords = 'my private words about the session';
  const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, JSON.stringify(eventCallback(dmEvent('USTART', secretWords))), 'application/json', { secret: SIGNING_SECRET });
  expect(res.status).toBe(200);
  const reply = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DSTART', `reply (stderr: ${stderr.slice(-1500)})`, 10_000);
  expect(reply.token).toBe(BOT_TOKEN);

  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  if (process.env.DEBUG_SLACK) console.log(stderr);
  expect(stderr + stdout).not.toContain(BOT_TOKEN);
  expect(stderr + stdout).not.toContain(SIGNING_SECRET);
  expect(stderr + stdout).not.toContain(secretWords);
});
