import type { Middleware } from '../core/compose.js';
import type { Context } from '../core/context.js';
import type { Role } from '../core/types.js';

/**
 * A command: the same words on every platform (typed in the console and
 * DMs, after /afterglow on Slack, as a slash command on Discord).
 */
export interface Command {
  /** Canonical words, e.g. 'journal list'. */
  name: string;
  /** Anchored, case-insensitive, no nested quantifiers. Groups become the arguments. */
  pattern: RegExp;
  usage: string;
  /** Help text key in prompts/, or plain text for staff commands. */
  summary: string;
  /** Who may run it; absent means anyone. Admins may run everything. */
  roles?: Role[];
  run(ctx: Context, args: string[]): Promise<void> | void;
}

/** A multi-step conversation whose position is stored in SQLite. */
export interface Flow {
  name: string;
  /** Free text or a choice while this flow is active. */
  onInput(ctx: Context): Promise<void> | void;
  /** Choice ids this flow owns even when it is not active (e.g. a check-in button pressed later). */
  choicePrefix?: string;
}

/** How long a flow waits for its next answer. */
export const FLOW_EXPIRY_MS = 24 * 3_600_000;

export interface RouterOptions {
  commands: Command[];
  flows: Flow[];
  /** Runs when nothing else claimed the input (help hint, onboarding start). */
  fallback: (ctx: Context) => Promise<void> | void;
}

export function findCommand(commands: Command[], text: string): { command: Command; args: string[] } | undefined {
  // Spacing is loosened where command words are ("journal   list"), but the
  // rest keeps its shape: a journal entry keeps its line breaks, however long.
  const trimmed = text.trim();
  const t = trimmed.slice(0, 80).replace(/[ \t]+/g, ' ') + trimmed.slice(80);
  for (const command of commands) {
    const m = command.pattern.exec(t);
    if (m) return { command, args: m.slice(1).map((a) => a ?? '') };
  }
  return undefined;
}

export function mayRun(ctx: Context, command: Command): boolean {
  return !command.roles || command.roles.some((r) => ctx.hasRole(r));
}

/** Commands first, then the active flow, then choices owned by a flow, then the fallback. */
export function createRouter(options: RouterOptions): Middleware<Context> {
  const flows = new Map(options.flows.map((f) => [f.name, f]));
  return async (ctx) => {
    // Opening the home view is not an answer to whatever question was last asked.
    if (ctx.event.kind === 'home') return options.fallback(ctx);
    let state = ctx.flowState();
    // A question left unanswered for a day is over: what they write next is not its answer.
    if (state && ctx.now().getTime() - new Date(state.updatedAt).getTime() > FLOW_EXPIRY_MS) {
      ctx.clearFlowState();
      state = undefined;
    }
    const active = state ? flows.get(state.flow) : undefined;
    if (ctx.event.kind === 'message' && ctx.text) {
      const found = findCommand(options.commands, ctx.text);
      if (found) {
        if (mayRun(ctx, found.command)) return found.command.run(ctx, found.args);
        // A person mid-flow may well type "note …" as an answer: let the flow have it.
        if (!active) {
          ctx.audit('command.refused', undefined, { command: found.command.name });
          return ctx.replyQuietly(ctx.t('error.not_allowed', { command: found.command.name }));
        }
      }
    }
    if (ctx.event.kind === 'choice' && ctx.event.choice) {
      const owner = options.flows.find((f) => f.choicePrefix && ctx.event.choice!.startsWith(f.choicePrefix));
      if (owner) return owner.onInput(ctx);
    }
    if (active) return active.onInput(ctx);
    return options.fallback(ctx);
  };
}
