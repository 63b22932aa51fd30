import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAfterglow, type Afterglow, advanceClock } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Adapter } from '../../src/core/adapter.js';
import { ManualClock } from '../../src/core/clock.js';
import { DeliveryError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import type { RateLimit } from '../../src/core/adapter.js';
import type { Address, InboundEvent, OutboundMessage, Platform, Role, SendResult } from '../../src/core/types.js';
import { createStore } from '../../src/store/store.js';

export interface Sent {
  to: Address;
  message: OutboundMessage;
  at: Date;
}

/**
 * A test platform: records what the bot sends, can be told to fail, and
 * turns `say(...)` into InboundEvents. Conversation tests read like dialogue.
 */
export class FakeAdapter implements Adapter {
  readonly platform = 'console' as const;
  readonly supportsChoices = true;
  readonly hasBackupChannel = true;
  sent: Sent[] = [];
  /** When set, send() throws this for matching addresses. */
  failWith: ((to: Address) => DeliveryError | undefined) | undefined;
  private seq = 0;
  constructor(private readonly clock: ManualClock) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(to: Address, message: OutboundMessage): Promise<SendResult> {
    const err = this.failWith?.(to);
    if (err) throw err;
    this.sent.push({ to, message, at: this.clock.now() });
    const id = `m${++this.seq}`;
    return { messageId: id, channelId: to.kind === 'direct' ? to.id : to.kind };
  }
  /** When set, edits behave as if the old message was deleted: a new message is posted instead. */
  editsRepost = false;
  async update(ref: { messageId: string; channelId: string }, message: OutboundMessage): Promise<SendResult | void> {
    this.sent.push({ to: { platform: 'console', kind: 'clinicians' }, message: { ...message, replaces: { platform: 'console', ...ref } }, at: this.clock.now() });
    if (this.editsRepost) return { messageId: `m${++this.seq}`, channelId: ref.channelId };
  }
  /** Messages to one person (direct), in order, as text. */
  to(userId: string): string[] {
    return this.sent.filter((s) => s.to.kind === 'direct' && s.to.id === userId).map((s) => s.message.text);
  }
  clinicianChannel(): Sent[] {
    return this.sent.filter((s) => s.to.kind === 'clinicians' || s.to.kind === 'backup');
  }
  clear(): void {
    this.sent = [];
  }
}

export interface Harness {
  app: Afterglow;
  adapter: FakeAdapter;
  clock: ManualClock;
  dbPath: string;
  config: Config;
  /** A person types a message; resolves when the bot has answered. */
  say(from: string, text: string, options?: { roles?: Role[]; id?: string; channel?: string; kind?: 'message' | 'edit'; viaCommand?: boolean }): Promise<string[]>;
  /** A person presses a button (optionally submitting form fields). */
  press(from: string, choice: string, options?: { roles?: Role[]; fields?: Record<string, string> }): Promise<string[]>;
  advance(ms: number): Promise<void>;
  advanceTo(at: Date | string): Promise<void>;
  /** Stop this bot and start a new one over the same database (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

let eventSeq = 0;

/** A direct message as a platform would hand it to the bot, for tests that call `bot.handle` themselves. */
export function directMessage(from: string, text: string, roles?: Role[]): InboundEvent {
  return {
    id: `evt-${++eventSeq}`,
    platform: 'console',
    kind: 'message',
    from: { platform: 'console', userId: from, handle: from },
    conversation: { platform: 'console', kind: 'direct', id: from },
    text,
    ...(roles ? { platformRoles: roles } : {}),
  };
}

export async function createHarness(
  options: { env?: Record<string, string>; start?: string; dir?: string; rateLimits?: Partial<Record<Platform, RateLimit>> } = {},
): Promise<Harness> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'afterglow-test-'));
  const dbPath = join(dir, 'test.db');
  const config = loadConfig({ AFTERGLOW_DB: dbPath, ...options.env });
  const clock = new ManualClock(options.start ?? '2026-11-20T15:00:00Z');
  let adapter = new FakeAdapter(clock);
  const make = () =>
    createAfterglow({ config, adapters: [adapter], clock, logger: silentLogger(), store: createStore(dbPath), ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}) });
  let app = make();
  await app.start();

  async function deliver(event: InboundEvent): Promise<string[]> {
    const before = adapter.sent.length;
    await app.bot.handle(event);
    await app.settle();
    return adapter.sent.slice(before).map((s) => s.message.text);
  }

  function base(from: string, roles?: Role[]): Pick<InboundEvent, 'id' | 'platform' | 'from' | 'conversation' | 'platformRoles'> {
    return {
      id: `evt-${++eventSeq}`,
      platform: 'console',
      from: { platform: 'console', userId: from, handle: from },
      conversation: { platform: 'console', kind: 'direct', id: from },
      ...(roles ? { platformRoles: roles } : {}),
    };
  }

  const h: Harness = {
    get app() {
      return app;
    },
    get adapter() {
      return adapter;
    },
    clock,
    dbPath,
    config,
    say(from, text, o = {}) {
      const b = base(from, o.roles);
      return deliver({
        ...b,
        ...(o.id ? { id: o.id } : {}),
        kind: o.kind ?? 'message',
        text,
        ...(o.channel ? { conversation: { platform: 'console', kind: 'channel', id: o.channel } } : {}),
        ...(o.viaCommand ? { viaCommand: true } : {}),
      });
    },
    press(from, choice, o = {}) {
      return deliver({ ...base(from, o.roles), kind: 'choice', choice, ...(o.fields ? { fields: o.fields } : {}) });
    },
    async advance(ms) {
      await advanceClock(app, clock, new Date(clock.now().getTime() + ms));
    },
    async advanceTo(at) {
      await advanceClock(app, clock, new Date(at));
    },
    async restart() {
      await app.stop();
      adapter = new FakeAdapter(clock);
      app = make();
      await app.start();
    },
    async close() {
      await app.stop();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  } as Harness;
  return h;
}

/** Onboard a patient quickly: consent yes, keep zone, no daily check-in. */
export async function onboard(h: Harness, who: string, zone = 'keep'): Promise<void> {
  await h.say(who, 'hi');
  await h.press(who, 'onb:consent:yes');
  await h.press(who, `onb:tz:${zone}`);
  await h.press(who, 'onb:time:none');
}
