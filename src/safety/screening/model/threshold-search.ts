// Choosing the decision thresholds on out-of-fold readings of the training
// corpus: the most recall (any case, then pages on alert lines) within a
// budget of false pages and reviews on the lines that expect none. Never
// run on the held-out set.
import type { CorpusLine } from './corpus.js';
import { MIN_MODEL_WORDS, type ModelReading } from './reading.js';
import type { DecisionThresholds } from './thresholds.js';
import { decide, DECISION_RANK, type RuleHit } from '../decide.js';
import type { Decision } from '../types.js';

/**
 * What the model may add on lines that expect none, over the lexicon alone:
 * 0.5% more pages and 2% more cases (a review where the lexicon saw nothing).
 * Well below the targets (3% pages, 8% reviews): the corpus's
 * ordinary lines are tidier than real chat, and at 1%/3% the model still
 * opened 24 cases (14 pages) in 130 plain chat messages where the lexicon
 * opened none. A muted clinician channel is the second-worst failure.
 */
export const BUDGET = { pages: 0.005, reviews: 0.02 };

export interface Outcome {
  recallAny: number;
  recallAlert: number;
  pageRate: number;
  reviewRate: number;
  /** On none-lines: pages where the lexicon alone did not page; cases where it opened none. */
  addedPages: number;
  addedCases: number;
  loss: number;
}

/**
 * Within the budget, the most recall (any case, plus half the pages on
 * lines that expect one), less half the pages on lines that expect none (so
 * a rule's false page lowered to a review counts); outside the budget, a
 * loss that grows with the excess, so the search still has a direction.
 */
function lossOf(o: Omit<Outcome, 'loss'>): number {
  const over = Math.max(0, o.addedPages - BUDGET.pages) + Math.max(0, o.addedCases - BUDGET.reviews);
  const gain = o.recallAny + 0.5 * o.recallAlert - 0.5 * o.pageRate;
  return over > 0 ? 10 + 100 * over - gain : -gain;
}

const grid = (from: number, to: number, step: number) => {
  const out: number[] = [];
  for (let x = from; x <= to + 1e-9; x += step) out.push(Math.round(x * 100) / 100);
  return out;
};

export function evaluateThresholds(lines: readonly CorpusLine[], rules: readonly (RuleHit | null)[], readings: readonly ModelReading[], t: DecisionThresholds): Outcome {
  let pos = 0;
  let hit = 0;
  let alerts = 0;
  let paged = 0;
  let neg = 0;
  let fpPage = 0;
  let fpReview = 0;
  let addedPages = 0;
  let addedCases = 0;
  for (let i = 0; i < lines.length; i++) {
    const d: Decision = decide(rules[i]!, readings[i]!, t).decision;
    const e = lines[i]!.expect;
    if (e === 'none') {
      neg++;
      if (d === 'alert') fpPage++;
      else if (d === 'review') fpReview++;
      const lexicon = decide(rules[i]!, null, t).decision;
      if (d === 'alert' && lexicon !== 'alert') addedPages++;
      if (d !== 'none' && lexicon === 'none') addedCases++;
    } else {
      pos++;
      if (DECISION_RANK[d] > 0) hit++;
      if (e === 'alert') {
        alerts++;
        if (d === 'alert') paged++;
      }
    }
  }
  const o = { recallAny: hit / pos, recallAlert: alerts ? paged / alerts : 1, pageRate: neg ? fpPage / neg : 0, reviewRate: neg ? fpReview / neg : 0, addedPages: neg ? addedPages / neg : 0, addedCases: neg ? addedCases / neg : 0 };
  return { ...o, loss: lossOf(o) };
}

/**
 * The grid search, made fast by grouping: each threshold only moves the
 * lines of one rule tier, so the lines are split by tier once and each
 * tier's outcome counted per threshold value, then combined. The result is
 * checked against decide() at the end (the same numbers, or it throws).
 */
export function searchThresholds(lines: readonly CorpusLine[], rules: readonly (RuleHit | null)[], readings: readonly ModelReading[]): { thresholds: DecisionThresholds; outcome: Outcome } {
  const best = searchGrid(lines, rules, readings);
  const check = evaluateThresholds(lines, rules, readings, best.thresholds);
  if (Math.abs(check.loss - best.outcome.loss) > 1e-9) throw new Error(`threshold search disagrees with decide(): ${check.loss} vs ${best.outcome.loss}`);
  return { thresholds: best.thresholds, outcome: check };
}

function searchGrid(lines: readonly CorpusLine[], rules: readonly (RuleHit | null)[], readings: readonly ModelReading[]): { thresholds: DecisionThresholds; outcome: Outcome } {
  let pos = 0;
  let alerts = 0;
  let neg = 0;
  for (const l of lines) {
    if (l.expect === 'none') neg++;
    else {
      pos++;
      if (l.expect === 'alert') alerts++;
    }
  }
  const hn = readings.map((m) => Math.max(...Object.values(m.hardNegative)));
  // counts [hit(any), paged on alert lines, fp page, fp review, added page, added case] for one decision;
  // `lexicon` is the lexicon's own decision on the line (2 alert, 1 review, 0 none)
  const add = (acc: number[], i: number, d: 0 | 1 | 2, lexicon: 0 | 1 | 2) => {
    const e = lines[i]!.expect;
    if (e === 'none') {
      if (d === 2) acc[2]!++;
      else if (d === 1) acc[3]!++;
      if (d === 2 && lexicon !== 2) acc[4]!++;
      if (d > 0 && lexicon === 0) acc[5]!++;
    } else {
      if (d > 0) acc[0]!++;
      if (e === 'alert' && d === 2) acc[1]!++;
    }
  };
  const tiers: Record<string, number[]> = { imminent: [], high: [], moderate: [], review: [], none: [], short: [] };
  // too short for the model: the lexicon decides alone
  rules.forEach((r, i) => tiers[readings[i]!.words < MIN_MODEL_WORDS ? 'short' : (r?.severity ?? 'none')]!.push(i));
  const sum = (...xs: number[][]) => xs.reduce((a, b) => a.map((v, j) => v + b[j]!), [0, 0, 0, 0, 0, 0]);
  const imminent = [0, 0, 0, 0, 0, 0];
  for (const i of tiers.imminent!) add(imminent, i, 2, 2);
  for (const i of tiers.short!) {
    const lexicon = rules[i] ? (rules[i]!.severity === 'review' ? 1 : 2) : 0;
    add(imminent, i, lexicon, lexicon);
  }
  let best: { thresholds: DecisionThresholds; outcome: Outcome } | null = null;
  for (const page of grid(0.3, 0.98, 0.02)) {
    const reviewTier = [0, 0, 0, 0, 0, 0];
    for (const i of tiers.review!) add(reviewTier, i, readings[i]!.danger >= page ? 2 : 1, 1);
    for (const moderate of grid(0.1, 0.9, 0.1)) {
      const mod = [0, 0, 0, 0, 0, 0];
      for (const i of tiers.moderate!) add(mod, i, readings[i]!.danger >= moderate ? 2 : 1, 2);
      for (const downgrade of grid(0.5, 0.95, 0.05)) {
        const high = [0, 0, 0, 0, 0, 0];
        for (const i of tiers.high!) add(high, i, hn[i]! >= downgrade && readings[i]!.danger < page ? 1 : 2, 2);
        for (const review of grid(0.2, 0.95, 0.05)) {
          if (review > page) continue;
          const free = [0, 0, 0, 0, 0, 0];
          for (const i of tiers.none!) add(free, i, readings[i]!.danger >= page ? 2 : readings[i]!.risk >= review ? 1 : 0, 0);
          const [hit, paged, fpPage, fpReview, addPage, addCase] = sum(imminent, reviewTier, mod, high, free) as [number, number, number, number, number, number];
          const o = { recallAny: hit / pos, recallAlert: alerts ? paged / alerts : 1, pageRate: neg ? fpPage / neg : 0, reviewRate: neg ? fpReview / neg : 0, addedPages: addPage / neg, addedCases: addCase / neg };
          const loss = lossOf(o);
          const t = { page, review, downgrade, moderate };
          if (!best || loss < best.outcome.loss - 1e-12) best = { thresholds: t, outcome: { ...o, loss } };
        }
      }
    }
  }
  return best!;
}
