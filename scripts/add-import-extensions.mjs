#!/usr/bin/env node
// One-off and idempotent: give every relative import in src/, adapters/,
// test/, bench/ and scripts/ its runtime extension ('./x' -> './x.js',
// './dir' -> './dir/index.js'), so tsc's output runs on plain Node.
// tsconfig's NodeNext resolution keeps new code honest afterwards.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['src', 'adapters', 'test', 'bench', 'scripts'];
const spec = /((?:import|export)\s[^'"]*?from\s*|import\s*\(\s*|import\s+)(['"])(\.{1,2}\/[^'"]*)\2/g;

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|mts)$/.test(name)) out.push(p);
  }
  return out;
}

let changed = 0;
for (const file of roots.filter(existsSync).flatMap((r) => walk(r, []))) {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(spec, (whole, head, q, path) => {
    if (/\.(js|mjs|cjs|json|ts)$/.test(path)) return path.endsWith('.ts') ? `${head}${q}${path.slice(0, -3)}.js${q}` : whole;
    const base = resolve(dirname(file), path);
    if (existsSync(`${base}.ts`)) return `${head}${q}${path}.js${q}`;
    if (existsSync(join(base, 'index.ts'))) return `${head}${q}${path}/index.js${q}`;
    return whole;
  });
  if (next !== text) {
    writeFileSync(file, next);
    changed++;
  }
}
console.log(`relative imports given extensions in ${changed} files`);
