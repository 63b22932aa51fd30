import { PRIORITY, type OutboxItem, type OutboxRepo } from '../store/outbox-repo.js';
import type { Adapter, RateLimit } from './adapter.js';
import type { Clock } from './clock.js';
import { DeliveryError, errorCode, errorMessage } from './errors.js';
import type { Logger } from './logger.js';
import type { Platform, SendResult } from './types.js';

export interface DispatcherHooks {
  /** The platform refused the recipient for good (closed DMs, deactivated user). */
  onUnreachable?(item: OutboxItem, error: DeliveryError): void;
  /** A send failed and will be retried (alerts use this to try the backup channel). */
  onRetry?(item: OutboxItem, error: unknown): void;
  onSent?(item: OutboxItem): void;
}

export interface DispatcherOptions {
  outbox: OutboxRepo;
  adapters: Adapter[];
  clock: Clock;
  logger: Logger;
  /** Overrides of the adapters' own rate limits (tests and benchmarks). */
  rateLimits?: Partial<Record<Platform, RateLimit>>;
  hooks?: DispatcherHooks;
  /** Cap on the back-off between retries. */
  maxBackoffMs?: number;
}

class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly limit: RateLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.last = now;
  }
  /** Ms to wait before a token is free (0 = take it now). */
  take(now: number): number {
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.limit.perSecond) * 1000);
  }
}

/**
 * Sends what the outbox holds, most urgent first, within each platform's
 * rate limit, retrying with back-off. Everything was written to SQLite
 * before it gets here, so a crash or a failed send loses nothing.
 */
export class Dispatcher {
  private readonly adapters = new Map<Platform, Adapter>();
  private readonly buckets = new Map<Platform, TokenBucket>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly options: DispatcherOptions) {
    for (const a of options.adapters) this.adapters.set(a.platform, a);
    const now = options.clock.now().getTime();
    for (const a of options.adapters) {
      const limit = options.rateLimits?.[a.platform] ?? a.rateLimit;
      if (limit) this.buckets.set(a.platform, new TokenBucket(limit, now));
    }
  }

  /**
   * Destinations the platform told us to slow down for (429 + Retry-After).
   * Per destination, not per platform: Slack limits chat.postMessage per
   * channel, and one busy DM must never hold back a clinician alert.
   */
  private readonly blocked = new Map<string, number>();

  private addressKey(item: OutboxItem): string {
    return JSON.stringify(item.address);
  }

  /** Send everything due now on every platform; resolves with how many went out. */
  async drain(): Promise<number> {
    const counts = await Promise.all([...this.adapters.keys()].map((p) => this.drainPlatform(p)));
    return counts.reduce((a, b) => a + b, 0);
  }

  /**
   * One pass per platform at a time. A drain asked for while a pass runs
   * sets `again`, and the running pass goes round once more, so nothing
   * queued meanwhile is missed. The entry is always removed when the pass
   * ends, error or not: a failed pass must never wedge later ones.
   */
  private readonly passes = new Map<Platform, { again: boolean; running: Promise<number> }>();

  private drainPlatform(platform: Platform): Promise<number> {
    const current = this.passes.get(platform);
    if (current) {
      current.again = true;
      return current.running;
    }
    const pass = { again: false, running: Promise.resolve(0) };
    pass.running = (async () => {
      let total = 0;
      try {
        do {
          pass.again = false;
          total += await this.drainPlatformOnce(platform);
        } while (pass.again);
        return total;
      } finally {
        this.passes.delete(platform);
      }
    })();
    this.passes.set(platform, pass);
    return pass.running;
  }

  private async drainPlatformOnce(platform: Platform): Promise<number> {
    const { outbox, clock } = this.options;
    const adapter = this.adapters.get(platform)!;
    let sent = 0;
    for (;;) {
      const batch = outbox.due(platform, clock.now().toISOString(), 50);
      if (batch.length === 0) return sent;
      // Successful sends are marked in one transaction per batch: a SQLite
      // commit per message would cost more than a loopback send. Until the
      // flush a sent row is still `pending` (or `sending` for at-most-once
      // purposes), so a crash re-sends a reply rather than losing it, and
      // never repeats a scheduled prompt.
      const done: { item: OutboxItem; ref: SendResult }[] = [];
      this.urgent.delete(platform);
      let stop = false;
      try {
        const crisis = batch.filter((i) => i.priority === PRIORITY.crisis);
        if (crisis.length > 0) {
          // Crisis items go side by side, one queue per destination: a
          // clinician channel that times out must not hold back the patient's
          // crisis reply, nor the reverse.
          const byDestination = new Map<string, OutboxItem[]>();
          for (const item of crisis) {
            const key = this.addressKey(item);
            byDestination.set(key, [...(byDestination.get(key) ?? []), item]);
          }
          const results = await Promise.all(
            [...byDestination.values()].map(async (items) => {
              for (const item of items) if ((await this.sendOne(adapter, item, done)) === 'wait') return 'wait';
              return 'ok';
            }),
          );
          stop = results.includes('wait');
        } else {
          for (const item of batch) {
            if (this.urgent.has(platform)) break; // a crisis item was queued: re-query so it goes next
            if ((await this.sendOne(adapter, item, done)) === 'wait') {
              stop = true;
              break;
            }
          }
        }
      } finally {
        this.flush(done);
        sent += done.length;
      }
      if (stop) return sent;
    }
  }

  /** Send one item within the rate limit; 'wait' when the bucket is empty (a timer brings us back). */
  private async sendOne(adapter: Adapter, item: OutboxItem, done: { item: OutboxItem; ref: SendResult }[]): Promise<'ok' | 'wait'> {
    const { outbox, clock } = this.options;
    const wait = this.buckets.get(item.platform)?.take(clock.now().getTime()) ?? 0;
    if (wait > 0) {
      this.schedule(wait);
      return 'wait';
    }
    const key = this.addressKey(item);
    const blockedUntil = this.blocked.get(key);
    if (blockedUntil !== undefined) {
      if (blockedUntil > clock.now().getTime()) {
        outbox.defer(item.id, new Date(blockedUntil).toISOString());
        return 'ok';
      }
      this.blocked.delete(key);
    }
    if (outbox.mustClaim(item.purpose) && !outbox.claim(item.id)) return 'ok';
    const ref = await this.deliver(adapter, item);
    if (ref) done.push({ item, ref });
    return 'ok';
  }

  private flush(done: { item: OutboxItem; ref: SendResult }[]): void {
    if (done.length === 0) return;
    const at = this.options.clock.now().toISOString();
    this.options.outbox.markSentMany(done.map(({ item, ref }) => ({ id: item.id, at, messageId: ref.messageId, channelId: ref.channelId })));
    for (const { item, ref } of done) this.hook('onSent', () => this.options.hooks?.onSent?.({ ...item, messageId: ref.messageId, channelId: ref.channelId }));
  }

  /** Hooks are other modules' code: their failure is logged, never allowed to stop delivery. */
  private hook(name: string, run: () => void): void {
    try {
      run();
    } catch (err) {
      this.options.logger.error({ code: errorCode(err), hook: name, err }, 'dispatcher hook failed');
    }
  }

  /** Send one item; returns the platform's reference, or undefined when it failed (already rescheduled). */
  private async deliver(adapter: Adapter, item: OutboxItem): Promise<SendResult | undefined> {
    const { outbox, clock, logger, hooks } = this.options;
    const toClinicians = item.address.kind === 'clinicians' || item.address.kind === 'backup';
    try {
      if (item.message.replaces && adapter.update) {
        // An adapter that had to post anew (the old message is gone) says where.
        const moved = await adapter.update(item.message.replaces, item.message);
        return moved ?? { messageId: item.message.replaces.messageId, channelId: item.message.replaces.channelId };
      }
      return await adapter.send(item.address, item.message);
    } catch (err) {
      const now = clock.now().getTime();
      // A clinician channel is never given up on: "unreachable" there is a setup fault to retry and shout about.
      if (err instanceof DeliveryError && err.kind === 'unreachable' && !toClinicians) {
        outbox.markUndeliverable(item.id, new Date(now).toISOString(), `${err.code}: ${err.message}`.slice(0, 500));
        logger.warn({ outboxId: item.id, purpose: item.purpose, code: err.code }, 'recipient unreachable');
        this.hook('onUnreachable', () => hooks?.onUnreachable?.(item, err));
        return undefined;
      }
      // This failure's attempt number on every path: a claimed send counted it in
      // claim() after `item` was read, an unclaimed one counts it in markRetry().
      const attempts = item.attempts + 1;
      let delay: number;
      if (err instanceof DeliveryError && err.kind === 'rate_limited') {
        delay = err.retryAfterMs ?? 1000;
        this.blocked.set(this.addressKey(item), now + delay);
        if (this.blocked.size > 10_000) this.blocked.delete(this.blocked.keys().next().value!);
        logger.warn({ platform: item.platform, retryAfterMs: delay }, 'rate limited by platform');
      } else {
        // Crisis items retry at least every 30 s: an outage must not leave an alert waiting minutes once it ends.
        const cap = item.priority === PRIORITY.crisis ? 30_000 : (this.options.maxBackoffMs ?? 5 * 60_000);
        delay = Math.min(cap, 1000 * 2 ** Math.min(attempts - 1, 16));
        // Every failed attempt is an error in the log: a failing clinician channel must be seen.
        logger.error(
          {
            outboxId: item.id,
            purpose: item.purpose,
            attempt: attempts,
            code: toClinicians ? 'escalation_send_failed' : errorCode(err),
            reason: errorMessage(err),
          },
          'delivery failed; will retry',
        );
      }
      outbox.markRetry(item.id, new Date(now + delay).toISOString(), `${errorCode(err)}: ${errorMessage(err)}`.slice(0, 500));
      this.hook('onRetry', () => hooks?.onRetry?.({ ...item, attempts }, err));
      this.schedule(delay);
      return undefined;
    }
  }

  /**
   * Set when a crisis item is queued while a pass is sending lower-priority
   * items: the pass stops after the current send and starts over, so an alert
   * never waits behind the rest of a 50-message batch of scheduled prompts.
   */
  private readonly urgent = new Set<Platform>();

  /** Ask for a drain soon (after new messages were queued); name the platform when a crisis item was queued. */
  wake(urgentOn?: Platform): void {
    if (urgentOn) this.urgent.add(urgentOn);
    if (this.running) this.schedule(0);
  }

  /**
   * Drive the dispatcher with real timers (production). Tests and the
   * scripted console call drain() themselves instead.
   */
  start(pollMs = 1000): void {
    this.running = true;
    this.pollMs = pollMs;
    this.schedule(0);
  }
  private pollMs = 1000;

  private timerDue = 0;

  /** Keep the earliest wake-up asked for. */
  private schedule(delayMs: number): void {
    if (!this.running) return;
    const due = Date.now() + delayMs;
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain()
        .catch((err: unknown) => this.options.logger.error({ code: errorCode(err), err }, 'dispatcher pass failed'))
        .finally(() => this.schedule(this.pollMs));
    }, delayMs);
    this.timer.unref?.();
  }

  /** Stop the timers and wait for sends in flight. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.passes.values()].map((p) => p.running));
  }
}
