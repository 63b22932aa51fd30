// Hashed n-gram features of the screener's normalised text: word unigrams
// and bigrams, and character 2-5-grams across the joined tokens. Hashing
// keeps the weights a fixed size whatever the vocabulary; the sign bit
// halves the bias collisions add. Allocation-free on the hot path (the
// n-gram hashes are rolled over char codes, never sliced out as strings).
import { BOUNDARY, normalize } from '../normalize.js';

export interface FeatureSpec {
  /** log2 of the number of hash buckets. */
  bits: number;
  words: boolean;
  chars: boolean;
  /** Longest character n-gram (2..charMax). */
  charMax: number;
}

export const DEFAULT_FEATURES: FeatureSpec = { bits: 17, words: true, chars: true, charMax: 5 };

/** A sparse, L2-normalised feature vector. */
export interface Features {
  index: Int32Array;
  value: Float32Array;
  size: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnvStep(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME) >>> 0;
}

function hashWord(seed: number, w: string, h0 = FNV_OFFSET): number {
  let h = fnvStep(h0, seed);
  for (let i = 0; i < w.length; i++) h = fnvStep(h, w.charCodeAt(i));
  return h;
}

/** The text the model reads: normalised tokens, one sentence per line. */
export function modelSentences(text: string): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const t of normalize(text).tokens) {
    if (t === BOUNDARY) {
      if (cur.length) out.push(cur);
      cur = [];
    } else cur.push(t);
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Reused between calls: one extraction at a time (scoring is synchronous). */
class Scratch {
  acc: Float32Array;
  touched: Int32Array;
  n = 0;
  constructor(readonly dim: number) {
    this.acc = new Float32Array(dim);
    this.touched = new Int32Array(1 << 12);
  }
  add(h: number): void {
    const i = h & (this.dim - 1);
    const s = h >>> 31 ? -1 : 1;
    if (this.acc[i] === 0) {
      if (this.n === this.touched.length) {
        const grown = new Int32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.n++] = i;
    }
    this.acc[i]! += s;
    // a bucket whose signed sum returns to exactly 0 stays listed; it adds nothing
    if (this.acc[i] === 0) this.acc[i] = 1e-30;
  }
}

const scratches = new Map<number, Scratch>();

export function extractFeatures(sentences: readonly (readonly string[])[], spec: FeatureSpec): Features {
  const dim = 1 << spec.bits;
  let sc = scratches.get(dim);
  if (!sc) scratches.set(dim, (sc = new Scratch(dim)));
  sc.n = 0;
  for (const words of sentences) {
    if (spec.words) {
      for (let i = 0; i < words.length; i++) {
        const h = hashWord(1, words[i]!);
        sc.add(h);
        if (i + 1 < words.length) sc.add(hashWord(2, words[i + 1]!, fnvStep(h, 32)));
      }
    }
    if (spec.chars) {
      // " w1 w2 w3 ": n-grams may span a space, so word pairs leave a trace too
      const codes: number[] = [32];
      for (const w of words) {
        for (let i = 0; i < w.length; i++) codes.push(w.charCodeAt(i));
        codes.push(32);
      }
      for (let i = 0; i < codes.length; i++) {
        let h = fnvStep(FNV_OFFSET, 3);
        for (let len = 1; len <= spec.charMax && i + len <= codes.length; len++) {
          h = fnvStep(h, codes[i + len - 1]!);
          if (len >= 2) sc.add(fnvStep(h, len));
        }
      }
    }
  }
  const index = new Int32Array(sc.n);
  const value = new Float32Array(sc.n);
  let norm = 0;
  for (let k = 0; k < sc.n; k++) {
    const i = sc.touched[k]!;
    const raw = sc.acc[i]!;
    sc.acc[i] = 0;
    // sublinear counts: a word said five times is not five times the evidence
    const v = Math.abs(raw) < 1e-20 ? 0 : Math.sign(raw) * (1 + Math.log(Math.abs(raw)));
    index[k] = i;
    value[k] = v;
    norm += v * v;
  }
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let k = 0; k < value.length; k++) value[k]! *= inv;
  }
  return { index, value, size: sc.n };
}
