// Deterministic training: seeded shuffles, fixed epochs, no wall clock. The
// same corpus and options give the same bytes (V8's Math.exp/log are
// fdlibm ports, the same on every platform).
import { extractFeatures, modelSentences, type FeatureSpec, type Features } from './features.js';
import { quantize, type LinearWeights } from './linear-model.js';

export interface TrainOptions {
  spec: FeatureSpec;
  epochs: number;
  /** Initial learning rate; decays as lr / (1 + epoch). */
  lr: number;
  /** L2 penalty, applied to the weights an example touches. */
  l2: number;
  /** Weight classes by inverse frequency (to the power `balance`; 0 = off). */
  balance: number;
  seed: number;
}

export const DEFAULT_TRAIN: TrainOptions = { spec: { bits: 17, words: true, chars: true, charMax: 5 }, epochs: 24, lr: 3, l2: 1e-3, balance: 0.5, seed: 14 };

export interface Example {
  text: string;
  /** Index into the class list. */
  label: number;
}

/** Mulberry32: small, seeded, enough for shuffling. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function featurizeAll(examples: readonly Example[], spec: FeatureSpec): Features[] {
  return examples.map((e) => {
    const f = extractFeatures(modelSentences(e.text), spec);
    return f;
  });
}

export function train(examples: readonly Example[], classes: readonly string[], options: TrainOptions, features?: Features[]): LinearWeights {
  const k = classes.length;
  const dim = 1 << options.spec.bits;
  const feats = features ?? featurizeAll(examples, options.spec);
  // float32: half the memory traffic of float64, and the result is quantised to int8 anyway
  const w = new Float32Array(dim * k);
  const b = new Float64Array(k);
  const counts = new Float64Array(k);
  for (const e of examples) counts[e.label]!++;
  const classWeight = new Float64Array(k);
  const mean = examples.length / Math.max(1, counts.filter((c) => c > 0).length);
  for (let c = 0; c < k; c++) classWeight[c] = counts[c]! > 0 ? Math.pow(mean / counts[c]!, options.balance) : 0;
  const order = examples.map((_, i) => i);
  const rand = seeded(options.seed);
  const z = new Float64Array(k);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const lr = options.lr / (1 + epoch);
    for (const ei of order) {
      const f = feats[ei]!;
      const y = examples[ei]!.label;
      z.set(b);
      for (let n = 0; n < f.size; n++) {
        const v = f.value[n]!;
        const base = f.index[n]! * k;
        for (let c = 0; c < k; c++) z[c]! += v * w[base + c]!;
      }
      let max = -Infinity;
      for (let c = 0; c < k; c++) if (z[c]! > max) max = z[c]!;
      let sum = 0;
      for (let c = 0; c < k; c++) {
        z[c] = Math.exp(z[c]! - max);
        sum += z[c]!;
      }
      const cw = classWeight[y]! * lr;
      for (let c = 0; c < k; c++) z[c] = (z[c]! / sum - (c === y ? 1 : 0)) * cw;
      for (let c = 0; c < k; c++) b[c]! -= z[c]! * 0.1;
      const decay = 1 - lr * options.l2;
      for (let n = 0; n < f.size; n++) {
        const v = f.value[n]!;
        const base = f.index[n]! * k;
        for (let c = 0; c < k; c++) w[base + c] = w[base + c]! * decay - z[c]! * v;
      }
    }
  }
  return quantize(options.spec, classes, b, w);
}
