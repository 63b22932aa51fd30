// The cross-validated evaluation table printed by `npm run train:screener`
// (training corpus only): per category, lexicon / model / combined.
import { decide, type RuleHit } from '../decide.js';
import type { Decision } from '../types.js';
import type { CorpusLine } from './corpus.js';
import type { TrainResult } from './pipeline.js';
import { FALLBACK_THRESHOLDS } from './thresholds.js';

interface Cell {
  n: number;
  lex: Record<Decision, number>;
  model: Record<Decision, number>;
  both: Record<Decision, number>;
}

const zero = (): Record<Decision, number> => ({ alert: 0, review: 0, none: 0 });
const pct = (x: number, n: number) => (n ? `${((100 * x) / n).toFixed(1)}%` : '-');

export function tally(lines: readonly CorpusLine[], rules: readonly (RuleHit | null)[], result: TrainResult, key: (l: CorpusLine) => string): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  const t = result.chosen.thresholds ?? FALLBACK_THRESHOLDS;
  lines.forEach((l, i) => {
    const k = key(l);
    let c = cells.get(k);
    if (!c) cells.set(k, (c = { n: 0, lex: zero(), model: zero(), both: zero() }));
    c.n++;
    const reading = result.chosen.readings[i]!;
    c.lex[decide(rules[i]!, null, t).decision]++;
    c.model[decide(null, reading, t).decision]++;
    c.both[decide(rules[i]!, reading, t).decision]++;
  });
  return cells;
}

function rows(cells: Map<string, Cell>, negative: (k: string) => boolean): string[] {
  const out: string[] = [];
  for (const [k, c] of [...cells.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (negative(k)) {
      out.push(`| ${k.padEnd(28)} | ${String(c.n).padStart(5)} | pages ${pct(c.lex.alert, c.n).padStart(6)} rev ${pct(c.lex.review, c.n).padStart(6)} | pages ${pct(c.model.alert, c.n).padStart(6)} rev ${pct(c.model.review, c.n).padStart(6)} | pages ${pct(c.both.alert, c.n).padStart(6)} rev ${pct(c.both.review, c.n).padStart(6)} |`);
    } else {
      const any = (d: Record<Decision, number>) => d.alert + d.review;
      out.push(`| ${k.padEnd(28)} | ${String(c.n).padStart(5)} | any ${pct(any(c.lex), c.n).padStart(6)} page ${pct(c.lex.alert, c.n).padStart(6)} | any ${pct(any(c.model), c.n).padStart(6)} page ${pct(c.model.alert, c.n).padStart(6)} | any ${pct(any(c.both), c.n).padStart(6)} page ${pct(c.both.alert, c.n).padStart(6)} |`);
    }
  }
  return out;
}

export function evaluationTable(result: TrainResult): string {
  const { lines, rules } = result;
  const head = `| ${'cross-validated (train only)'.padEnd(28)} | ${'n'.padStart(5)} | lexicon                    | model alone                | combined                   |`;
  const byExpect = tally(lines, rules, result, (l) => `expect ${l.expect}`);
  const byCat = tally(lines, rules, result, (l) => `${l.expect === 'none' ? '(neg) ' : ''}${l.category}${l.expect === 'review' ? ' [review]' : ''}`);
  const byLang = tally(lines.filter((l) => l.expect !== 'none'), rules.filter((_, i) => lines[i]!.expect !== 'none'), { ...result, chosen: { ...result.chosen, readings: result.chosen.readings.filter((_, i) => lines[i]!.expect !== 'none') } }, (l) => `risk, ${l.lang}`);
  const neg = (k: string) => k.startsWith('(neg)') || k === 'expect none';
  const variants = result.results.map((r) => `  ${r.variant.name}: loss ${r.outcome.loss.toFixed(4)} (recall any ${r.outcome.recallAny.toFixed(3)}, pages on alert lines ${r.outcome.recallAlert.toFixed(3)}, pages on none ${r.outcome.pageRate.toFixed(3)}, reviews on none ${r.outcome.reviewRate.toFixed(3)}), risk AUC ${r.auc.toFixed(4)}`);
  return [
    'Variants (5-fold CV, thresholds chosen per variant):',
    ...variants,
    '',
    head,
    ...rows(byExpect, neg),
    ...rows(byLang, () => false),
    ...rows(byCat, neg),
  ].join('\n');
}
