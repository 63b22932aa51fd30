import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusHash, readCorpus } from '../../../src/safety/screening/model/corpus.js';
import { trainScreener, VARIANTS } from '../../../src/safety/screening/model/pipeline.js';
import { decodeWeights } from '../../../src/safety/screening/model/weights-file.js';
import { shippedScreener } from './helpers.js';
import { FIXTURE_CORPUS } from './model-helpers.js';

// A tiny corpus written for these tests (test/fixtures/screening-corpus):
// the pipeline's behaviour, not the model's quality.
describe('training the screener model', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'afterglow-train-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const quick = [{ ...VARIANTS[0]!, options: { ...VARIANTS[0]!.options, epochs: 4, spec: { ...VARIANTS[0]!.options.spec, bits: 12 } } }];

  it('GIVEN the same corpus WHEN trained twice THEN the weights are the same bytes', () => {
    const a = trainScreener(FIXTURE_CORPUS, shippedScreener(), quick);
    const b = trainScreener(FIXTURE_CORPUS, shippedScreener(), quick);
    expect(Buffer.compare(a.bytes, b.bytes)).toBe(0);
    expect(a.manifest.sha256).toBe(b.manifest.sha256);
    const { header } = decodeWeights(a.bytes);
    expect(header.corpusSha256).toBe(corpusHash(FIXTURE_CORPUS));
    expect(header.thresholds.page).toBeGreaterThan(0);
  });

  it('GIVEN one corpus line edited WHEN hashed THEN the corpus hash changes, so the weights test fails until retrained', () => {
    const copy = join(tmp, 'train');
    cpSync(FIXTURE_CORPUS, copy, { recursive: true });
    const before = corpusHash(copy);
    appendFileSync(join(copy, 'en', 'everyday.jsonl'), `${JSON.stringify({ id: 'en-everyday-0099', lang: 'en', category: 'everyday', expect: 'none', text: 'lunch was good' })}\n`);
    expect(corpusHash(copy)).not.toBe(before);
  });

  it('GIVEN a folder named heldout WHEN read for training THEN it is refused', () => {
    const held = join(tmp, 'heldout');
    cpSync(FIXTURE_CORPUS, held, { recursive: true });
    expect(() => readCorpus(held)).toThrow(/held-out/);
  });

  it('GIVEN a line with an unknown category WHEN read THEN the error names the file and line', () => {
    const bad = join(tmp, 'bad');
    cpSync(FIXTURE_CORPUS, bad, { recursive: true });
    writeFileSync(join(bad, 'en', 'zz.jsonl'), '{"id":"en-x-0001","lang":"en","category":"feelings","expect":"none","text":"hi"}\n');
    expect(() => readCorpus(bad)).toThrow(/zz\.jsonl:1: unknown category "feelings"/);
  });
});
