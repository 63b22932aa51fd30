// Slack benchmarks on loopback: the real core and the real Bolt App against
// the project's fake Slack (test/e2e/fakes/slack-api.ts), signed requests.
//   1. Inbound crisis DM → clinician-channel alert (chat.postMessage seen by the
//      fake), p50/p99 over sequential messages from distinct patients.
//   2. Inbound messages per second through the HTTP receiver: signature check,
//      Bolt, normalisation and ack, with a counting handler (the transport alone),
//      and through the whole core (handled and answered) with bounded concurrency.
import { performance } from 'node:perf_hooks';
import { createSlackAdapter } from '../adapters/slack/index.js';
import { createAfterglow } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/core/logger.js';
import { dmEvent, eventCallback, postSigned, startFakeSlack, type FakeSlack } from '../test/e2e/fakes/slack-api.js';

const SECRET = 'bench-signing-secret';

function env(fake: FakeSlack): NodeJS.ProcessEnv {
  return {
    AFTERGLOW_DB: ':memory:',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_CLINICIAN_CHANNEL: 'CCLIN',
    SLACK_API_URL: fake.apiUrl,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function pool(total: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await job(next++);
    }),
  );
}

/** The fake Slack and a real adapter pointed at it. */
async function fakeAndAdapter() {
  const fake = await startFakeSlack();
  const config = loadConfig(env(fake));
  const slack = createSlackAdapter(config.slack!, { logger: silentLogger(), host: '127.0.0.1', port: 0, retryConfig: { retries: 0 } });
  return { fake, config, slack };
}

/**
 * The whole bot on the fake Slack, ready for signed events. `handled` counts
 * events the core has finished with (committed): the receiver acks before
 * the core handles, so an answered request says nothing about the core.
 */
async function startBot() {
  const { fake, config, slack } = await fakeAndAdapter();
  let handled = 0;
  const counting = new Proxy(slack, {
    get(target, key, receiver) {
      if (key !== 'start') return Reflect.get(target, key, receiver);
      return (h: Parameters<typeof slack.start>[0]) =>
        target.start(async (event) => {
          await h(event);
          handled++;
        });
    },
  });
  // The dispatcher's Slack rate limit (20/s) would measure the limiter, not the path: lift it here.
  const app = createAfterglow({ config, adapters: [counting], logger: silentLogger(), tickMs: 3_600_000, rateLimits: { slack: { perSecond: 1e6, burst: 1e6 } } });
  await app.start();
  return { fake, app, url: `http://127.0.0.1:${slack.port}/slack/events`, handled: () => handled };
}

async function alertLatency(samples: number, warmup: number): Promise<{ p50: number; p99: number; max: number }> {
  const { fake, app, url } = await startBot();
  const times: number[] = [];
  try {
    for (let i = 0; i < warmup + samples; i++) {
      const user = `UB${String(i).padStart(6, '0')}`;
      const alerted = new Promise<void>((resolve) => {
        const off = fake.onCall((c) => {
          if (c.method === 'chat.postMessage' && c.body.channel === 'CCLIN' && JSON.stringify(c.body.blocks).includes(`<@${user}>`)) {
            off();
            resolve();
          }
        });
      });
      const t0 = performance.now();
      await postSigned(url, JSON.stringify(eventCallback(dmEvent(user, 'I want to kill myself tonight'))), 'application/json', { secret: SECRET });
      await alerted;
      if (i >= warmup) times.push(performance.now() - t0);
      fake.clear();
    }
  } finally {
    await app.stop();
    await fake.close();
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1)! };
}

async function receiverThroughput(total: number, concurrency: number): Promise<number> {
  const { fake, slack } = await fakeAndAdapter();
  let delivered = 0;
  await slack.start(async () => {
    delivered++;
  });
  const url = `http://127.0.0.1:${slack.port}/slack/events`;
  const bodies = Array.from({ length: total }, (_, i) => JSON.stringify(eventCallback(dmEvent(`UT${i % 100}`, `message ${i}`))));
  try {
    const t0 = performance.now();
    await pool(total, concurrency, async (i) => {
      const r = await postSigned(url, bodies[i]!, 'application/json', { secret: SECRET });
      if (r.status !== 200) throw new Error(`status ${r.status}`);
    });
    while (delivered < total) await new Promise((r) => setImmediate(r));
    return total / ((performance.now() - t0) / 1000);
  } finally {
    await slack.stop();
    await fake.close();
  }
}

async function coreThroughput(total: number, concurrency: number): Promise<number> {
  const { fake, app, url, handled } = await startBot();
  const bodies = Array.from({ length: total }, (_, i) => JSON.stringify(eventCallback(dmEvent(`UC${i % 200}`, 'help'))));
  try {
    const t0 = performance.now();
    await pool(total, concurrency, async (i) => {
      const r = await postSigned(url, bodies[i]!, 'application/json', { secret: SECRET });
      if (r.status !== 200) throw new Error(`status ${r.status}`);
    });
    // Every event handled, then every answer it queued sent to the fake.
    const deadline = performance.now() + 120_000;
    while (handled() < total) {
      if (performance.now() > deadline) throw new Error(`only ${handled()} of ${total} events handled`);
      await new Promise((r) => setImmediate(r));
    }
    await app.settle();
    const pending = app.store.outbox.counts().pending ?? 0;
    if (pending > 0) throw new Error(`${pending} answers still unsent`);
    return total / ((performance.now() - t0) / 1000);
  } finally {
    await app.stop();
    await fake.close();
  }
}

export async function bench(): Promise<void> {
  const latency = await alertLatency(300, 30);
  const receiver = await receiverThroughput(5000, 32);
  const core = await coreThroughput(2000, 32);
  const rows = [
    ['slack: crisis DM → clinician alert, p50', `${latency.p50.toFixed(2)} ms`, 'target p99 < 50 ms'],
    ['slack: crisis DM → clinician alert, p99', `${latency.p99.toFixed(2)} ms`, latency.p99 < 50 ? 'ok' : 'OVER TARGET'],
    ['slack: crisis DM → clinician alert, max', `${latency.max.toFixed(2)} ms`, '300 samples after 30 warm-up'],
    ['slack: HTTP receiver, signed DMs acked+delivered', `${Math.round(receiver)} msg/s`, '5000 msgs, 32 in flight'],
    ['slack: HTTP receiver + core, handled and answered', `${Math.round(core)} msg/s`, '2000 msgs, 32 in flight'],
  ];
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(`${r[0]!.padEnd(w[0]!)}  ${r[1]!.padStart(w[1]!)}  ${r[2]}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
