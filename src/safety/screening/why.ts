// One line saying why a case opened, for the clinician card and `cases`
// (issue 14, item 5). Rule words are left out in minimal-data mode; the
// model's figures never carry the patient's words.
import { strongestHardNegative, topDanger } from './decide.js';
import type { ScreenResult } from './types.js';

const HARD_NEGATIVE_WORDS: Record<string, string> = {
  resolved_past: 'the resolved past',
  someone_else: 'someone else',
  quotation: 'a quotation or letter',
  figure_of_speech: 'a figure of speech',
};

export function explainWhy(r: ScreenResult, options: { minimalData: boolean }): string {
  const parts: string[] = [];
  const rules = r.matches.filter((m) => !m.negated || r.matches.length === 1);
  if (rules.length > 0) {
    const shown = rules.slice(0, 3).map((m) => (options.minimalData ? `${m.ruleId} (${m.severity})` : `${m.ruleId} (${m.severity}) "${m.matched.slice(0, 60)}"`));
    parts.push(`rule ${shown.join(', ')}`);
  }
  if (r.model) {
    const m = r.model;
    if (r.basis === 'rule_lowered') {
      const [g, p] = strongestHardNegative(m);
      parts.push(
        p >= 0.5
          ? `model reads it as ${HARD_NEGATIVE_WORDS[g] ?? g} (${p.toFixed(2)}): lowered to review`
          : `model danger ${m.danger.toFixed(2)}: lowered to review`,
      );
    } else if (m.danger >= m.risk - m.danger) {
      parts.push(`model ${topDanger(m)} ${m.danger.toFixed(2)}`);
    } else {
      parts.push(`model ${m.top} ${m.topScore.toFixed(2)}`);
    }
  }
  if (r.basis === 'context' && r.contextModel) {
    parts.push(`context: the last messages together read as ${r.category ?? r.contextModel.top} ${r.contextModel.danger >= 0.5 ? r.contextModel.danger.toFixed(2) : r.contextModel.risk.toFixed(2)}`);
  } else if (r.raisedByContext) {
    parts.push('context: raised by earlier signals');
  }
  if (r.modelUnavailable !== undefined) parts.push('model unavailable');
  return parts.join('; ') || 'no signal';
}
