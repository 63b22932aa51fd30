import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { CodedError } from '../core/errors';
import type { Db } from './database';
import { DB_SETTING } from './db-path';

// One instance per database. A lock row with a lease in the database itself,
// not an OS file lock: Node has no flock() without a native module, a lease
// row works the same on every file system SQLite supports, its holder's pid,
// host and age can be shown to whoever is refused, and a lease is also the
// shape a shared PostgreSQL would use later (docs/OPERATIONS.md).

/** A holder that has not renewed for this long is taken to be dead (SIGKILL, power loss). */
export const LEASE_MS = 60_000;

export interface LockHolder {
  token: string;
  pid: number;
  host: string;
  acquiredAt: string;
  heartbeatAt: string;
}

export interface InstanceLock {
  readonly holder: LockHolder;
  /** The holder this lock replaced because its lease had run out, if any. */
  readonly tookOverFrom: LockHolder | undefined;
  /** Renew the lease; false when another instance has taken it over (this one must stop sending). */
  renew(now: Date): boolean;
  release(): void;
}

interface Row {
  token: string;
  pid: number;
  host: string;
  acquired_at: string;
  heartbeat_at: string;
}

const toHolder = (r: Row): LockHolder => ({ token: r.token, pid: r.pid, host: r.host, acquiredAt: r.acquired_at, heartbeatAt: r.heartbeat_at });

/** Who holds the database now (for `doctor` and the refusal), or undefined. */
export function lockHolder(db: Db): LockHolder | undefined {
  const row = db.prepare<[], Row>(`SELECT token, pid, host, acquired_at, heartbeat_at FROM instance_lock WHERE id = 1`).get();
  return row ? toHolder(row) : undefined;
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

export interface AcquireOptions {
  now: Date;
  leaseMs?: number;
  pid?: number;
  host?: string;
}

/**
 * Take the database for this process, or throw `store_locked` naming the
 * live holder. Read and written in one IMMEDIATE transaction, so two
 * instances starting together cannot both win.
 */
export function acquireInstanceLock(db: Db, options: AcquireOptions): InstanceLock {
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const now = options.now;
  const mine: LockHolder = {
    token: randomUUID(),
    pid: options.pid ?? process.pid,
    host: options.host ?? hostname(),
    acquiredAt: now.toISOString(),
    heartbeatAt: now.toISOString(),
  };
  const tookOverFrom = db.transaction(() => {
    const held = lockHolder(db);
    if (held) {
      const silentFor = now.getTime() - new Date(held.heartbeatAt).getTime();
      if (silentFor < leaseMs)
        throw new CodedError(
          'store_locked',
          `${DB_SETTING}=${db.name}: another Afterglow is running on this database (pid ${held.pid} on ${held.host}, started ${ago(now.getTime() - new Date(held.acquiredAt).getTime())} ago, last heartbeat ${ago(silentFor)} ago); stop it first, or if it was killed, start again once its heartbeat is ${ago(leaseMs)} old`,
        );
    }
    db.prepare(
      `INSERT INTO instance_lock (id, token, pid, host, acquired_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET token = excluded.token, pid = excluded.pid, host = excluded.host,
         acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`,
    ).run(mine.token, mine.pid, mine.host, mine.acquiredAt, mine.heartbeatAt);
    return held;
  }).immediate();
  const renew = db.prepare<[string, string]>(`UPDATE instance_lock SET heartbeat_at = ? WHERE id = 1 AND token = ?`);
  const release = db.prepare<[string]>(`DELETE FROM instance_lock WHERE id = 1 AND token = ?`);
  return {
    holder: mine,
    tookOverFrom,
    renew(at: Date): boolean {
      return renew.run(at.toISOString(), mine.token).changes > 0;
    },
    release(): void {
      if (db.open) release.run(mine.token);
    },
  };
}
