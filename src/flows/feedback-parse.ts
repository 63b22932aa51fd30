import type { Context } from '../core/context.js';
import { FLOW_EXPIRY_MS } from './router.js';

// How feedback is typed and pressed, for the commands and for the safety
// layer, which must know before any command runs that the words after
// "wrong category 12" or "missed" are not the clinician's own.

export const FALSE_ALARM = /^false[ -]alarm #?(\d{1,9})$/i;
export const WRONG_CATEGORY = /^wrong[ -]category #?(\d{1,9})(?:[\s:,.-]+(\S[\s\S]*))?$/i;
export const MISSED = /^missed[\s:,.-]+(\S[\s\S]*)$/i;
export const BUTTON = /^feedback:(false_alarm|wrong_category):(\d{1,9})$/;
export const FLOW = 'feedback_text';
/** A patient named at the start of `missed`: a #id or a mention (`@<user id>`). */
export const WHO = /^(#\d{1,9}|@\S{1,100})\s+(\S[\s\S]*)$/;

function normalized(ctx: Context): string {
  return ctx.text.trim().replace(/[ \t]+/g, ' ');
}

/** The case a feedback button, command or typed category (after the button, without a modal) is about. */
export function feedbackCaseActedOn(ctx: Context, isCommand: (text: string) => boolean): number | undefined {
  if (ctx.event.kind === 'choice') {
    const m = BUTTON.exec(ctx.event.choice ?? '');
    return m ? Number(m[2]) : undefined;
  }
  const m = FALSE_ALARM.exec(normalized(ctx)) ?? WRONG_CATEGORY.exec(normalized(ctx));
  if (m) return Number(m[1]);
  if (ctx.event.kind !== 'message' || isCommand(ctx.text)) return undefined;
  const state = ctx.flowState();
  if (state?.flow === FLOW && ctx.now().getTime() - new Date(state.updatedAt).getTime() <= FLOW_EXPIRY_MS) return Number(state.data.caseId);
  return undefined;
}

/** A clinician quoting a message the screener missed: the words are a patient's, not theirs to be screened. */
export function isMissedReport(ctx: Context): boolean {
  return ctx.event.kind === 'message' && ctx.hasRole('clinician') && MISSED.test(normalized(ctx));
}
