// `npm run train:screener`: rebuild models/screener/ from the training
// corpus (data/screening/train/), deterministically, and print the
// cross-validated evaluation table. Never reads the held-out set.
//
//   node --import tsx scripts/train-screener.ts [--corpus DIR] [--out DIR] [--check]
//
// --check retrains and says whether the committed weights are what the
// corpus gives, without writing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScreener, loadLexicon } from '../src/safety/screening/index.js';
import { trainScreener, WEIGHTS_FILE } from '../src/safety/screening/model/pipeline.js';
import { evaluationTable } from '../src/safety/screening/model/evaluation.js';
import { MANIFEST_FILE } from '../src/safety/screening/model/load-model.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]!) : dflt;
};
const corpus = arg('--corpus', join(ROOT, 'data', 'screening', 'train'));
const out = arg('--out', join(ROOT, 'models', 'screener'));
const check = process.argv.includes('--check');

const lexicon = createScreener(loadLexicon(join(ROOT, 'prompts', 'safety', 'lexicon.yaml')));
const t0 = performance.now();
console.log(`Training the screener model on ${corpus} (lexicon ${lexicon.version})`);
const result = trainScreener(corpus, lexicon, undefined, (s) => console.log(s));
console.log(`Chosen: ${result.chosen.variant.name}; thresholds ${JSON.stringify(result.chosen.thresholds)}`);
console.log(evaluationTable(result));
console.log(`${result.lines.length} messages, ${(result.bytes.length / 1e6).toFixed(2)} MB, sha256 ${result.manifest.sha256}, ${((performance.now() - t0) / 1000).toFixed(1)} s`);

if (check) {
  const file = join(out, WEIGHTS_FILE);
  const same = existsSync(file) && Buffer.compare(readFileSync(file), result.bytes) === 0;
  console.log(same ? 'The committed weights are what this corpus gives.' : 'The committed weights do NOT match this corpus: run npm run train:screener and commit.');
  process.exitCode = same ? 0 : 1;
} else {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, WEIGHTS_FILE), result.bytes);
  writeFileSync(join(out, MANIFEST_FILE), `${JSON.stringify(result.manifest, null, 2)}\n`);
  writeFileSync(join(out, 'EVALUATION.txt'), `${evaluationTable(result)}\n`);
  console.log(`Wrote ${out}`);
}
