import { afterEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/core/adapter.js';
import { ManualClock } from '../../src/core/clock.js';
import { Dispatcher, type DispatcherHooks } from '../../src/core/dispatcher.js';
import { DeliveryError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { createStore } from '../../src/store/store.js';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

/** A dispatcher over an in-memory outbox and a platform whose send() the test writes. */
function bareDispatcher(send: Adapter['send'], hooks?: DispatcherHooks, platform: Partial<Adapter> = {}) {
  const store = createStore(':memory:');
  const clock = new ManualClock('2026-11-20T12:00:00Z');
  const adapter: Adapter = { platform: 'console', supportsChoices: true, hasBackupChannel: false, async start() {}, async stop() {}, send, ...platform };
  const dispatcher = new Dispatcher({ outbox: store.outbox, clock, logger: silentLogger(), adapters: [adapter], ...(hooks ? { hooks } : {}) });
  return { store, dispatcher, clock, at: clock.now().toISOString() };
}

describe('the outbox dispatcher', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a DM that is rate limited WHEN a crisis alert is raised THEN the alert is not held back by it', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await onboard(h, 'bob');
    let limited = 0;
    h.adapter.failWith = (to) => {
      if (to.kind === 'direct' && to.id === 'bob' && limited++ < 1) return new DeliveryError('rate_limited', 'ratelimited', { retryAfterMs: 30_000 });
      return undefined;
    };
    await h.say('bob', 'help');
    await h.say('alice', 'i want to kill myself');
    expect(h.adapter.clinicianChannel()).toHaveLength(1);
    expect(h.adapter.to('bob').at(-1)).not.toMatch(/Here's what you can type/);
    await h.advance(31_000);
    expect(h.adapter.to('bob').at(-1)).toMatch(/Here's what you can type/);
  });

  it('GIVEN a recipient who closed their DMs WHEN a message fails as unreachable THEN clinicians are told once and it is not retried', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    h.adapter.failWith = (to) => (to.kind === 'direct' ? new DeliveryError('unreachable', 'dms closed') : undefined);
    await h.say('alice', 'journal list');
    await h.say('alice', 'help');
    await h.advance(60 * 60_000);
    const notes = h.adapter.clinicianChannel().filter((s) => /can't be reached/.test(s.message.text));
    expect(notes).toHaveLength(1);
    const person = h.app.store.people.findByIdentity('console', 'alice')!;
    expect(person.unreachableAt).not.toBeNull();
    expect(h.app.store.outbox.counts().undeliverable).toBe(2);
  });

  it('GIVEN messages of every priority waiting WHEN the channel comes back THEN crisis items go first', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    h.adapter.failWith = () => new DeliveryError('transient', 'down');
    await h.say('alice', 'journal a quiet day');
    await h.say('alice', 'i want to die');
    h.adapter.failWith = undefined;
    h.adapter.clear();
    await h.advance(5 * 60_000);
    const order = h.adapter.sent.map((s) => (s.to.kind === 'clinicians' ? 'alert' : /988/.test(s.message.text) ? 'crisis_reply' : 'reply'));
    expect(order.slice(0, 2).sort()).toEqual(['alert', 'crisis_reply']);
    expect(order).toContain('reply');
  });
});

describe('the outbox dispatcher with a slow platform', () => {
  it('GIVEN a batch of scheduled prompts being sent WHEN a crisis alert is queued mid-batch THEN it goes next, not after the batch', async () => {
    const order: string[] = [];
    let release: (() => void) | undefined;
    let started!: () => void;
    const firstStarted = new Promise<void>((r) => (started = r));
    const { store, dispatcher, at } = bareDispatcher(async (_to, message) => {
      if (message.text === 'prompt 1') {
        started();
        await new Promise<void>((r) => (release = r));
      }
      order.push(message.text);
      return { messageId: message.text, channelId: 'c' };
    });
    for (let i = 1; i <= 5; i++)
      store.outbox.enqueue({ priority: 'scheduled', purpose: 'scheduled', address: { platform: 'console', kind: 'direct', id: `p${i}` }, message: { text: `prompt ${i}` }, at });
    const pass = dispatcher.drain();
    await firstStarted;
    store.outbox.enqueue({ priority: 'crisis', purpose: 'alert', address: { platform: 'console', kind: 'clinicians' }, message: { text: 'ALERT' }, at });
    dispatcher.wake('console');
    release!();
    await pass;
    expect(order).toEqual(['prompt 1', 'ALERT', 'prompt 2', 'prompt 3', 'prompt 4', 'prompt 5']);
    store.close();
  });
});

describe('the outbox dispatcher when something breaks', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  it('GIVEN a hook that throws during a send WHEN later messages are queued THEN they are still delivered', async () => {
    const delivered: string[] = [];
    const { store, dispatcher, at } = bareDispatcher(
      async (to, message) => {
        if (to.kind === 'direct' && to.id === 'closed') throw new DeliveryError('unreachable', 'dms closed');
        delivered.push(message.text);
        return { messageId: message.text, channelId: 'c' };
      },
      {
        onUnreachable() {
          throw new Error('database is locked');
        },
      },
    );
    store.outbox.enqueue({ priority: 'reply', purpose: 'reply', address: { platform: 'console', kind: 'direct', id: 'closed' }, message: { text: 'to a closed DM' }, at });
    // Two drains at once: the second joins the first.
    await Promise.all([dispatcher.drain(), dispatcher.drain()]);
    store.outbox.enqueue({ priority: 'crisis', purpose: 'alert', address: { platform: 'console', kind: 'clinicians' }, message: { text: 'ALERT' }, at });
    await dispatcher.drain();
    expect(delivered).toEqual(['ALERT']);
    store.close();
  });

  it('GIVEN a scheduled prompt and a reply that keep failing WHEN each is retried THEN both count attempts 1, 2 and back off 1 s, then 2 s', async () => {
    const retries: { purpose: string; attempts: number; delayMs: number }[] = [];
    const { store, dispatcher, clock, at } = bareDispatcher(
      async () => {
        throw new DeliveryError('transient', 'down');
      },
      {
        onRetry(item) {
          const row = store.outbox.get(item.id)!;
          retries.push({ purpose: item.purpose, attempts: item.attempts, delayMs: Date.parse(row.nextAttemptAt) - clock.now().getTime() });
        },
      },
    );
    // A scheduled prompt is claimed before it is sent (its attempt is counted then); a reply is not.
    const address = { platform: 'console' as const, kind: 'direct' as const, id: 'alice' };
    store.outbox.enqueue({ priority: 'scheduled', purpose: 'scheduled', address, message: { text: 'prompt' }, at });
    store.outbox.enqueue({ priority: 'reply', purpose: 'reply', address: { ...address, id: 'bob' }, message: { text: 'reply' }, at });
    await dispatcher.drain();
    clock.advance(1000);
    await dispatcher.drain();
    const rows = retries.map(({ purpose, attempts, delayMs }) => `${purpose} #${attempts} +${delayMs}ms`).sort();
    expect(rows).toEqual(['reply #1 +1000ms', 'reply #2 +2000ms', 'scheduled #1 +1000ms', 'scheduled #2 +2000ms']);
    store.close();
  });

  it('GIVEN a platform that declares 2 messages a second WHEN five replies are due THEN two go at once and the rest as the rate allows', async () => {
    const sent: string[] = [];
    const { store, dispatcher, clock, at } = bareDispatcher(
      async (to, message) => {
        sent.push(message.text);
        return { messageId: String(sent.length), channelId: 'c' };
      },
      undefined,
      { rateLimit: { perSecond: 2, burst: 2 } },
    );
    const address = { platform: 'console' as const, kind: 'direct' as const, id: 'alice' };
    for (let i = 1; i <= 5; i++) store.outbox.enqueue({ priority: 'reply', purpose: 'reply', address, message: { text: `m${i}` }, at });
    expect(await dispatcher.drain()).toBe(2);
    clock.advance(1000);
    expect(await dispatcher.drain()).toBe(2);
    clock.advance(500);
    expect(await dispatcher.drain()).toBe(1);
    expect(sent).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    await dispatcher.stop();
    store.close();
  });

  it('GIVEN the clinician channel reports itself unreachable WHEN an alert is sent THEN it is retried, never given up on', async () => {
    const hh = (h = await createHarness());
    await onboard(hh, 'alice');
    let failures = 0;
    hh.adapter.failWith = (to) => (to.kind === 'clinicians' && failures++ < 3 ? new DeliveryError('unreachable', 'channel_not_found') : undefined);
    await hh.say('alice', 'i want to kill myself');
    await hh.advance(2 * 60_000);
    expect(hh.adapter.sent.filter((s) => s.to.kind === 'clinicians' && /Crisis alert/.test(s.message.text))).toHaveLength(1);
  });

  it('GIVEN a clinician channel that hangs WHEN a crisis message arrives THEN the patient still gets their crisis reply at once', async () => {
    const hh = (h = await createHarness());
    await onboard(hh, 'alice');
    let release!: () => void;
    const hang = new Promise<void>((r) => (release = r));
    const original = hh.adapter.send.bind(hh.adapter);
    hh.adapter.send = async (to, message) => {
      if (to.kind === 'clinicians') await hang;
      return original(to, message);
    };
    const handled = hh.app.bot.handle({
      id: 'evt-hang',
      platform: 'console',
      kind: 'message',
      from: { platform: 'console', userId: 'alice', handle: 'alice' },
      conversation: { platform: 'console', kind: 'direct', id: 'alice' },
      text: 'i want to kill myself',
    });
    await handled;
    const pass = hh.app.dispatcher.drain();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(hh.adapter.to('alice').at(-1)).toMatch(/988/);
    release();
    await pass;
    expect(hh.adapter.clinicianChannel()).toHaveLength(1);
  });
});
