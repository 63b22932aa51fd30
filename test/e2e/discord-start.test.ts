// `npm start` (node bin/afterglow.mjs start) as a child process with DISCORD_*
// settings pointing at the loopback fake: it comes up, registers its slash
// commands, serves a DM, never prints the token, and stops cleanly on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, FakeDiscord, discordEnv } from './fakes/discord-fake.js';

const GUILD = '130000000000000001';
const CLINIC = '130000000000000010';

describe('GIVEN `npm start` with Discord settings pointing at a fake', () => {
  const fake = new FakeDiscord({ guilds: [{ id: GUILD, channels: [{ id: CLINIC, name: 'clinicians' }] }] });
  let child: ChildProcess | undefined;
  let dir: string;
  let stderr = '';
  let stdout = '';

  beforeAll(async () => {
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'afterglow-discord-start-'));
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('THEN it comes up, serves one DM and stops cleanly', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|AFTERGLOW_)/.test(k)));
    child = spawn(process.execPath, ['bin/afterglow.mjs', 'start'], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: {
        ...env,
        AFTERGLOW_DB: join(dir, 'afterglow.db'),
        AFTERGLOW_LOG_LEVEL: 'info',
        ...discordEnv(fake),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (stdout += String(d)));
    child.stderr!.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

    const waitLong = <T>(pred: () => T | undefined | false, what: string) =>
      fake.waitFor(pred, `${what} (stderr so far: ${stderr.slice(-2000)})`, 15_000);
    await waitLong(() => fake.calls.find((c) => c.method === 'PUT' && c.path.endsWith(`/guilds/${GUILD}/commands`)), 'slash commands registered');
    await waitLong(() => stderr.includes('afterglow is running'), 'started');

    const user = { id: '230000000000000001', username: 'river' };
    fake.sendDm(user, 'hello');
    const reply = await waitLong(
      () => fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${fake.dmChannelOf(user.id)}/messages`),
      'a reply in the DM',
    );
    expect(reply.body.content.length).toBeGreaterThan(0);
    expect(reply.auth).toBe(`Bot ${BOT_TOKEN}`);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // The token is never printed, not even masked-in-part beyond config --check.
    expect(stderr + stdout).not.toContain(BOT_TOKEN);
  });
});
