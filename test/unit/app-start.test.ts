import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createAfterglow } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Adapter } from '../../src/core/adapter.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';

it('GIVEN two platforms WHEN the second fails to start THEN stopping closes the first and nothing else', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'afterglow-start-'));
  const log: string[] = [];
  const platform = (name: 'slack' | 'discord', fails: boolean): Adapter => ({
    platform: name,
    supportsChoices: true,
    hasBackupChannel: false,
    async start() {
      if (fails) throw new Error(`${name} refused the token`);
      log.push(`${name} started`);
    },
    async stop() {
      log.push(`${name} stopped`);
    },
    async send() {
      return { messageId: 'm', channelId: 'c' };
    },
  });
  const app = createAfterglow({
    config: loadConfig({ AFTERGLOW_DB: join(dir, 'a.db') }),
    adapters: [platform('slack', false), platform('discord', true)],
    clock: new ManualClock(),
    logger: silentLogger(),
  });
  await expect(app.start()).rejects.toThrow('discord refused the token');
  await app.stop();
  expect(log).toEqual(['slack started', 'slack stopped']);
  rmSync(dir, { recursive: true, force: true });
});
