import { fileURLToPath } from 'node:url';
import { createScreener, loadLexicon, SEVERITIES, type ScreenResult, type Screener, type Severity } from '../../../src/safety/screening/index.js';

export const LEXICON_PATH = fileURLToPath(new URL('../../../prompts/safety/lexicon.yaml', import.meta.url));
let cached: Screener | null = null;
/** The screener built from the shipped lexicon (loaded once per test file). */
export function shippedScreener(): Screener {
  cached ??= createScreener(loadLexicon(LEXICON_PATH));
  return cached;
}

/** True when the result is at `level` or more urgent (SEVERITIES runs most to least urgent). */
export function atLeast(r: ScreenResult, level: Severity): boolean {
  return r.severity !== null && SEVERITIES.indexOf(r.severity) <= SEVERITIES.indexOf(level);
}
