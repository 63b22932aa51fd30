// Trend charts on Discord: the real discord.js REST client sends the PNG as a
// multipart attachment (payload_json + files[0]); the fake parses it and
// keeps the bytes, and the embed shows it through attachment://chart.png.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'discord.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord/index.js';
import { createAfterglow, type Afterglow } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { seedCare } from '../fixtures/care-seed.js';
import { FakeDiscord, discordEnv, type FakeUser, type RestCall } from './fakes/discord-fake.js';

const GUILD = '110000000000000001';
const CLINIC = '110000000000000010';
const CLINICIAN_ROLE = '110000000000000020';
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const clinician: FakeUser = { id: '390000000000000001', username: 'dr-lee' };
const maria: FakeUser = { id: '300000000000000077', username: 'maria' };

describe('GIVEN trend charts on Discord (real discord.js, loopback fake)', () => {
  const fake = new FakeDiscord({
    guilds: [{ id: GUILD, channels: [{ id: CLINIC, name: 'clinicians' }] }],
    members: { [clinician.id]: [CLINICIAN_ROLE] },
    roles: [CLINICIAN_ROLE],
  });
  let app: Afterglow;
  let dir: string;
  const clientErrors: unknown[] = [];
  const attachmentTo = (channelId: string) =>
    fake.waitForCall('POST', new RegExp(`^/channels/${channelId}/messages$`), (_b, c: RestCall) => (c.files?.length ?? 0) > 0);

  beforeAll(async () => {
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'afterglow-discord-chart-'));
    const config = loadConfig({ AFTERGLOW_DB: join(dir, 'a.db'), AFTERGLOW_LOG_LEVEL: 'silent', ...discordEnv(fake, { DISCORD_CLINICIAN_ROLE_ID: CLINICIAN_ROLE }) });
    const adapter = createDiscordAdapter(config.discord!, {
      logger: silentLogger(),
      rest: { globalRequestsPerSecond: 10_000, retries: 0 },
      onClient: (c: Client) => c.on('error', (e) => clientErrors.push(e)),
    });
    app = createAfterglow({ config, adapters: [adapter], logger: silentLogger(), tickMs: 600_000 });
    await app.start();
    const id = seedCare(app.store, 'maria', new Date());
    app.store.db.prepare(`UPDATE identities SET platform = 'discord', user_id = ? WHERE person_id = ?`).run(maria.id, id);
    app.store.db.prepare(`UPDATE people SET onboarded_at = ? WHERE id = ?`).run(new Date().toISOString(), id);
  });
  afterAll(async () => {
    await app?.stop();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => fake.clear());
  afterEach(() => expect(clientErrors).toEqual([]));

  it('WHEN a clinician types "patient maria" in the clinician channel THEN the view and an embed with the PNG attachment reach the clinician privately', async () => {
    fake.sendGuildMessage(GUILD, CLINIC, clinician, 'patient maria', [CLINICIAN_ROLE]);
    const dm = fake.dmChannelOf(clinician.id);
    const text = await fake.waitForCall('POST', new RegExp(`^/channels/${dm}/messages$`), (b) => /Patient maria/.test(b?.content ?? ''));
    expect(text.body.content).toMatch(/PHQ-9: 4 minimal/);
    const pic = await attachmentTo(dm);
    expect(pic.body.embeds[0]).toMatchObject({ title: 'Trends for maria, last 60 days', image: { url: 'attachment://chart.png' } });
    expect(pic.files![0]).toMatchObject({ name: 'files[0]', filename: 'chart.png' });
    expect([...pic.files![0]!.data.subarray(0, 8)]).toEqual(PNG);
    expect(pic.files![0]!.data.byteLength).toBeGreaterThan(10_000);
    // Nothing of it lands in the shared channel.
    expect(fake.calls.filter((c) => c.path === `/channels/${CLINIC}/messages`)).toEqual([]);
  });

  it('WHEN the patient DMs "mis tendencias" THEN their own chart comes back in their DM', async () => {
    fake.sendDm(maria, 'mis tendencias');
    const pic = await attachmentTo(fake.dmChannelOf(maria.id));
    expect([...pic.files![0]!.data.subarray(0, 8)]).toEqual(PNG);
  });
});
