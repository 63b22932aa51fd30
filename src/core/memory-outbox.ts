import type { Address, OutboundMessage, Platform } from './types.js';

/**
 * Crisis sends the outbox could not take (the database refuses writes).
 * Memory is the only place left, so they live here until the platform has
 * them: the dispatcher sends these before anything in SQLite, retrying at
 * least every 30 s. Nothing here survives a restart, which is why a failing
 * store is shouted about (error log, clinician channel, storeHealth()).
 */
export interface UnrecordedSend {
  key: string;
  address: Address;
  message: OutboundMessage;
  purpose: string;
  attempts: number;
  nextAt: number;
}

/** Keys remembered after sending, so a platform retry of the same event does not send twice. */
const REMEMBER = 10_000;

export class MemoryOutbox {
  private readonly waiting = new Map<string, UnrecordedSend>();
  private readonly sentKeys = new Set<string>();

  /** Queue once per key; false when the key was already queued or sent. */
  add(address: Address, message: OutboundMessage, options: { purpose: string; key: string; now: number }): boolean {
    if (this.waiting.has(options.key) || this.sentKeys.has(options.key)) return false;
    this.waiting.set(options.key, { key: options.key, address, message, purpose: options.purpose, attempts: 0, nextAt: options.now });
    return true;
  }

  due(platform: Platform, now: number): UnrecordedSend[] {
    return [...this.waiting.values()].filter((s) => s.address.platform === platform && s.nextAt <= now);
  }

  sent(item: UnrecordedSend): void {
    this.waiting.delete(item.key);
    this.sentKeys.add(item.key);
    if (this.sentKeys.size > REMEMBER) this.sentKeys.delete(this.sentKeys.values().next().value!);
  }

  /** Back off (1 s, 2 s, 4 s … at most 30 s); returns the delay. */
  failed(item: UnrecordedSend, now: number): number {
    item.attempts += 1;
    const delay = Math.min(30_000, 1000 * 2 ** Math.min(item.attempts - 1, 5));
    item.nextAt = now + delay;
    return delay;
  }

  get size(): number {
    return this.waiting.size;
  }

  nextDueAt(platform: Platform): number | undefined {
    const times = [...this.waiting.values()].filter((s) => s.address.platform === platform).map((s) => s.nextAt);
    return times.length ? Math.min(...times) : undefined;
  }
}
