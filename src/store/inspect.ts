import { existsSync } from 'node:fs';
import { errorMessage } from '../core/errors.js';
import { latestSchema, openDatabase, schemaVersion, type Db } from './database.js';
import { lockHolder, type LockHolder } from './instance-lock.js';

// What `afterglow doctor` needs to know about the database, read through the
// same open path the bot uses (so "opens read-write" means what start means).

export type DatabaseReport =
  | { state: 'missing' }
  | { state: 'unusable'; reason: string }
  | { state: 'open'; schema: number; latest: number; quickCheck: string; lock: LockHolder | undefined | 'no lock table' };

function hasTable(db: Db, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

/** Open read-write (with the bot's test write) without migrating or creating anything. */
export function inspectDatabase(path: string): DatabaseReport {
  if (path !== ':memory:' && !existsSync(path)) return { state: 'missing' };
  let db: Db;
  try {
    db = openDatabase(path);
  } catch (err) {
    return { state: 'unusable', reason: errorMessage(err) };
  }
  try {
    const quick = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check).join('; ');
    return {
      state: 'open',
      schema: schemaVersion(db),
      latest: latestSchema(),
      quickCheck: quick,
      lock: hasTable(db, 'instance_lock') ? lockHolder(db) : 'no lock table',
    };
  } finally {
    db.close();
  }
}
