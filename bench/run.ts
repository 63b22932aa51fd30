// `npm run bench`: every benchmark in one run, each printing its own table.
// Figures come from here, never from timed tests. Pass names to run a subset:
// `npm run bench -- core screening`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SUITES = ['core', 'screening', 'schedule', 'slack', 'discord', 'footprint', 'faults', 'replay', 'charts'] as const;

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !(SUITES as readonly string[]).includes(w));
if (unknown.length) {
  console.error(`unknown benchmark: ${unknown.join(', ')} (choose from ${SUITES.join(', ')})`);
  process.exit(64);
}
console.log(`Afterglow benchmarks on ${process.platform} ${process.arch}, Node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
// Each suite in a fresh process: RSS and event-loop figures are then the suite's own.
for (const name of wanted.length ? wanted : SUITES) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.log(`\n(${name}: no benchmark yet)`);
    continue;
  }
  const runner = fileURLToPath(new URL('./run-one.ts', import.meta.url));
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', runner, name], { stdio: 'inherit' });
  if (result.status !== 0) console.log(`(${name} exited with ${result.status ?? result.signal})`);
}
