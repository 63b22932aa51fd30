// k-fold cross-validation on the training corpus. A typo variant goes to
// the fold of the line it came from, so a fold never tests on a near copy
// of what it trained on.
import type { CorpusLine } from './corpus.js';
import { MODEL_CLASSES } from './classes.js';
import { predictFeatures } from './linear-model.js';
import { featurizeAll, train, type Example, type TrainOptions } from './train.js';
import type { Features } from './features.js';

export const FOLDS = 5;

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function foldOf(line: CorpusLine, k = FOLDS): number {
  return fnv(line.source ?? line.id) % k;
}

export function toExamples(lines: readonly CorpusLine[]): Example[] {
  return lines.map((l) => ({ text: l.text, label: (MODEL_CLASSES as readonly string[]).indexOf(l.category) }));
}

/** Out-of-fold class probabilities for every line, from weights quantised as shipped. */
export function outOfFold(lines: readonly CorpusLine[], options: TrainOptions, k = FOLDS, feats?: Features[]): Float64Array[] {
  const examples = toExamples(lines);
  const features = feats ?? featurizeAll(examples, options.spec);
  const folds = lines.map((l) => foldOf(l, k));
  const out: Float64Array[] = new Array(lines.length);
  for (let f = 0; f < k; f++) {
    const trainIdx = examples.map((_, i) => i).filter((i) => folds[i] !== f);
    const w = train(
      trainIdx.map((i) => examples[i]!),
      MODEL_CLASSES,
      options,
      trainIdx.map((i) => features[i]!),
    );
    for (let i = 0; i < lines.length; i++) if (folds[i] === f) out[i] = predictFeatures(w, features[i]!);
  }
  return out;
}

/** ROC AUC by ranks (ties count half). */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0;
  let neg = 0;
  let rankSum = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) if (labels[idx[t]!]) {
      pos++;
      rankSum += rank;
    }
    i = j + 1;
  }
  neg = labels.length - pos;
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : NaN;
}
