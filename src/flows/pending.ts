// What counts as a question waiting for the patient's answer, and when a
// reply to one is nonetheless a command. While a question is pending, free
// text is its answer unless it is unmistakably a command: a reply such as
// "Stop asking me that, I'm fine" or "Exercise helped" is an answer, not
// `stop` or `exercise <name>`.
import { normalisePhrase } from '../content/load-content.js';
import type { Context } from '../core/context.js';
import type { FlowState } from '../store/state-repo.js';
import type { Command } from './router.js';

/** Flows that hold one question for the patient (check-in, questionnaire item, safety-plan step, journal, prompt, exercise reflection). */
export const QUESTION_FLOWS: ReadonlySet<string> = new Set(['checkin', 'instrument', 'safety_plan', 'journal', 'prompt', 'exercise']);

export function isPendingQuestion(state: FlowState | undefined): state is FlowState {
  return state !== undefined && QUESTION_FLOWS.has(state.flow);
}

/**
 * A pattern match is "exactly the command" when the command says its
 * arguments are ones it can act on (a known exercise, a duration), or when
 * it takes none. Commands whose argument is free text (`journal <text>`)
 * are never exact mid-question: the reply is kept as the answer instead.
 */
export function isExactMatch(ctx: Context, command: Command, args: string[]): boolean {
  if (command.exact) return command.exact(ctx, args);
  return true;
}

/** The commands a first word could stand for, for the hint after an ambiguous reply ("Stop asking me that"). */
export function commandForFirstWord(commands: Command[], text: string): Command | undefined {
  const first = normalisePhrase(text).split(' ')[0] ?? '';
  if (!first) return undefined;
  return commands.find((c) => !c.roles && !c.name.includes(' ') && [c.name, ...(c.aliases ?? [])].some((a) => normalisePhrase(a) === first));
}
