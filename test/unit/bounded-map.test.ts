import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../../src/core/bounded-map.js';

describe('BoundedMap', () => {
  it('GIVEN more entries than max THEN the least recently used goes first (get and set both count as use)', () => {
    const m = new BoundedMap<string, number>(3);
    m.set('a', 1).set('b', 2).set('c', 3);
    expect(m.get('a')).toBe(1); // a is now the most recent; b the least
    m.set('d', 4);
    expect([...m].map(([k]) => k)).toEqual(['c', 'a', 'd']);
    m.set('c', 30); // re-setting refreshes too
    m.set('e', 5);
    expect([...m]).toEqual([['d', 4], ['c', 30], ['e', 5]]);
    expect(m.size).toBe(3);
  });

  it('GIVEN has() THEN it does not change the order', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2);
    expect(m.has('a')).toBe(true);
    m.set('c', 3);
    expect(m.has('a')).toBe(false);
    expect(m.has('b')).toBe(true);
  });

  it('GIVEN a TTL THEN an entry is gone once it has passed, for get, has and iteration', () => {
    let now = 1_000;
    const m = new BoundedMap<string, string>({ max: 10, ttlMs: 100, now: () => now });
    m.set('a', 'x');
    now += 50;
    m.set('b', 'y');
    expect(m.get('a')).toBe('x'); // reading does not extend the life of an entry
    now += 50;
    expect(m.get('a')).toBeUndefined();
    expect(m.has('a')).toBe(false);
    expect([...m]).toEqual([['b', 'y']]);
    now += 50;
    expect([...m]).toEqual([]);
    expect(m.size).toBe(0);
  });

  it('GIVEN a per-entry TTL THEN it overrides the default; without any TTL entries never expire', () => {
    let now = 0;
    const m = new BoundedMap<string, number>({ max: 10, now: () => now });
    m.set('forever', 1);
    m.set('brief', 2, 10);
    now = 1e12;
    expect(m.get('forever')).toBe(1);
    expect(m.get('brief')).toBeUndefined();
  });

  it('GIVEN prune() THEN every expired entry is dropped at once', () => {
    let now = 0;
    const m = new BoundedMap<number, number>({ max: 100, ttlMs: 10, now: () => now });
    for (let i = 0; i < 5; i++) m.set(i, i);
    now = 5;
    m.set(99, 99);
    now = 10;
    expect(m.prune()).toBe(5);
    expect(m.size).toBe(1);
  });

  it('GIVEN delete() and clear() THEN entries go', () => {
    const m = new BoundedMap<string, number>(5);
    m.set('a', 1).set('b', 2);
    expect(m.delete('a')).toBe(true);
    expect(m.delete('a')).toBe(false);
    m.clear();
    expect(m.size).toBe(0);
  });

  it('GIVEN a nonsense bound THEN it refuses to be built', () => {
    expect(() => new BoundedMap(0)).toThrow(RangeError);
    expect(() => new BoundedMap({ max: 1.5 })).toThrow(RangeError);
    expect(() => new BoundedMap({ max: 1, ttlMs: 0 })).toThrow(RangeError);
  });
});
