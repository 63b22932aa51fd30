import Database from 'better-sqlite3';
import { CodedError, errorCode, errorMessage } from '../core/errors.js';
import { DB_SETTING, prepareDbPath } from './db-path.js';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

/**
 * Open the SQLite file in WAL mode. `synchronous = NORMAL` in WAL survives a
 * process kill (-9) with every committed transaction intact; only an OS
 * crash can lose the last few.
 *
 * Opened for writing, the file must really take a write before anyone relies
 * on it: SQLite quietly falls back to read-only when the file's permissions
 * say so, and a bot on a read-only store answered nobody (issue 18). A schema
 * newer than this code is refused before anything is written to it.
 */
export function openDatabase(path: string, options: { readonly?: boolean } = {}): Db {
  let db: Db;
  try {
    if (!options.readonly) prepareDbPath(path);
  } catch (err) {
    if (err instanceof CodedError) throw err;
    throw new CodedError('store_open_failed', `cannot open database ${path} (${DB_SETTING}): ${errorMessage(err)}`, { cause: err });
  }
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('secure_delete = ON'); // deleted words are zeroed in place, not left in free pages (see erasure-repo.ts)
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new CodedError('store_open_failed', `cannot open database ${path} (${DB_SETTING}): ${errorMessage(err)}`, { cause: err });
  }
  if (!options.readonly) {
    try {
      refuseNewerSchema(db);
      probeWrite(db, path);
    } catch (err) {
      db.close();
      throw err;
    }
  }
  return db;
}

/** The newest schema this code knows. */
export function latestSchema(migrations: Migration[] = MIGRATIONS): number {
  return Math.max(0, ...migrations.map((m) => m.version));
}

/** A database from a newer Afterglow may hold what this code would misread or overwrite. */
export function refuseNewerSchema(db: Db, migrations: Migration[] = MIGRATIONS): void {
  const found = schemaVersion(db);
  const known = latestSchema(migrations);
  if (found > known)
    throw new CodedError(
      'store_schema_newer',
      `${DB_SETTING}=${db.name}: this database was written by a newer Afterglow (schema ${found}); this one knows ${known}`,
    );
}

/**
 * One committed write (the schema number, rewritten as it is). BEGIN
 * IMMEDIATE alone is not enough: SQLite grants it on a file it opened
 * read-only and refuses only the first real write.
 */
function probeWrite(db: Db, path: string): void {
  try {
    db.exec('BEGIN IMMEDIATE');
    db.pragma(`user_version = ${schemaVersion(db)}`);
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    const uid = typeof process.getuid === 'function' ? ` (uid ${process.getuid()})` : '';
    const code = errorCode(err);
    if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM')
      throw new CodedError(
        'store_read_only',
        `${DB_SETTING}=${path}: this user${uid} cannot write the database (${code}): check the owner and permissions of the file, its -wal and -shm files and its folder`,
        { cause: err },
      );
    throw new CodedError('store_open_failed', `${DB_SETTING}=${path}: the database refused a test write (${code}: ${errorMessage(err)})`, { cause: err });
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Apply every migration above the stored user_version, each in its own transaction. */
export function migrate(db: Db, migrations: Migration[] = MIGRATIONS): { from: number; to: number } {
  refuseNewerSchema(db, migrations);
  const from = schemaVersion(db);
  let to = from;
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= from) continue;
    try {
      db.transaction(() => {
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      })();
    } catch (err) {
      throw new CodedError(
        'store_migration_failed',
        `migration ${m.version} (${m.name}) failed: ${errorMessage(err)}`,
        { cause: err },
      );
    }
    to = m.version;
  }
  return { from, to };
}
