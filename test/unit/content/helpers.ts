import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROMPTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../prompts');

/** A throw-away content folder: { 'exercises/en/x.yaml': '...' }. */
export function tempContentDir(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'afterglow-content-'));
  for (const [rel, body] of Object.entries(files)) {
    const full = join(dir, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, body);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
