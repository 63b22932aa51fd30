// `npm run bench`: every benchmark in one run, each printing its own table.
// Figures come from here, never from timed tests. Pass names to run a subset:
// `npm run bench -- core screening`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SUITES = ['core', 'screening', 'schedule', 'slack', 'discord'] as const;

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !(SUITES as readonly string[]).includes(w));
if (unknown.length) {
  console.error(`unknown benchmark: ${unknown.join(', ')} (choose from ${SUITES.join(', ')})`);
  process.exit(64);
}
console.log(`Afterglow benchmarks on ${process.platform} ${process.arch}, Node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
for (const name of wanted.length ? wanted : SUITES) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.log(`\n(${name}: no benchmark yet)`);
    continue;
  }
  const mod = (await import(`./${name}.ts`)) as { bench: () => Promise<void> };
  await mod.bench();
}
