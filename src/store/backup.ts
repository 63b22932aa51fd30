import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { CodedError, errorMessage } from '../core/errors.js';
import { latestSchema, openDatabase, schemaVersion, type Db } from './database.js';
import { prepareDbPath } from './db-path.js';
import { acquireInstanceLock } from './instance-lock.js';

// Online backup and verified restore. The SQLite backup API copies a
// consistent snapshot page by page while the bot keeps writing (WAL), which
// a `cp` of a live file does not: a copy taken mid-checkpoint can be torn.

export interface VerifiedFile {
  path: string;
  schema: number;
  bytes: number;
  /** Anything the operator should know about how it went. */
  note?: string;
}

/**
 * Open a database file read-only and prove it usable: SQLite's own
 * integrity check and a schema this code knows. Throws
 * `store_backup_invalid` with one line saying what is wrong.
 */
export function verifyDatabaseFile(path: string): VerifiedFile {
  if (!existsSync(path)) throw new CodedError('store_backup_invalid', `${path} does not exist`);
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const verdict = rows.map((r) => r.integrity_check);
    if (verdict.length !== 1 || verdict[0] !== 'ok')
      throw new CodedError('store_backup_invalid', `${path} fails SQLite's integrity check: ${verdict.slice(0, 3).join('; ')}`);
    const schema = schemaVersion(db);
    const known = latestSchema();
    if (schema === 0) throw new CodedError('store_backup_invalid', `${path} is not an Afterglow database (schema 0: no tables were ever created)`);
    if (schema > known)
      throw new CodedError('store_backup_invalid', `${path} was written by a newer Afterglow (schema ${schema}); this one knows ${known}`);
    return { path, schema, bytes: statSync(path).size };
  } catch (err) {
    if (err instanceof CodedError) throw err;
    throw new CodedError('store_backup_invalid', `${path} is not a readable SQLite database: ${errorMessage(err)}`, { cause: err });
  } finally {
    db?.close();
  }
}

/** Copy the live database at `dbPath` to `dest` (which must not exist yet), then verify the copy by reopening it. */
export async function backupDatabase(dbPath: string, dest: string): Promise<VerifiedFile> {
  if (existsSync(dest)) throw new CodedError('store_backup_failed', `${dest} already exists: choose a new file name (a backup never overwrites)`);
  const db = openDatabase(dbPath, { readonly: true });
  const partial = `${dest}.partial`;
  try {
    await db.backup(partial);
  } catch (err) {
    rmSync(partial, { force: true });
    throw new CodedError('store_backup_failed', `cannot write ${dest}: ${errorMessage(err)}`, { cause: err });
  } finally {
    db.close();
  }
  // Verified under a temporary name, so a half-written or failed copy never sits where a backup is expected.
  try {
    standalone(partial);
    verifyDatabaseFile(partial);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  renameSync(partial, dest);
  return { path: dest, schema: verifyDatabaseFile(dest).schema, bytes: statSync(dest).size };
}

/** A rollback-journal file: one self-contained file, which read-only opens leave no -wal or -shm beside. */
function standalone(path: string): void {
  const copy = new Database(path, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/**
 * Hold the database being replaced so nothing starts on it meanwhile.
 * Opened raw, without the schema check: rolling back an upgrade means
 * restoring an older backup over a file a newer Afterglow migrated. A file
 * that is not a database at all (the reason for many restores) has no
 * holder to ask; the returned note says it was replaced unread.
 */
function holdCurrent(dbPath: string, now: Date): string | undefined {
  if (!existsSync(dbPath)) return undefined;
  let current: Db;
  let locked: boolean;
  try {
    current = new Database(dbPath, { fileMustExist: true });
    current.pragma('busy_timeout = 5000');
    locked = hasTable(current, 'instance_lock');
  } catch (err) {
    return `the file it replaced could not be read: ${errorMessage(err)}`;
  }
  try {
    // Taken and never released: the old file, lock row and all, is replaced below.
    if (locked) acquireInstanceLock(current, { now });
  } catch (err) {
    if (err instanceof CodedError) throw err;
    throw new CodedError('store_backup_failed', `cannot take the lock on ${dbPath} before replacing it: ${errorMessage(err)}`, { cause: err });
  } finally {
    current.close();
  }
  return undefined;
}

function hasTable(db: Db, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

/**
 * Replace the database at `dbPath` with the verified backup `file`.
 * Refuses (store_locked) while a live instance holds the database; holds
 * the lock itself until the new file is in place, so a bot starting
 * meanwhile is refused rather than opening a half-replaced file.
 */
export async function restoreDatabase(file: string, dbPath: string, now: Date): Promise<VerifiedFile> {
  const verified = verifyDatabaseFile(file);
  prepareDbPath(dbPath);
  const incoming = `${dbPath}.restoring`;
  let note: string | undefined;
  rmSync(incoming, { force: true });
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(incoming);
  } catch (err) {
    rmSync(incoming, { force: true });
    throw new CodedError('store_backup_failed', `cannot write ${incoming}: ${errorMessage(err)}`, { cause: err });
  } finally {
    source.close();
  }
  try {
    // A backup taken from a running bot carries that bot's lock row; the restored file starts unheld.
    const copy = new Database(incoming, { fileMustExist: true });
    try {
      if (hasTable(copy, 'instance_lock')) copy.prepare(`DELETE FROM instance_lock`).run();
    } finally {
      copy.close();
    }
    standalone(incoming);
    verifyDatabaseFile(incoming);
    note = holdCurrent(dbPath, now);
    // The old file's write-ahead log must not be replayed onto the new one.
    rmSync(`${dbPath}-wal`, { force: true });
    rmSync(`${dbPath}-shm`, { force: true });
    renameSync(incoming, dbPath);
  } catch (err) {
    rmSync(incoming, { force: true });
    throw err;
  }
  return { ...verified, path: dbPath, ...(note ? { note } : {}) };
}
