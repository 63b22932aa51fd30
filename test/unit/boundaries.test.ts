import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

const rel = (f: string) => relative(ROOT, f).replaceAll('\\', '/');

// The architecture's rules, checked rather than hoped for.
describe('module boundaries', () => {
  const src = sourceFiles(join(ROOT, 'src'));
  const wiring = new Set(['src/main.ts', 'src/cli.ts']);

  it('GIVEN src/ WHEN it imports THEN only main.ts and cli.ts reach into adapters/ and no file imports a platform SDK', () => {
    const offenders = src.flatMap((f) =>
      imports(f)
        .filter((i) => (i.includes('adapters/') && !wiring.has(rel(f))) || /^(@slack\/|discord\.js|@discordjs\/)/.test(i))
        .map((i) => `${rel(f)} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('GIVEN the whole project WHEN it imports better-sqlite3 THEN only src/store does', () => {
    const all = [...src, ...sourceFiles(join(ROOT, 'adapters'))];
    const offenders = all.filter((f) => imports(f).includes('better-sqlite3') && !rel(f).startsWith('src/store/')).map(rel);
    expect(offenders).toEqual([]);
  });

  it('GIVEN the whole project WHEN it imports node-cron THEN only src/scheduler does', () => {
    const all = [...src, ...sourceFiles(join(ROOT, 'adapters'))];
    const offenders = all.filter((f) => imports(f).includes('node-cron') && !rel(f).startsWith('src/scheduler/')).map(rel);
    expect(offenders).toEqual([]);
  });

  it('GIVEN the core and the store WHEN they import THEN neither reaches into safety (Severity and other shared types live in core)', () => {
    const offenders = src
      .filter((f) => /^src\/(core|store)\//.test(rel(f)))
      .flatMap((f) => imports(f).filter((i) => i.includes('/safety/')).map((i) => `${rel(f)} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it('GIVEN adapters WHEN they read settings THEN none reads process.env', () => {
    const offenders = sourceFiles(join(ROOT, 'adapters')).filter((f) => /process\.env/.test(readFileSync(f, 'utf8'))).map(rel);
    expect(offenders).toEqual([]);
  });
});
