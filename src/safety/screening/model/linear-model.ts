// A multinomial logistic regression over hashed features, with int8 weights
// (one scale per class) so the shipped file stays small and loads fast.
import { extractFeatures, modelSentences, type FeatureSpec, type Features } from './features.js';
import { MODEL_CLASSES } from './classes.js';

export interface LinearWeights {
  spec: FeatureSpec;
  classes: readonly string[];
  bias: Float32Array;
  /** Per class: weight = q * scale. */
  scale: Float32Array;
  /** Row-major [feature][class]. */
  q: Int8Array;
}

/** Softmax probabilities, one per class, in `classes` order. */
export function predictFeatures(w: LinearWeights, f: Features): Float64Array {
  const k = w.classes.length;
  const z = new Float64Array(k);
  for (let n = 0; n < f.size; n++) {
    const v = f.value[n]!;
    const base = f.index[n]! * k;
    for (let c = 0; c < k; c++) z[c]! += v * w.q[base + c]!;
  }
  let max = -Infinity;
  for (let c = 0; c < k; c++) {
    z[c] = z[c]! * w.scale[c]! + w.bias[c]!;
    if (z[c]! > max) max = z[c]!;
  }
  let sum = 0;
  for (let c = 0; c < k; c++) {
    z[c] = Math.exp(z[c]! - max);
    sum += z[c]!;
  }
  for (let c = 0; c < k; c++) z[c]! /= sum;
  return z;
}

export function predictText(w: LinearWeights, text: string): Float64Array {
  return predictFeatures(w, extractFeatures(modelSentences(text), w.spec));
}

/** Float weights -> int8 with one scale per class (max |w| maps to 127). */
export function quantize(spec: FeatureSpec, classes: readonly string[], bias: Float64Array, weights: Float32Array): LinearWeights {
  const k = classes.length;
  const dim = 1 << spec.bits;
  const scale = new Float32Array(k);
  for (let c = 0; c < k; c++) {
    let m = 0;
    for (let i = 0; i < dim; i++) m = Math.max(m, Math.abs(weights[i * k + c]!));
    scale[c] = m > 0 ? m / 127 : 1;
  }
  const q = new Int8Array(dim * k);
  for (let i = 0; i < dim; i++) {
    for (let c = 0; c < k; c++) q[i * k + c] = Math.round(weights[i * k + c]! / scale[c]!);
  }
  return { spec, classes, bias: Float32Array.from(bias), scale, q };
}

export function checkClasses(classes: readonly string[]): void {
  if (classes.length !== MODEL_CLASSES.length || classes.some((c, i) => c !== MODEL_CLASSES[i])) {
    throw new Error(`classes in the weights (${classes.join(',')}) are not this code's classes`);
  }
}
