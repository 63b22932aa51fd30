import type { Middleware } from '../core/compose.js';
import type { Context } from '../core/context.js';
import type { Role } from '../core/types.js';
import { commandForFirstWord, isExactMatch, isPendingQuestion } from './pending.js';

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
  /** Other bare forms it answers to (`?`, `menu`, `ayuda`): used for suggestions. */
  aliases?: string[];
  /**
   * Whether a match is unmistakably this command rather than a sentence that
   * starts with its word: asked only while a question is pending. Absent
   * means every match is (anchored patterns with no free argument).
   */
  exact?(ctx: Context, args: string[]): boolean;
  /** For those outside `roles` the text is not this command (it reads as ordinary words): flows and the fallback get it. */
  othersPassThrough?: boolean;
  run(ctx: Context, args: string[]): Promise<void> | void;
}

/** A multi-step conversation whose position is stored in SQLite. */
export interface Flow {
  name: string;
  /** Free text or a choice while this flow is active. */
  onInput(ctx: Context): Promise<void> | void;
  /** Choice ids this flow owns even when it is not active (e.g. a check-in button pressed later). */
  choicePrefix?: string;
  /** How long its question stays open, when shorter than a day (an exercise's "how was it?"). */
  expiresMs?: number;
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

/** "Help." and "cancel!" are the bare commands; only forms without arguments lose their punctuation. */
function findBareCommand(commands: Command[], text: string): { command: Command; args: string[] } | undefined {
  const found = findCommand(commands, text);
  if (found) return found;
  const bare = text.trim().replace(/[.!]+$/, '');
  if (bare === text.trim() || !bare) return undefined;
  const again = findCommand(commands, bare);
  return again && again.args.every((a) => !a) ? again : undefined;
}

const STAFF_ROLES: Role[] = ['clinician', 'facilitator', 'admin'];

/** The roles a command needs, in words ("facilitator or admin"). */
function rolesNeeded(command: Command): string {
  const roles = [...new Set([...(command.roles ?? []), 'admin'])];
  return roles.join(' or ');
}

/**
 * Commands first, then the active flow, then choices owned by a flow, then
 * the fallback. While a question is pending (pending.ts) only an explicit
 * command runs: a slash command or button, or a match the command itself
 * calls exact. Anything else is the answer, and if it looked like a command
 * the patient is told how to run it. A command run mid-question says
 * whether the question is still open.
 */
export function createRouter(options: RouterOptions): Middleware<Context> {
  const flows = new Map(options.flows.map((f) => [f.name, f]));
  return async (ctx) => {
    // Opening the home view is not an answer to whatever question was last asked.
    if (ctx.event.kind === 'home') return options.fallback(ctx);
    let state = ctx.flowState();
    // A question left unanswered for a day is over: what they write next is not its answer.
    const expiresMs = (state && flows.get(state.flow)?.expiresMs) ?? FLOW_EXPIRY_MS;
    if (state && ctx.now().getTime() - new Date(state.updatedAt).getTime() > expiresMs) {
      ctx.clearFlowState();
      state = undefined;
    }
    const active = state ? flows.get(state.flow) : undefined;
    const pending = active !== undefined && isPendingQuestion(state);
    let hint: Command | undefined;
    if (ctx.event.kind === 'message' && ctx.text) {
      const found = findBareCommand(options.commands, ctx.text);
      const explicit = found && (!pending || ctx.event.viaCommand === true || isExactMatch(ctx, found.command, found.args));
      if (found && explicit) {
        if (mayRun(ctx, found.command)) {
          await found.command.run(ctx, found.args);
          if (pending) sayWhatBecameOfTheQuestion(ctx, state!);
          return;
        }
        // A person mid-flow may well type "note …" as an answer: let the flow have it.
        // A patient's sentence that happens to fit a staff command's shape is their own words.
        const staff = STAFF_ROLES.some((r) => ctx.hasRole(r));
        if (!active && !found.command.othersPassThrough && (staff || ctx.text.split(/\s+/).length <= 3)) {
          ctx.audit('command.refused', undefined, { command: found.command.name });
          return ctx.replyQuietly(ctx.t('error.needs_role', { command: found.command.name, roles: rolesNeeded(found.command) }));
        }
      } else if (found && mayRun(ctx, found.command)) {
        hint = found.command;
      }
      if (pending && !hint) hint = commandForFirstWord(options.commands, ctx.text);
    }
    if (ctx.event.kind === 'choice' && ctx.event.choice) {
      const owner = options.flows.find((f) => f.choicePrefix && ctx.event.choice!.startsWith(f.choicePrefix));
      if (owner) return owner.onInput(ctx);
    }
    if (active) {
      if (pending && hint) ctx.reply(ctx.t('question.command_hint', { usage: hint.usage }));
      return active.onInput(ctx);
    }
    return options.fallback(ctx);
  };
}

/** After a command typed mid-question: still open, or set aside for the new one. Cancelling commands say so themselves. */
function sayWhatBecameOfTheQuestion(ctx: Context, before: { flow: string }): void {
  const after = ctx.flowState();
  if (!after) return;
  ctx.reply(ctx.t(after.flow === before.flow ? 'question.still_open' : 'question.set_aside'));
}
