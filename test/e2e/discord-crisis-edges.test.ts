// The crisis path's edges on Discord, through the real core and the real
// discord.js Client against the loopback fake: patient words that are
// markdown or mentions reach the clinician channel inert and ping no one
// (only the configured on-call role pings, on reminders), and a patient whose
// DMs are closed (50007) still has their page sent and clinicians told.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord/index.js';
import { advanceClock, createAfterglow, type Afterglow } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { HOSTILE_TEXTS, hostileMessage } from '../fixtures/hostile-text.js';
import { liveDiscordMarkdown } from '../fixtures/inert-checks.js';
import { FakeDiscord, discordEnv, type FakeUser, type RestCall } from './fakes/discord-fake.js';

const GUILD = '120000000000000001';
const CLINIC = '120000000000000010';
const CLINICIAN_ROLE = '120000000000000020';
const ONCALL_ROLE = '120000000000000021';

let userSeq = 0;
const newUser = (name: string): FakeUser => ({ id: String(400000000000000000n + BigInt(++userSeq)), username: name });

describe('GIVEN Afterglow on Discord (real core, real discord.js, loopback fake)', () => {
  const fake = new FakeDiscord({ guilds: [{ id: GUILD, channels: [{ id: CLINIC, name: 'clinicians' }] }], roles: [CLINICIAN_ROLE, ONCALL_ROLE] });
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 15, 0));
  let app: Afterglow;
  let dir: string;
  const clientErrors: unknown[] = [];

  beforeAll(async () => {
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'afterglow-discord-edges-'));
    const config = loadConfig({
      AFTERGLOW_DB: join(dir, 'afterglow.db'),
      AFTERGLOW_LOG_LEVEL: 'silent',
      AFTERGLOW_ESCALATION_MINUTES: '10',
      ...discordEnv(fake, { DISCORD_ONCALL_ROLE_ID: ONCALL_ROLE, DISCORD_CLINICIAN_ROLE_ID: CLINICIAN_ROLE }),
    });
    const adapter = createDiscordAdapter(config.discord!, {
      logger: silentLogger(),
      rest: { globalRequestsPerSecond: 10_000, retries: 0 },
      onClient: (c) => c.on('error', (e) => clientErrors.push(e)),
    });
    app = createAfterglow({ config, adapters: [adapter], clock, logger: silentLogger(), tickMs: 3_600_000, rateLimits: { discord: { perSecond: 1000, burst: 1000 } } });
    await app.start();
  });
  afterAll(async () => {
    await app?.stop();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
    expect(clientErrors).toEqual([]);
  });
  beforeEach(() => fake.clear());

  const patientField = (c: RestCall) => (c.body?.embeds?.[0]?.fields ?? []).find((f: { name: string }) => f.name === 'Patient')?.value;
  const alertAbout = (user: FakeUser, after = 0) =>
    fake.waitFor(() => fake.calls.find((c, i) => i >= after && c.method === 'POST' && c.path === `/channels/${CLINIC}/messages` && patientField(c) === user.username), `alert about ${user.username}`);
  const dmPosts = (user: FakeUser) => fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${fake.dmChannelOf(user.id)}/messages`);

  function expectInert(call: RestCall, mention?: string): void {
    const body = call.body;
    expect(body.allowed_mentions).toEqual(mention ? { parse: [], roles: [mention] } : { parse: [] });
    expect(body.content).toBe(mention ? `<@&${mention}>` : '');
    const embed = body.embeds[0];
    expect(liveDiscordMarkdown(embed.description)).toEqual([]);
    for (const f of embed.fields) expect(liveDiscordMarkdown(f.value)).toEqual([]);
    expect(embed.description).toContain('kill myself');
  }

  describe('WHEN patients in crisis write mentions, broadcasts and markdown', () => {
    HOSTILE_TEXTS.forEach((h, i) => {
      it(`THEN ${h.name} reaches the clinician channel as typed, rendered inert and pinging no one`, async () => {
        const user = newUser(`host${i}`);
        fake.sendDm(user, hostileMessage(h));
        expectInert(await alertAbout(user));
        // The crisis reply, by what it says: the region's crisis line.
        await fake.waitFor(() => dmPosts(user).find((c) => /\b988\b/.test(c.body.content)), 'crisis reply with 988');
      });
    });

    it('THEN a reminder pings the configured on-call role and only it; the patient words in it still ping no one', async () => {
      const user = newUser('hostrem');
      fake.sendDm(user, `${hostileMessage(HOSTILE_TEXTS[8]!)} <@&${ONCALL_ROLE}> <@123456789012345678> **now**`);
      await alertAbout(user);
      const before = fake.calls.length;
      await advanceClock(app, clock, new Date(clock.now().getTime() + 6 * 60_000));
      expectInert(await alertAbout(user, before), ONCALL_ROLE);
    });
  });

  describe('WHEN the patient has closed their DMs (50007) during a crisis', () => {
    it('THEN the page still goes, the crisis reply is recorded undeliverable on the case, and clinicians are told to reach them another way', async () => {
      const user = newUser('closed');
      fake.fail({ method: 'POST', path: new RegExp(`^/channels/${fake.dmChannelOf(user.id)}/messages$`), status: 403, body: { code: 50007, message: 'Cannot send messages to this user' }, times: 5 });
      fake.sendDm(user, 'I want to kill myself tonight');
      const page = await alertAbout(user);
      expect(page.response?.id).toBeDefined();
      const warning = await fake.waitFor(
        () => fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${CLINIC}/messages` && /can't be reached/.test(c.body.content ?? '')),
        'the unreachable warning',
      );
      expect(warning.body.content).toMatch(/closed/);
      expect(warning.body.content).toMatch(/crisis reply/);
      const person = app.store.people.findByIdentity('discord', user.id)!;
      const kase = app.store.cases.openForPerson(person.id)[0]!;
      const reply = app.store.db.prepare(`SELECT status, last_error AS error FROM outbox WHERE case_id = ? AND purpose = 'crisis_reply'`).get(kase.id) as { status: string; error: string };
      expect(reply).toMatchObject({ status: 'undeliverable', error: expect.stringMatching(/50007/) });
      expect(kase).toMatchObject({ status: 'open' });
      expect(kase.nextEscalationAt).not.toBeNull();
    });
  });
});
