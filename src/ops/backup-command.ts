import type { Config } from '../config.js';
import { CodedError } from '../core/errors.js';
import { backupDatabase, restoreDatabase } from '../store/backup.js';

// `afterglow backup <file>` and `afterglow restore <file>`. Failures are
// CodedErrors, which cli.ts prints as one line with a non-zero exit.

function kb(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}

export async function backupCommand(config: Config, file: string | undefined, out: (text: string) => void): Promise<number> {
  if (!file) throw new CodedError('input_invalid', 'backup needs a file name: afterglow backup /var/backups/afterglow/2026-12-08.db');
  const copy = await backupDatabase(config.dbPath, file);
  out(`Backed up ${config.dbPath} to ${copy.path} (${kb(copy.bytes)}, schema ${copy.schema}, integrity ok).`);
  return 0;
}

export async function restoreCommand(config: Config, file: string | undefined, out: (text: string) => void): Promise<number> {
  if (!file) throw new CodedError('input_invalid', 'restore needs a backup file: afterglow restore /var/backups/afterglow/2026-12-08.db');
  const restored = await restoreDatabase(file, config.dbPath, new Date());
  out(`Restored ${config.dbPath} from ${file} (schema ${restored.schema}, integrity ok${restored.note ? `; ${restored.note}` : ''}). Start the bot; it applies any newer migrations.`);
  return 0;
}
