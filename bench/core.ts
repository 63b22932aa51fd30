import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAfterglow } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Adapter } from '../src/core/adapter.js';
import { silentLogger } from '../src/core/logger.js';
import type { InboundEvent } from '../src/core/types.js';
import { createStore } from '../src/store/store.js';
import { printTable } from './table.js';

/** Raw better-sqlite3: one single-row insert per transaction, the ceiling for anything that persists per message. */
function rawInsertRate(dir: string, n: number): number {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, person INTEGER, at TEXT, body TEXT)');
  const insert = db.prepare('INSERT INTO t (person, at, body) VALUES (?, ?, ?)');
  const start = performance.now();
  for (let i = 0; i < n; i++) insert.run(i % 1000, new Date().toISOString(), 'a short message of ordinary length');
  const secs = (performance.now() - start) / 1000;
  db.close();
  return n / secs;
}

/** A platform that accepts everything at once: we measure the bot, not a network. */
const sink: Adapter = {
  platform: 'console',
  supportsChoices: true,
  hasBackupChannel: true,
  async start() {},
  async stop() {},
  async send() {
    return { messageId: 'm', channelId: 'c' };
  },
};

const TEXTS = [
  'journal walked by the river and felt the light on my face',
  'journal a little tired today but steady',
  'how do I use this',
  'help',
  'journal list',
  'i had a dream about the session, it felt like ego death but gentle',
];

export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'afterglow-bench-'));
  try {
    const rawN = 100_000;
    const raw = rawInsertRate(dir, rawN);

    const people = 1_000;
    const messages = Number(process.env.BENCH_MESSAGES ?? 100_000);
    const config = loadConfig({ AFTERGLOW_DB: join(dir, 'bot.db'), AFTERGLOW_LOG_LEVEL: 'silent' });
    const store = createStore(config.dbPath);
    const app = createAfterglow({ config, adapters: [sink], logger: silentLogger(), store });
    // Onboarded, consenting people: the steady state, not first contact.
    const now = new Date().toISOString();
    for (let p = 0; p < people; p++) {
      const person = store.people.ensure({ platform: 'console', userId: `p${p}` }, `p${p}`, now, { timezone: 'UTC', region: 'US' });
      store.people.setConsent(person.id, 'granted', now);
      store.people.set(person.id, 'onboardedAt', now);
      store.people.set(person.id, 'lastNoticeAt', '2999-01-01T00:00:00.000Z');
    }
    const event = (i: number): InboundEvent => {
      const who = `p${i % people}`;
      return {
        id: `bench-${i}`,
        platform: 'console',
        kind: 'message',
        from: { platform: 'console', userId: who, handle: who },
        conversation: { platform: 'console', kind: 'direct', id: who },
        text: TEXTS[i % TEXTS.length]!,
      };
    };
    const rssBefore = process.memoryUsage().rss;
    const start = performance.now();
    const batch = Number(process.env.BENCH_BATCH ?? 100);
    for (let i = 0; i < messages; i += batch) {
      const pending: Promise<void>[] = [];
      for (let j = i; j < Math.min(messages, i + batch); j++) pending.push(app.bot.handle(event(j)));
      await Promise.all(pending);
      await app.dispatcher.drain();
    }
    const secs = (performance.now() - start) / 1000;
    const rate = messages / secs;
    (globalThis as { gc?: () => void }).gc?.();
    const mem = process.memoryUsage();
    const rss = mem.rss;
    console.log(`heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB, heap total ${(mem.heapTotal / 2 ** 20).toFixed(0)} MB, external ${(mem.external / 2 ** 20).toFixed(0)} MB, array buffers ${(mem.arrayBuffers / 2 ** 20).toFixed(0)} MB`);
    const sent = store.outbox.counts().sent ?? 0;
    await app.stop();

    printTable('Core: messages through bot.handle with SQLite persistence (same run)', [
      ['measure', 'value', 'target'],
      ['raw better-sqlite3 single-row inserts/s', raw.toFixed(0), ''],
      [`bot.handle messages/s (${messages.toLocaleString('en-US')} from ${people} people, replies sent)`, rate.toFixed(0), '≥ 5,000'],
      ['handle rate / raw insert rate', `${((rate / raw) * 100).toFixed(1)}%`, '≥ 10%'],
      ['replies delivered through the outbox', String(sent), ''],
      ['RSS before → after (MB)', `${(rssBefore / 2 ** 20).toFixed(0)} → ${(rss / 2 ** 20).toFixed(0)}`, '< 150 MB'],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
