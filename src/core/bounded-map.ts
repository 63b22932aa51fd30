// A small in-memory cache with a hard size bound and optional expiry, for the
// lookups adapters keep between events (DM channel ids, interaction tokens,
// forms behind buttons, slash-command response URLs). Nothing here is
// durable: losing an entry must only ever cost a round trip or a fallback.

export interface BoundedMapOptions {
  /** At most this many entries; setting one more evicts the least recently used. */
  max: number;
  /** Default time to live of an entry in ms (absent: entries never expire). */
  ttlMs?: number;
  /** The time in ms; defaults to Date.now (tests may pass a manual clock). */
  now?: () => number;
}

interface Entry<V> {
  value: V;
  /** Epoch ms after which the entry is gone; Infinity without a TTL. */
  expiresAt: number;
}

/**
 * An LRU map with an optional TTL.
 *
 * - `get` and `set` make an entry the most recently used; when a `set` takes the
 *   map over `max`, the least recently used entry is evicted.
 * - An entry past its TTL is treated as absent by `get`, `has` and iteration,
 *   and removed when met (no timers: a map nobody reads costs nothing).
 * - `size` counts entries held, which may include expired ones not yet met;
 *   call `prune()` to drop them all.
 */
export class BoundedMap<K, V> implements Iterable<[K, V]> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly max: number;
  private readonly ttlMs: number | undefined;
  private readonly now: () => number;

  constructor(options: BoundedMapOptions | number) {
    const o = typeof options === 'number' ? { max: options } : options;
    if (!Number.isInteger(o.max) || o.max < 1) throw new RangeError(`BoundedMap max must be a positive integer, got ${o.max}`);
    if (o.ttlMs !== undefined && !(o.ttlMs > 0)) throw new RangeError(`BoundedMap ttlMs must be positive, got ${o.ttlMs}`);
    this.max = o.max;
    this.ttlMs = o.ttlMs;
    this.now = o.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, or undefined when absent or expired. Marks it most recently used. */
  get(key: K): V | undefined {
    const entry = this.live(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Whether a live entry exists (does not change its recency). */
  has(key: K): boolean {
    return this.live(key) !== undefined;
  }

  /**
   * Set a value, most recently used, expiring after `ttlMs` (this entry) or the
   * map's default TTL. Evicts the least recently used entry when over `max`.
   */
  set(key: K, value: V, ttlMs: number | undefined = this.ttlMs): this {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: ttlMs === undefined ? Infinity : this.now() + ttlMs });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as K);
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Drop every expired entry now; returns how many went. */
  prune(): number {
    const now = this.now();
    let n = 0;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.entries.delete(key);
        n++;
      }
    }
    return n;
  }

  /** Live entries, least recently used first. */
  *[Symbol.iterator](): IterableIterator<[K, V]> {
    const now = this.now();
    for (const [key, entry] of [...this.entries]) {
      if (entry.expiresAt <= now) this.entries.delete(key);
      else yield [key, entry.value];
    }
  }

  private live(key: K): Entry<V> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
