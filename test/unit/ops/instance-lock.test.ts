import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { CodedError } from '../../../src/core/errors.js';
import { migrate, openDatabase, type Db } from '../../../src/store/database.js';
import { acquireInstanceLock, LEASE_MS, lockHolder } from '../../../src/store/instance-lock.js';

// The lease on the fake clock; test/e2e/instance-lock.test.ts does the same with real processes.
describe('the instance lock', () => {
  let dir: string;
  let first: Db;
  let second: Db;
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock("2026-11-20T15:00:00Z");
    dir = mkdtempSync(join(tmpdir(), "afterglow-lock-"));
    first = openDatabase(join(dir, 'l.db'));
    migrate(first);
    second = openDatabase(join(dir, 'l.db'));
  });
  afterEach(() => {
    first.close();
    second.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN one instance holds the database WHEN a second starts within the lease THEN it is refused with the holder, its host and age', () => {
    acquireInstanceLock(first, { now: clock.now(), pid: 4242, host: 'clinic-box' });
    clock.advance(LEASE_MS - 1000);
    let refusal: unknown;
    try {
      acquireInstanceLock(second, { now: clock.now(), pid: 5151, host: 'clinic-box', isAlive: () => true });
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(CodedError);
    expect((refusal as CodedError).code).toBe('store_locked');
    expect((refusal as Error).message).toMatch(/^AFTERGLOW_DB=.*l\.db: another Afterglow is running on this database \(pid 4242 on clinic-box, started 59 s ago, last heartbeat 59 s ago\)/);
    expect(lockHolder(second)?.pid).toBe(4242);
  });

  it('GIVEN a holder that keeps renewing WHEN time passes beyond the lease THEN it is still refused', () => {
    const lock = acquireInstanceLock(first, { now: clock.now(), pid: 4242, host: 'a' });
    for (let i = 0; i < 10; i++) {
      clock.advance(LEASE_MS / 4);
      expect(lock.renew(clock.now())).toBe(true);
    }
    expect(() => acquireInstanceLock(second, { now: clock.now(), pid: 5151, host: 'b' })).toThrow(/pid 4242 on a, started 3 min ago, last heartbeat 0 s ago/);
  });

  it('GIVEN a holder that stopped renewing (killed) WHEN its lease runs out THEN the next start takes over, and the old holder learns it lost the lock', () => {
    const old = acquireInstanceLock(first, { now: clock.now(), pid: 4242, host: 'a' });
    clock.advance(LEASE_MS);
    const taken = acquireInstanceLock(second, { now: clock.now(), pid: 5151, host: 'b' });
    expect(taken.tookOverFrom).toMatchObject({ pid: 4242, host: 'a' });
    expect(lockHolder(first)).toMatchObject({ pid: 5151, host: 'b' });
    // A paused process that wakes up must not carry on as if it still held the database.
    expect(old.renew(clock.now())).toBe(false);
    old.release();
    expect(lockHolder(first)?.pid).toBe(5151);
  });

  it('GIVEN a holder on this host whose pid is gone (SIGKILL) WHEN the next start comes at once THEN it takes over without waiting for the lease; a live one is still refused', () => {
    acquireInstanceLock(first, { now: clock.now(), pid: 4242, host: hostname() });
    expect(() => acquireInstanceLock(second, { now: clock.now(), pid: 5151, host: hostname(), isAlive: () => true })).toThrow(/pid 4242/);
    const taken = acquireInstanceLock(second, { now: clock.now(), pid: 5151, host: hostname(), isAlive: (pid) => pid !== 4242 });
    expect(taken.tookOverFrom?.pid).toBe(4242);
  });

  it('GIVEN a holder on another host WHEN its pid is not alive here THEN that says nothing and only the lease counts', () => {
    acquireInstanceLock(first, { now: clock.now(), pid: 4242, host: 'other-box' });
    expect(() => acquireInstanceLock(second, { now: clock.now(), pid: 5151, host: hostname(), isAlive: () => false })).toThrow(/pid 4242 on other-box/);
  });

  it('GIVEN a clean stop WHEN the lock is released THEN the next start takes it at once', () => {
    acquireInstanceLock(first, { now: clock.now() }).release();
    expect(acquireInstanceLock(second, { now: clock.now(), pid: 7 }).tookOverFrom).toBeUndefined();
  });
});
