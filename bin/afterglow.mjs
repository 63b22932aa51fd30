#!/usr/bin/env node
// The `afterglow` command. TypeScript runs directly through tsx, so there is
// no build step for a clinic to forget.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
