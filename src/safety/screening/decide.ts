// One decision from two signals, on the tiers the bot already has (issue
// 14, item 3). The rules keep their floor: an imminent hit always pages and
// nothing a rule found is ever dropped, only lowered to a review. The
// thresholds come from the weights file, chosen there by cross-validation
// on the training corpus.
import { MIN_MODEL_WORDS, type ModelReading } from './model/reading.js';
import type { DecisionThresholds } from './model/thresholds.js';
import type { Category, Decision, DecisionBasis, Severity } from './types.js';

export interface RuleHit {
  severity: Severity;
  category: Category;
}

export interface Decided {
  decision: Decision;
  severity: Severity | null;
  category: Category | null;
  basis: DecisionBasis;
}

export const DECISION_RANK: Record<Decision, number> = { none: 0, review: 1, alert: 2 };

/** The most likely dangerous category (distress is never one). */
export function topDanger(m: ModelReading): Category {
  let best: Category = m.top;
  let p = -1;
  for (const [c, v] of Object.entries(m.scores) as [Category | 'safe', number][]) {
    if (c === 'safe' || c === 'distress') continue;
    if (v > p) [best, p] = [c, v];
  }
  return best;
}

/** A page the model raises on its own: the categories that need someone within the hour are high. */
function modelSeverity(c: Category): Severity {
  return c === 'plan_intent_means' || c === 'medical_emergency' || c === 'harm_to_others' ? 'high' : 'moderate';
}

export function strongestHardNegative(m: ModelReading): [string, number] {
  let best: [string, number] = ['', 0];
  for (const [g, v] of Object.entries(m.hardNegative)) if (v > best[1]) best = [g, v];
  return best;
}

/** How far the model may go on its own; see DecideOptions. */
export interface DecideOptions {
  /**
   * Whether the model alone (no rule, or only a review-level rule) may page.
   * Off by default (AFTERGLOW_MODEL_PAGES): on ordinary chat the model alone
   * raised 12 pages in 130 messages where the lexicon raised none, so its
   * own finds open a review case instead — seen the same clinic day, never a
   * page. Rule hits and context raises are not affected.
   */
  modelAlonePages: boolean;
}

export function decide(rule: RuleHit | null, reading: ModelReading | null, t: DecisionThresholds, options: DecideOptions = { modelAlonePages: true }): Decided {
  const m = reading && reading.words >= MIN_MODEL_WORDS ? reading : null;
  if (m === null) {
    if (!rule) return { decision: 'none', severity: null, category: null, basis: 'none' };
    return { decision: rule.severity === 'review' ? 'review' : 'alert', severity: rule.severity, category: rule.category, basis: 'rule' };
  }
  const pages = m.danger >= t.page;
  if (rule) {
    switch (rule.severity) {
      case 'imminent':
        return { decision: 'alert', severity: 'imminent', category: rule.category, basis: 'rule' };
      case 'high': {
        const [, p] = strongestHardNegative(m);
        if (p >= t.downgrade && !pages) return { decision: 'review', severity: 'review', category: rule.category, basis: 'rule_lowered' };
        return { decision: 'alert', severity: 'high', category: rule.category, basis: 'rule' };
      }
      case 'moderate':
        return m.danger >= t.moderate
          ? { decision: 'alert', severity: 'moderate', category: rule.category, basis: 'rule_confirmed' }
          : { decision: 'review', severity: 'review', category: rule.category, basis: 'rule_lowered' };
      case 'review':
        if (pages && options.modelAlonePages) {
          const c = topDanger(m);
          return { decision: 'alert', severity: modelSeverity(c), category: c, basis: 'model' };
        }
        return { decision: 'review', severity: 'review', category: rule.category, basis: 'rule' };
    }
  }
  if (pages && options.modelAlonePages) {
    const c = topDanger(m);
    return { decision: 'alert', severity: modelSeverity(c), category: c, basis: 'model' };
  }
  if (pages) return { decision: 'review', severity: 'review', category: topDanger(m), basis: 'model' };
  if (m.risk >= t.review) return { decision: 'review', severity: 'review', category: m.top, basis: 'model' };
  return { decision: 'none', severity: null, category: null, basis: 'none' };
}
