import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CodedError, errorMessage } from '../core/errors.js';

/** The setting every database error names, so an operator knows what to fix. */
export const DB_SETTING = 'AFTERGLOW_DB';

function fail(path: string, why: string, cause?: unknown): never {
  throw new CodedError('store_open_failed', `cannot open database ${path} (${DB_SETTING}): ${why}`, cause === undefined ? undefined : { cause });
}

/**
 * Make sure the database file's folder exists, creating missing folders one
 * level at a time. `mkdirSync(…, { recursive: true })` loops for ever under
 * /proc on Node 20, so a mistyped path hung the start with no output; here
 * every step is one system call and the walk is bounded by the path's depth,
 * so a folder that cannot exist (/proc/nonexistent) fails at once.
 */
export function prepareDbPath(path: string): void {
  if (path === ':memory:' || path.startsWith('file:')) return;
  const folder = dirname(resolve(path));
  const missing: string[] = [];
  let at = folder;
  for (;;) {
    try {
      if (!statSync(at).isDirectory()) fail(path, `${at} is not a folder`);
      break;
    } catch (err) {
      if (err instanceof CodedError) throw err;
      const code = (err as { code?: string }).code;
      if (code !== 'ENOENT') fail(path, `cannot use folder ${at} (${code ?? errorMessage(err)})`, err);
      const up = dirname(at);
      if (up === at) fail(path, `no part of ${folder} exists`);
      missing.unshift(at);
      at = up;
    }
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== 'EEXIST') fail(path, `cannot create folder ${dir} (${code ?? errorMessage(err)})`, err);
    }
  }
}
