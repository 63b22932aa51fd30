import { randomUUID } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { CodedError } from '../core/errors.js';
import type { Db } from './database.js';
import { DB_SETTING } from './db-path.js';

// One instance per database. A lock row with a lease in the database itself,
// not an OS file lock: Node has no flock() without a native module, a lease
// row works the same on every file system SQLite supports, its holder's pid,
// host and age can be shown to whoever is refused, and a lease is also the
// shape a shared PostgreSQL would use later (docs/OPERATIONS.md).

/** A holder that has not renewed for this long is taken to be dead (hung, another host lost power). */
export const LEASE_MS = 60_000;

/** This process's pid namespace, so a pid is only ever compared with pids it can see. */
function pidNamespace(): string | null {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
}

/** Whether a pid in our own namespace is a live process (EPERM: alive, someone else's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

export interface LockHolder {
  token: string;
  pid: number;
  host: string;
  pidNs: string | null;
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
  pid_ns: string | null;
  acquired_at: string;
  heartbeat_at: string;
}

const toHolder = (r: Row): LockHolder => ({ token: r.token, pid: r.pid, host: r.host, pidNs: r.pid_ns, acquiredAt: r.acquired_at, heartbeatAt: r.heartbeat_at });

/** Who holds the database now (for `doctor` and the refusal), or undefined. */
export function lockHolder(db: Db): LockHolder | undefined {
  const row = db.prepare<[], Row>(`SELECT token, pid, host, pid_ns, acquired_at, heartbeat_at FROM instance_lock WHERE id = 1`).get();
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
  /** Whether a pid on this host is alive (tests pass their own). */
  isAlive?: (pid: number) => boolean;
}

/**
 * Take the database for this process, or throw `store_locked` naming the
 * live holder. Read and written in one IMMEDIATE transaction, so two
 * instances starting together cannot both win.
 *
 * A holder is gone when its lease ran out, or at once when it ran on this
 * host in this pid namespace and its pid is no longer alive (SIGKILL, a
 * crash): a crisis bot restarted by systemd must not wait a minute. A pid
 * reused by an unrelated process only makes us wait for the lease.
 */
export function acquireInstanceLock(db: Db, options: AcquireOptions): InstanceLock {
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const now = options.now;
  const mine: LockHolder = {
    token: randomUUID(),
    pid: options.pid ?? process.pid,
    host: options.host ?? hostname(),
    pidNs: pidNamespace(),
    acquiredAt: now.toISOString(),
    heartbeatAt: now.toISOString(),
  };
  const tookOverFrom = db.transaction(() => {
    const held = lockHolder(db);
    if (held) {
      const silentFor = now.getTime() - new Date(held.heartbeatAt).getTime();
      const gone = held.host === mine.host && held.pidNs !== null && held.pidNs === mine.pidNs && held.pid !== mine.pid && !(options.isAlive ?? alive)(held.pid);
      if (silentFor < leaseMs && !gone)
        throw new CodedError(
          'store_locked',
          `${DB_SETTING}=${db.name}: another Afterglow is running on this database (pid ${held.pid} on ${held.host}, started ${ago(now.getTime() - new Date(held.acquiredAt).getTime())} ago, last heartbeat ${ago(silentFor)} ago); stop it first (an instance that hangs is taken over once its heartbeat is ${ago(leaseMs)} old)`,
        );
    }
    db.prepare(
      `INSERT INTO instance_lock (id, token, pid, host, pid_ns, acquired_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET token = excluded.token, pid = excluded.pid, host = excluded.host, pid_ns = excluded.pid_ns,
         acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`,
    ).run(mine.token, mine.pid, mine.host, mine.pidNs, mine.acquiredAt, mine.heartbeatAt);
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
