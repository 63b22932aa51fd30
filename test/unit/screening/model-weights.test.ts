import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusHash } from '../../../src/safety/screening/model/corpus.js';
import { checkModel, loadModel } from '../../../src/safety/screening/model/load-model.js';
import { sha256, type Manifest } from '../../../src/safety/screening/model/weights-file.js';
import { MODEL_DIR, TRAIN_DIR } from './model-helpers.js';

describe('the committed screener weights', () => {
  const manifest = JSON.parse(readFileSync(join(MODEL_DIR, 'manifest.json'), 'utf8')) as Manifest;

  it('GIVEN the committed weights WHEN hashed THEN they match the SHA-256 in the manifest', () => {
    expect(sha256(readFileSync(join(MODEL_DIR, manifest.file)))).toBe(manifest.sha256);
    expect(checkModel(MODEL_DIR).ok).toBe(true);
  });

  it('GIVEN the training corpus WHEN hashed THEN it is the corpus the weights were trained on (else: npm run train:screener)', () => {
    expect(corpusHash(TRAIN_DIR), 'data/screening/train changed since the weights were trained: run npm run train:screener and commit models/screener').toBe(manifest.corpusSha256);
    const loaded = loadModel(MODEL_DIR);
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(loaded.header.corpusSha256).toBe(manifest.corpusSha256);
  });

  it('GIVEN the weights file WHEN its size is read THEN it stays well under 10 MB', () => {
    expect(manifest.bytes).toBeLessThan(10_000_000);
  });
});
