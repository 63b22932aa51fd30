import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/safety/screening/decide.js';
import { readProbabilities } from '../../../src/safety/screening/model/reading.js';
import { MODEL_CLASSES } from '../../../src/safety/screening/model/classes.js';
import type { DecisionThresholds } from '../../../src/safety/screening/model/thresholds.js';

const T: DecisionThresholds = { page: 0.8, review: 0.5, downgrade: 0.85, moderate: 0.4 };

/** A model reading with the given class probabilities (the rest spread over `everyday`). */
function reading(p: Partial<Record<(typeof MODEL_CLASSES)[number], number>>) {
  const used = Object.values(p).reduce((a, b) => a + b, 0);
  return readProbabilities(MODEL_CLASSES.map((c) => p[c] ?? (c === 'everyday' ? 1 - used : 0)));
}

describe('one decision from the rules and the model', () => {
  it('GIVEN an imminent rule hit WHEN the model is sure it is a figure of speech THEN it still pages', () => {
    const d = decide({ severity: 'imminent', category: 'plan_intent_means' }, reading({ idiom: 0.99 }), T);
    expect(d).toMatchObject({ decision: 'alert', severity: 'imminent', basis: 'rule' });
  });

  it('GIVEN a high rule hit WHEN the model reads the resolved past with high confidence THEN it is a review case, not dropped', () => {
    const d = decide({ severity: 'high', category: 'suicidal_ideation' }, reading({ resolved_past: 0.9 }), T);
    expect(d).toMatchObject({ decision: 'review', severity: 'review', category: 'suicidal_ideation', basis: 'rule_lowered' });
  });

  it('GIVEN a high rule hit WHEN the hard-negative reading is below the threshold THEN it pages', () => {
    expect(decide({ severity: 'high', category: 'self_harm' }, reading({ resolved_past: 0.7, self_harm: 0.3 }), T).decision).toBe('alert');
  });

  it('GIVEN a high rule hit WHEN the reading is someone else but danger is high too THEN it pages', () => {
    // 0.85 someone else cannot co-exist with danger >= 0.8; the guard is the danger threshold itself
    expect(decide({ severity: 'high', category: 'self_harm' }, reading({ other_people: 0.1, self_harm: 0.85 }), T).decision).toBe('alert');
  });

  it('GIVEN a moderate rule hit WHEN the model reads danger THEN it pages; WHEN it reads none THEN a review', () => {
    expect(decide({ severity: 'moderate', category: 'suicidal_ideation' }, reading({ passive_ideation: 0.5 }), T)).toMatchObject({ decision: 'alert', basis: 'rule_confirmed' });
    expect(decide({ severity: 'moderate', category: 'suicidal_ideation' }, reading({ idiom: 0.9 }), T)).toMatchObject({ decision: 'review', basis: 'rule_lowered' });
  });

  it('GIVEN no rule hit WHEN the model reads a plan with high probability THEN it pages at high', () => {
    expect(decide(null, reading({ plan_means_timing: 0.9 }), T)).toMatchObject({ decision: 'alert', severity: 'high', category: 'plan_intent_means', basis: 'model' });
  });

  it('GIVEN no rule hit WHEN the model reads distress THEN a review, never a page', () => {
    expect(decide(null, reading({ distress: 0.95 }), T)).toMatchObject({ decision: 'review', category: 'distress' });
  });

  it('GIVEN no rule hit WHEN the model reads everyday chat THEN nothing opens', () => {
    expect(decide(null, reading({}), T).decision).toBe('none');
  });

  it('GIVEN any rule hit WHEN every possible model reading is tried THEN the decision is never none', () => {
    for (const severity of ['imminent', 'high', 'moderate', 'review'] as const) {
      for (const c of MODEL_CLASSES) {
        expect(decide({ severity, category: 'distress' }, reading({ [c]: 1 }), T).decision).not.toBe('none');
      }
    }
  });

  it('GIVEN no model WHEN a rule hits THEN the lexicon tiers stand as before', () => {
    expect(decide({ severity: 'moderate', category: 'distress' }, null, T).decision).toBe('alert');
    expect(decide({ severity: 'review', category: 'distress' }, null, T).decision).toBe('review');
    expect(decide(null, null, T).decision).toBe('none');
  });
});

describe('GIVEN a clinic that keeps the model from paging on its own (AFTERGLOW_MODEL_PAGES=false, the default)', () => {
  const t = { page: 0.7, review: 0.65, downgrade: 0.5, moderate: 0.4 };
  const loud = { danger: 0.95, risk: 0.95, top: 'plan_intent_means', words: 8, hardNegative: {}, scores: {} } as unknown as Parameters<typeof decide>[1];
  it('WHEN the model alone reads high danger THEN it opens a review case, not a page', () => {
    expect(decide(null, loud, t, { modelAlonePages: false })).toMatchObject({ decision: 'review', severity: 'review', basis: 'model' });
    expect(decide(null, loud, t, { modelAlonePages: true })).toMatchObject({ decision: 'alert', basis: 'model' });
  });
  it('WHEN a rule fires THEN the rule still pages as before', () => {
    expect(decide({ severity: 'imminent', category: 'plan_intent_means' }, loud, t, { modelAlonePages: false })).toMatchObject({ decision: 'alert', severity: 'imminent' });
    expect(decide({ severity: 'high', category: 'suicidal_ideation' }, loud, t, { modelAlonePages: false })).toMatchObject({ decision: 'alert', severity: 'high' });
  });
});
