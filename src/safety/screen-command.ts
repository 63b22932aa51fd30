// `npx afterglow screen`: one message per input line -> one JSON line, so a
// clinic can try the screener on its own examples.
//
// Each line is screened on its own (no recent context from earlier lines): a
// file of examples is usually unrelated messages, and letting one line raise
// the next would make a result depend on the order of the file. Context
// raising is covered by the unit tests and by the bot, which keeps signals
// per person.
import { createInterface } from 'node:readline';
import type { Screener } from './screening/types.js';

export interface ScreenLineResult {
  line: number;
  alert: boolean;
  category: string | null;
  severity: string | null;
  matches: { ruleId: string; category: string; severity: string; matched: string; negated: boolean }[];
  raisedByContext: boolean;
  /** A request for a person (the lexicon's `requests`): not an alert, but the bot passes it to the care team. */
  request: string | null;
}

/** Returns the exit code: 0 when every line was screened. */
export async function runScreenCommand(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  screener: Screener,
): Promise<number> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    const r = screener.screen(text);
    const out: ScreenLineResult = {
      line,
      alert: r.alert,
      category: r.category,
      severity: r.severity,
      matches: r.matches.map((m) => ({
        ruleId: m.ruleId,
        category: m.category,
        severity: m.severity,
        matched: m.matched,
        negated: m.negated,
      })),
      raisedByContext: r.raisedByContext,
      request: r.request,
    };
    if (!output.write(`${JSON.stringify(out)}\n`)) {
      await new Promise<void>((resolve) => output.once('drain', () => resolve()));
    }
  }
  return 0;
}
