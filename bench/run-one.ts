export {};
// Runs one benchmark suite in its own process (bench/run.ts starts one per
// suite), so one suite's memory and warm caches never colour another's figures.
const name = process.argv[2];
const mod = (await import(`./${name}.ts`)) as { bench: () => Promise<void> };
await mod.bench();
