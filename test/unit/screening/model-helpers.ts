import { fileURLToPath } from 'node:url';
import { createCombinedScreener } from '../../../src/safety/screening/combined.js';
import { loadModelForScreening } from '../../../src/safety/screening/model/load-model.js';
import type { Screener } from '../../../src/safety/screening/types.js';
import { shippedScreener } from './helpers.js';

export const MODEL_DIR = fileURLToPath(new URL('../../../models/screener', import.meta.url));
export const TRAIN_DIR = fileURLToPath(new URL('../../../data/screening/train', import.meta.url));
export const FIXTURE_CORPUS = fileURLToPath(new URL('../../fixtures/screening-corpus/train', import.meta.url));

let cached: Screener | null = null;
/** The lexicon and the committed weights together, as the bot runs them. */
export function combinedScreener(): Screener {
  if (!cached) {
    const model = loadModelForScreening(MODEL_DIR);
    if (!model.ok) throw new Error(`the committed model does not load: ${model.cause}`);
    cached = createCombinedScreener(shippedScreener(), model);
  }
  return cached;
}
