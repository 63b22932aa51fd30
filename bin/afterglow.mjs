#!/usr/bin/env node
// The `afterglow` command: plain Node running the JavaScript that tsc
// compiled into dist/ (npm install's prepare step, or `npm run build`).
// No transpiler at run time: it starts faster and holds less memory.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('afterglow: the compiled code in dist/ is missing; run `npm run build` (npm install does it too)');
  process.exit(1);
}
const { runCli } = await import(entry.href);
process.exitCode = await runCli(process.argv.slice(2));
