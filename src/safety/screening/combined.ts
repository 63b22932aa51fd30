// The screener the bot runs: the lexicon, then the model on the message
// alone and on the person's last few messages together, then one decision.
// Without a model (missing, corrupt, failed to load) it is the lexicon
// alone and every result says "model unavailable".
import { DECISION_RANK, decide, topDanger, type DecideOptions } from './decide.js';
import type { LinearWeights } from './model/linear-model.js';
import { scoreText } from './model/reading.js';
import type { DecisionThresholds } from './model/thresholds.js';
import type { ScreenContext, ScreenResult, Screener } from './types.js';

export type ModelForScreening = { ok: true; weights: LinearWeights; thresholds: DecisionThresholds } | { ok: false; cause: string };

/** Earlier messages read with this one (the caller keeps at most this many, from the last 30 minutes). */
export const CONTEXT_MESSAGES = 3;

/**
 * After an earlier message that opened a case, this message pages when its
 * danger reaches this share of the review threshold: a terse follow-up to
 * "i can't do this anymore" says less and means more. 0.6 since the 0.5%/2%
 * budget: the follow-up "tonight then, i'm sure" reads 0.43 danger alone.
 */
export const CONTEXT_PAGE_SHARE = 0.6;

export function createCombinedScreener(lexicon: Screener, model: ModelForScreening, options: DecideOptions = { modelAlonePages: true }): Screener {
  function screen(text: string, context?: ScreenContext): ScreenResult {
    const r = lexicon.screen(text, context);
    if (!model.ok) return { ...r, modelUnavailable: model.cause };
    // An answer the bot asked for ("none", "mild", "3") is not free speech:
    // the model, trained on free messages, raised false cases on them.
    if (context?.lexiconOnly) return r;
    const { weights, thresholds } = model;
    const reading = scoreText(weights, text);
    const rule = r.alert && r.severity && r.category ? { severity: r.severity, category: r.category } : null;
    const own = decide(rule, reading, thresholds, options);
    let result: ScreenResult = { ...r, alert: own.decision !== 'none', decision: own.decision, basis: own.basis, severity: own.severity, category: own.category, model: reading };

    // Context: the last messages together may say what neither says alone
    // ("i can't do this anymore", then "the pills are in the kitchen"). Two
    // readings, either may raise: the messages read as one text, and this
    // message read in the light of an earlier one that opened a case (then
    // the bar for a page is lowered to CONTEXT_PAGE_SHARE of the bar for a review). A raise counts only when
    // it is above every part's own decision, so one earlier message does not
    // re-raise everything said after it.
    const earlier = (context?.recentTexts ?? []).slice(-CONTEXT_MESSAGES);
    if (earlier.length > 0 && own.decision !== 'alert') {
      const joint = scoreText(weights, [...earlier.map((e) => e.text), text].join('\n'));
      let together = decide(null, joint, thresholds);
      let floor = DECISION_RANK[own.decision];
      let worried = false;
      for (const e of earlier) {
        const alone = decide(null, scoreText(weights, e.text), thresholds).decision;
        floor = Math.max(floor, DECISION_RANK[e.decision], DECISION_RANK[alone]);
        if (e.decision !== 'none' || alone !== 'none') worried = true;
      }
      if (worried && together.decision !== 'alert' && reading.danger >= thresholds.review * CONTEXT_PAGE_SHARE) {
        const lit = decide(null, { ...reading, danger: Math.max(reading.danger, thresholds.page) }, thresholds);
        together = { ...lit, category: topDanger(reading) };
      }
      if (DECISION_RANK[together.decision] > floor) {
        result = {
          ...result,
          alert: true,
          decision: together.decision,
          basis: 'context',
          severity: together.severity,
          category: together.category,
          raisedByContext: true,
          contextModel: joint,
        };
      }
    }
    return result;
  }
  return { screen, version: lexicon.version };
}
