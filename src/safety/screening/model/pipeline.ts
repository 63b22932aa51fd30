// The whole training run, shared by `npm run train:screener` and the test
// that checks the committed weights: read the corpus, cross-validate each
// variant, keep the best, choose thresholds on its out-of-fold readings,
// train on everything, encode.
import type { RuleHit } from '../decide.js';
import type { Screener } from '../types.js';
import { MODEL_CLASSES } from './classes.js';
import { corpusHash, readCorpus, type CorpusLine } from './corpus.js';
import { outOfFold, rocAuc, toExamples } from './cross-validate.js';
import { featurizeAll, train, DEFAULT_TRAIN, type TrainOptions } from './train.js';
import { readProbabilities, type ModelReading } from './reading.js';
import { modelSentences } from './features.js';
import { searchThresholds, type Outcome } from './threshold-search.js';
import type { DecisionThresholds } from './thresholds.js';
import { encodeWeights, sha256, type Manifest } from './weights-file.js';

export const WEIGHTS_FILE = 'screener.bin';

const wordCount = (text: string) => modelSentences(text).reduce((n, s) => n + s.length, 0);

export interface Variant {
  name: string;
  options: TrainOptions;
}

/** What the cross-validation compares (issue 14: "a small variant or two"). */
export const VARIANTS: Variant[] = [
  { name: 'words+chars, class weights ^0.5', options: DEFAULT_TRAIN },
  { name: 'words+chars, no class weights', options: { ...DEFAULT_TRAIN, balance: 0 } },
  { name: 'words only, class weights ^0.5', options: { ...DEFAULT_TRAIN, spec: { ...DEFAULT_TRAIN.spec, chars: false } } },
  { name: 'words+chars 2-4, 2^16 buckets', options: { ...DEFAULT_TRAIN, spec: { ...DEFAULT_TRAIN.spec, bits: 16, charMax: 4 } } },
];

export interface VariantResult {
  variant: Variant;
  auc: number;
  thresholds: DecisionThresholds;
  outcome: Outcome;
  readings: ModelReading[];
}

export interface TrainResult {
  lines: CorpusLine[];
  rules: (RuleHit | null)[];
  results: VariantResult[];
  chosen: VariantResult;
  bytes: Buffer;
  manifest: Manifest;
}

export function ruleHits(lines: readonly CorpusLine[], lexicon: Screener): (RuleHit | null)[] {
  return lines.map((l) => {
    const r = lexicon.screen(l.text);
    return r.alert && r.severity && r.category ? { severity: r.severity, category: r.category } : null;
  });
}

export function crossValidateVariant(lines: CorpusLine[], rules: (RuleHit | null)[], variant: Variant): VariantResult {
  const oof = outOfFold(lines, variant.options);
  const readings = oof.map((p, i) => readProbabilities(p, wordCount(lines[i]!.text)));
  const auc = rocAuc(
    readings.map((r) => r.risk),
    lines.map((l) => l.expect !== 'none'),
  );
  const { thresholds, outcome } = searchThresholds(lines, rules, readings);
  return { variant, auc, thresholds, outcome, readings };
}

export function trainScreener(corpusDir: string, lexicon: Screener, variants: Variant[] = VARIANTS, log: (s: string) => void = () => {}): TrainResult {
  const lines = readCorpus(corpusDir);
  if (lines.length === 0) throw new Error(`${corpusDir}: no corpus lines`);
  const rules = ruleHits(lines, lexicon);
  const results: VariantResult[] = [];
  for (const v of variants) {
    const r = crossValidateVariant(lines, rules, v);
    log(`  ${v.name}: CV loss ${r.outcome.loss.toFixed(4)}, risk AUC ${r.auc.toFixed(4)}`);
    results.push(r);
  }
  // lowest loss at the chosen thresholds; ties to the earlier (simpler) variant
  const chosen = results.reduce((a, b) => (b.outcome.loss < a.outcome.loss - 1e-9 ? b : a));
  const examples = toExamples(lines);
  const weights = train(examples, MODEL_CLASSES, chosen.variant.options, featurizeAll(examples, chosen.variant.options.spec));
  const corpusSha256 = corpusHash(corpusDir);
  const bytes = encodeWeights(weights, { thresholds: chosen.thresholds, corpusSha256, variant: chosen.variant.name, train: chosen.variant.options, lexiconVersion: lexicon.version });
  const manifest: Manifest = { file: WEIGHTS_FILE, sha256: sha256(bytes), bytes: bytes.length, corpusSha256, corpusMessages: lines.length };
  return { lines, rules, results, chosen, bytes, manifest };
}
