// Choosing the decision thresholds on out-of-fold readings of the training
// corpus: the most recall (any case, then pages on alert lines) within a
// budget of false pages and reviews on the lines that expect none. Never
// run on the held-out set.
import type { CorpusLine } from './corpus';
import type { ModelReading } from './reading';
import type { DecisionThresholds } from './thresholds';
import { decide, DECISION_RANK, type RuleHit } from '../decide';
import type { Decision } from '../types';

/** Budgets on lines that expect none, below the targets (3% pages, 8% reviews) to leave a margin. */
export const BUDGET = { pages: 0.02, reviews: 0.06 };

export interface Outcome {
  recallAny: number;
  recallAlert: number;
  pageRate: number;
  reviewRate: number;
  loss: number;
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
  for (let i = 0; i < lines.length; i++) {
    const d: Decision = decide(rules[i]!, readings[i]!, t).decision;
    const e = lines[i]!.expect;
    if (e === 'none') {
      neg++;
      if (d === 'alert') fpPage++;
      else if (d === 'review') fpReview++;
    } else {
      pos++;
      if (DECISION_RANK[d] > 0) hit++;
      if (e === 'alert') {
        alerts++;
        if (d === 'alert') paged++;
      }
    }
  }
  const o = { recallAny: hit / pos, recallAlert: alerts ? paged / alerts : 1, pageRate: neg ? fpPage / neg : 0, reviewRate: neg ? fpReview / neg : 0 };
  const loss = -(o.recallAny + 0.5 * o.recallAlert) + 6 * Math.max(0, o.pageRate - BUDGET.pages) + 3 * Math.max(0, o.reviewRate - BUDGET.reviews);
  return { ...o, loss };
}

export function searchThresholds(lines: readonly CorpusLine[], rules: readonly (RuleHit | null)[], readings: readonly ModelReading[]): { thresholds: DecisionThresholds; outcome: Outcome } {
  let best: { thresholds: DecisionThresholds; outcome: Outcome } | null = null;
  for (const page of grid(0.3, 0.95, 0.05)) {
    for (const review of grid(0.2, 0.95, 0.05)) {
      if (review > page) continue;
      for (const downgrade of grid(0.5, 0.95, 0.05)) {
        for (const moderate of grid(0.1, 0.9, 0.1)) {
          const t = { page, review, downgrade, moderate };
          const outcome = evaluateThresholds(lines, rules, readings, t);
          if (!best || outcome.loss < best.outcome.loss - 1e-12) best = { thresholds: t, outcome };
        }
      }
    }
  }
  return best!;
}
