import { fileURLToPath } from 'node:url';
import { createScreener, loadLexicon, type Screener } from '../../../src/safety/screening/index';

export const LEXICON_PATH = fileURLToPath(new URL('../../../prompts/safety/lexicon.yaml', import.meta.url));
let cached: Screener | null = null;
/** The screener built from the shipped lexicon (loaded once per test file). */
export function shippedScreener(): Screener {
  cached ??= createScreener(loadLexicon(LEXICON_PATH));
  return cached;
}
