import { BoundedMap } from '../core/bounded-map.js';
import type { Middleware } from '../core/compose.js';
import type { Context } from '../core/context.js';
import { errorCode } from '../core/errors.js';
import { isPatientWords } from './alert-context.js';
import { escalateAndReply, type RespondOptions } from './respond.js';
import { CONTEXT_MESSAGES } from './screening/combined.js';
import type { ContextSignal, Decision, ScreenResult, Screener, Severity } from './screening/types.js';
import { explainWhy } from './screening/why.js';

export interface SafetyOptions extends RespondOptions {
  screener: Screener;
  /** A clinician quoting a patient's message outside any case (`missed <text>`): not their own words. */
  quotesPatient?: (ctx: Context) => boolean;
  /** How long earlier signals colour a new message. */
  contextHours?: number;
  /** The case a clinician is acting on with this event (a button, `note 12 …`), from the clinician commands. */
  caseActedOn: (ctx: Context) => number | undefined;
  /** Whether a text is a command: commands are never quoted as earlier context in an alert. */
  isCommand?: (text: string) => boolean;
}

/** How long a message stays in the model's reading of "the last few messages together". */
const MODEL_CONTEXT_MS = 30 * 60_000;

interface Said {
  at: number;
  text: string;
  decision: Decision;
}

/** The last three messages of a person, clipped, for the "little recent context" in an alert. */
function withRecent(list: readonly string[], text: string): string[] {
  return [...list, text.length > 300 ? `${text.slice(0, 300)}…` : text].slice(-3);
}

function textToScreen(ctx: Context): string {
  const parts: string[] = [];
  if (ctx.event.text) parts.push(ctx.event.text);
  // Words typed into a form (safety plan, notes) are screened like any message.
  if (ctx.event.fields) parts.push(...Object.values(ctx.event.fields));
  return parts.join('\n');
}

/**
 * Screening runs first, before any flow, inside its own error boundary: a
 * failure downstream can never undo the crisis reply and alert, and a
 * failure here is logged loudly and never blocks the person's message.
 */
export function createSafetyMiddleware(options: SafetyOptions): { middleware: Middleware<Context>; forget(personId: number): void } {
  // in memory only, for at most 10,000 people (least recently heard from evicted first)
  const recent = new BoundedMap<number, string[]>(10_000);
  const contextMs = (options.contextHours ?? 6) * 3_600_000;
  // the model's context: this person's last few messages of the last 30 minutes, in memory only
  const said = new BoundedMap<number, Said[]>(10_000);

  /**
   * Clinicians' own work is not patient risk: talk in the clinician channel,
   * clinicians in group channels, and case notes about someone else's case.
   * Anything else a clinician writes is screened like anyone's, and nobody
   * acts on their own case.
   */
  function isClinicalWork(ctx: Context): boolean {
    const where = ctx.event.conversation.kind;
    if (where === 'clinicians' || where === 'backup') return true;
    if (!ctx.hasRole('clinician')) return false;
    // Clinicians talking in a group are doing their job; an admin is not thereby a clinician.
    if (ctx.inGroup) return ctx.roles.has('clinician');
    if (options.quotesPatient?.(ctx)) return true;
    const caseId = options.caseActedOn(ctx);
    if (caseId === undefined) return false;
    const kase = ctx.store.cases.get(caseId);
    return kase !== undefined && kase.personId !== ctx.person.id;
  }

  /** Writing a safety plan means naming warning signs: below imminent, those reach a human for review, not a page. */
  function writingSafetyPlan(ctx: Context): boolean {
    return ctx.event.choice === 'safetyplan:form' || ctx.flowState()?.flow === 'safety_plan';
  }

  /**
   * A typed answer the active questionnaire or check-in asks for: exactly one
   * of the item's answer labels, or a bare score. Only those skip the model;
   * anything else typed mid-flow (and the check-in's free note) is read by
   * the model like any message, since the flow will not take it as an answer.
   */
  function answersTheQuestion(ctx: Context, text: string): boolean {
    if (ctx.event.kind !== 'message' || ctx.event.fields) return false;
    const state = ctx.flowState();
    const typed = text.trim().toLowerCase();
    if (!state || typed.length > 60) return false;
    const bareScore = /^\d{1,2}(\s*\/\s*\d{1,2})?$/.test(typed);
    if (state.flow === 'checkin') return state.step !== 'note' && bareScore;
    if (state.flow !== 'instrument') return false;
    if (bareScore) return true;
    const { id, index } = state.data as { id?: unknown; index?: unknown };
    if (typeof id !== 'string' || typeof index !== 'number') return false;
    const item = ctx.services.content.instrument(id, ctx.locale)?.items[index];
    return item?.options.some((o) => o.label.toLowerCase() === typed) ?? false;
  }

  function screenAndEscalate(ctx: Context): void {
    if (isClinicalWork(ctx)) return;
    const text = textToScreen(ctx);
    if (!text.trim()) return;
    const { store } = ctx;
    const now = ctx.now();
    const since = new Date(now.getTime() - contextMs).toISOString();
    // Screening itself needs nothing but memory; the database reads around it are best effort.
    let earlier: ContextSignal[] = [];
    try {
      earlier = store.cases.signalsSince(ctx.person.id, since) as ContextSignal[];
    } catch (err) {
      options.logger.error({ code: 'screening_context_failed', cause: errorCode(err) }, 'screening without recent context');
    }
    const nowMs = now.getTime();
    const lately = (said.get(ctx.person.id) ?? []).filter((s) => nowMs - s.at <= MODEL_CONTEXT_MS && s.at <= nowMs);
    const result: ScreenResult = options.screener.screen(text, {
      recent: earlier,
      recentTexts: lately.map(({ text: t, decision }) => ({ text: t, decision })),
      lexiconOnly: answersTheQuestion(ctx, text),
    });
    said.set(ctx.person.id, [...lately, { at: nowMs, text, decision: result.decision }].slice(-CONTEXT_MESSAGES));
    ctx.careRequest = result.request === null ? null : { ruleId: result.request, lexiconVersion: options.screener.version };
    const previousTexts = recent.get(ctx.person.id) ?? [];
    if (isPatientWords(ctx, options.isCommand)) recent.set(ctx.person.id, withRecent(previousTexts, text));
    if (result.alert && result.severity && result.category) {
      const severity: Severity = writingSafetyPlan(ctx) && result.severity !== 'imminent' ? 'review' : result.severity;
      escalateAndReply(
        ctx,
        {
          severity,
          category: result.category,
          source: 'screen',
          ruleIds: result.matches.map((m) => m.ruleId),
          lexiconVersion: options.screener.version,
          excerpt: text,
          focus: result.matches.map((m) => m.matched),
          context: previousTexts,
          why: explainWhy(result, { minimalData: ctx.services.config.minimalData }),
        },
        options,
      );
    }
    try {
      for (const s of result.remember) store.cases.rememberSignal(ctx.person.id, now.toISOString(), s);
    } catch (err) {
      options.logger.error({ code: 'screening_context_failed', cause: errorCode(err) }, 'could not remember screening signals');
    }
  }

  const middleware: Middleware<Context> = async (ctx, next) => {
    if (ctx.event.kind === 'message' || ctx.event.kind === 'edit' || ctx.event.kind === 'choice') {
      try {
        screenAndEscalate(ctx);
      } catch (err) {
        options.logger.error({ code: 'screening_failed', cause: errorCode(err), err, eventId: ctx.event.id }, 'crisis screening failed');
      }
    }
    // An edit is screened again, but is not a new command or answer.
    if (ctx.event.kind === 'edit') return;
    await next();
  };
  return {
    middleware,
    forget: (personId) => {
      recent.delete(personId);
      said.delete(personId);
    },
  };
}
