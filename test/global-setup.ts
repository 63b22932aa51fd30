// Child-process tests run bin/afterglow.mjs, which runs the compiled dist/.
// Build it first whenever a source is newer than the build, so a test never
// runs yesterday's code (npm test builds anyway; this covers `npx vitest`).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  const built = join(ROOT, 'dist', 'src', 'cli.js');
  const sources = Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'adapters')), statSync(join(ROOT, 'tsconfig.build.json')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
}
