// DM → clinician alert through the real discord.js Client and the real core on
// loopback: a crisis DM dispatched by the fake gateway until the alert's
// POST /channels/:clinic/messages reaches the fake REST server. Also the time
// from an INTERACTION_CREATE to its acknowledgement (Discord allows 3 s).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDiscordAdapter } from '../adapters/discord/index.js';
import { createAfterglow } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/core/logger.js';
import { FakeDiscord } from '../test/e2e/fakes/discord-fake.js';

const GUILD = '120000000000000001';
const CLINIC = '120000000000000010';

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export async function bench(): Promise<void> {
  const fake = new FakeDiscord({ guilds: [{ id: GUILD, channels: [{ id: CLINIC, name: 'clinicians' }] }] });
  await fake.start();
  const dir = mkdtempSync(join(tmpdir(), 'afterglow-bench-discord-'));
  const config = loadConfig({
    AFTERGLOW_DB: join(dir, 'afterglow.db'),
    AFTERGLOW_LOG_LEVEL: 'silent',
    DISCORD_TOKEN: 'bench-discord-token-0123456789',
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_GUILD_ID: GUILD,
    DISCORD_CLINICIAN_CHANNEL_ID: CLINIC,
    DISCORD_API_URL: fake.apiUrl,
  });
  const adapter = createDiscordAdapter(config.discord!, {
    logger: silentLogger(),
    rest: { globalRequestsPerSecond: 100_000, retries: 0 },
    registerCommandsOnStart: false,
  });
  // Generous platform limit so the benchmark measures latency, not the outbox's pacing.
  const app = createAfterglow({
    config,
    adapters: [adapter],
    logger: silentLogger(),
    tickMs: 600_000,
    rateLimits: { discord: { perSecond: 10_000, burst: 10_000 } },
  });
  await app.start();

  const alertLatency: number[] = [];
  const ackLatency: number[] = [];
  const warmup = 20;
  const runs = 200;
  try {
    for (let i = 0; i < warmup + runs; i++) {
      fake.clear();
      const user = { id: String(500000000000000000n + BigInt(i)), username: `patient${i}` };
      const t0 = performance.now();
      fake.sendDm(user, 'I want to kill myself tonight');
      const alert = await fake.waitForCall('POST', new RegExp(`^/channels/${CLINIC}/messages$`), undefined, 5000);
      if (i >= warmup) alertLatency.push(alert.hr - t0);
      // An interaction: the crisis reply's DM is where the patient is; a slash command there.
      const t1 = performance.now();
      const id = fake.slashCommand(user, 'help');
      const ack = await fake.waitForCall('POST', new RegExp(`^/interactions/${id}/`), undefined, 5000);
      if (i >= warmup) ackLatency.push(ack.hr - t1);
      await app.settle();
    }
  } finally {
    await app.stop();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  const rows = [
    ['discord: crisis DM → clinician alert', alertLatency],
    ['discord: interaction → acknowledgement', ackLatency],
  ] as const;
  const fmt = (n: number) => n.toFixed(2).padStart(8);
  console.log(`\n${'benchmark'.padEnd(42)} ${'n'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
  for (const [name, values] of rows) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(`${name.padEnd(42)} ${String(sorted.length).padStart(5)} ${fmt(percentile(sorted, 50))} ${fmt(percentile(sorted, 99))} ${fmt(sorted.at(-1)!)}`);
  }
  console.log('(real discord.js Client + real core + SQLite on 127.0.0.1; target p99 < 50 ms for the alert)');
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
