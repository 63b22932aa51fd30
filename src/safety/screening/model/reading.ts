// From the model's class probabilities to what the decision reads: a
// probability per screener category plus "safe", the dangerous share, and
// the hard-negative readings that may lower a rule hit.
import type { Category } from '../types.js';
import { HARD_NEGATIVE_GROUPS, MODEL_CLASSES, RISK_CLASSES, SAFE_CLASSES, TO_SCREENER, type HardNegative } from './classes.js';
import { extractFeatures, modelSentences } from './features.js';
import { predictFeatures, type LinearWeights } from './linear-model.js';

export interface ModelReading {
  /** P(category) for each screener category, and P(safe): they sum to 1. */
  scores: Partial<Record<Category, number>> & { safe: number };
  /** P(any risk category except distress): what may page. */
  danger: number;
  /** P(any risk category, distress included): what may open a review. */
  risk: number;
  /** The most likely risk category (for the case) and its probability. */
  top: Category;
  topScore: number;
  /** P of each hard-negative reading. */
  hardNegative: Record<HardNegative, number>;
  /** Words the model read (in the window that stands for the message). */
  words: number;
}

/**
 * Below this many words the model's reading does not change the decision
 * (the lexicon decides alone): "stop", "3", "leave" carry too little for a
 * bag of n-grams, and bot commands and answers are mostly that short.
 */
export const MIN_MODEL_WORDS = 3;

const IDX = new Map<string, number>(MODEL_CLASSES.map((c, i) => [c, i]));

export function readProbabilities(p: ArrayLike<number>, words = MIN_MODEL_WORDS): ModelReading {
  const scores: Partial<Record<Category, number>> & { safe: number } = { safe: 0 };
  for (const c of RISK_CLASSES) {
    const cat = TO_SCREENER[c];
    scores[cat] = (scores[cat] ?? 0) + p[IDX.get(c)!]!;
  }
  for (const c of SAFE_CLASSES) scores.safe += p[IDX.get(c)!]!;
  let top: Category = 'distress';
  let topScore = -1;
  let risk = 0;
  for (const [cat, v] of Object.entries(scores) as [Category | 'safe', number][]) {
    if (cat === 'safe') continue;
    risk += v;
    if (v > topScore) [top, topScore] = [cat, v];
  }
  const hardNegative = {} as Record<HardNegative, number>;
  for (const [g, members] of Object.entries(HARD_NEGATIVE_GROUPS) as [HardNegative, readonly string[]][]) {
    hardNegative[g] = members.reduce((s, m) => s + p[IDX.get(m)!]!, 0);
  }
  for (const k of Object.keys(scores) as (keyof typeof scores)[]) scores[k] = round4(scores[k]!);
  return { scores, danger: round4(risk - (scores.distress ?? 0)), risk: round4(risk), top, topScore: round4(topScore), hardNegative: mapRound(hardNegative), words };
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
function mapRound<K extends string>(r: Record<K, number>): Record<K, number> {
  for (const k of Object.keys(r) as K[]) r[k] = round4(r[k]);
  return r;
}

/** Longest text read in one piece; longer text is read in windows (bounded, see scoreText). */
export const WINDOW_CHARS = 1_000;
const MAX_WINDOWS = 24;

/**
 * Score a message. A long message is read in windows of about 1,000
 * characters, at most 24 (the first and last twelve), and the window
 * with the most danger stands for it: a risk sentence inside a long
 * ramble is not diluted away, and the cost stays bounded whatever the
 * length (the lexicon still reads every character).
 */
function readOne(w: LinearWeights, text: string): ModelReading {
  const sentences = modelSentences(text);
  const words = sentences.reduce((n, s) => n + s.length, 0);
  return readProbabilities(predictFeatures(w, extractFeatures(sentences, w.spec)), words);
}

export function scoreText(w: LinearWeights, text: string): ModelReading {
  if (text.length <= WINDOW_CHARS * 1.5) return readOne(w, text);
  const windows: string[] = [];
  for (let i = 0; i < text.length; i += WINDOW_CHARS) windows.push(text.slice(i, i + WINDOW_CHARS));
  const picked = windows.length > MAX_WINDOWS ? [...windows.slice(0, MAX_WINDOWS / 2), ...windows.slice(-MAX_WINDOWS / 2)] : windows;
  let best: ModelReading | null = null;
  for (const t of picked) {
    const r = readOne(w, t);
    if (!best || r.danger > best.danger || (r.danger === best.danger && r.risk > best.risk)) best = r;
  }
  return best!;
}
