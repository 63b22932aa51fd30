// `npx afterglow screen`: one message per input line -> one JSON line, so a
// clinic can try the screener on its own examples; `--explain` prints the
// same readably.
//
// Each line is screened on its own (no recent context from earlier lines): a
// file of examples is usually unrelated messages, and letting one line raise
// the next would make a result depend on the order of the file. Context
// raising is covered by the unit tests and by the bot, which keeps signals
// per person.
import { createInterface } from 'node:readline';
import type { ModelReading } from './screening/model/reading.js';
import type { Screener, ScreenResult } from './screening/types.js';
import { explainWhy } from './screening/why.js';

export interface ScreenLineResult {
  line: number;
  decision: ScreenResult['decision'];
  alert: boolean;
  category: string | null;
  severity: string | null;
  matches: { ruleId: string; category: string; severity: string; matched: string; negated: boolean }[];
  raisedByContext: boolean;
  /** A request for a person (the lexicon's `requests`): not an alert, but the bot passes it to the care team. */
  request: string | null;
  /** The model's probabilities, or null with `modelUnavailable` saying why. */
  model: ModelReading | null;
  modelUnavailable?: string;
  why: string;
}

export interface ScreenCommandOptions {
  explain?: boolean;
  minimalData?: boolean;
}

export function toLine(line: number, r: ScreenResult, minimalData: boolean): ScreenLineResult {
  return {
    line,
    decision: r.decision,
    alert: r.alert,
    category: r.category,
    severity: r.severity,
    matches: r.matches.map((m) => ({ ruleId: m.ruleId, category: m.category, severity: m.severity, matched: m.matched, negated: m.negated })),
    raisedByContext: r.raisedByContext,
    request: r.request,
    model: r.model,
    ...(r.modelUnavailable !== undefined ? { modelUnavailable: r.modelUnavailable } : {}),
    why: explainWhy(r, { minimalData }),
  };
}

export function explainLine(o: ScreenLineResult): string {
  const head = `#${o.line} ${o.decision.toUpperCase()}${o.category ? ` ${o.category}` : ''}${o.severity ? ` (${o.severity})` : ''}`;
  const out = [head, `  why: ${o.why}`];
  for (const m of o.matches) out.push(`  rule ${m.ruleId} ${m.severity} ${m.category}${m.negated ? ' (negated)' : ''}: "${m.matched}"`);
  if (o.model) {
    const scores = Object.entries(o.model.scores)
      .filter(([, v]) => v >= 0.01)
      .sort(([, a], [, b]) => b - a)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`);
    out.push(`  model: danger ${o.model.danger.toFixed(2)}, any risk ${o.model.risk.toFixed(2)}; ${scores.join(', ')}`);
    const hn = Object.entries(o.model.hardNegative).filter(([, v]) => v >= 0.05);
    if (hn.length) out.push(`  reads as: ${hn.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
  } else out.push(`  model unavailable${o.modelUnavailable ? `: ${o.modelUnavailable}` : ''}`);
  if (o.request) out.push(`  request for a person: ${o.request}`);
  return out.join('\n');
}

/** Returns the exit code: 0 when every line was screened. */
export async function runScreenCommand(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, screener: Screener, options: ScreenCommandOptions = {}): Promise<number> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    const o = toLine(line, screener.screen(text), options.minimalData ?? false);
    if (!output.write(options.explain ? `${explainLine(o)}\n` : `${JSON.stringify(o)}\n`)) {
      await new Promise<void>((resolve) => output.once('drain', () => resolve()));
    }
  }
  return 0;
}
