import type { Context } from '../core/context.js';

// The "Earlier" lines of an alert quote what the patient wrote before the
// risky message. Commands ("journal list", "language es"), answers to set-up
// questions ("America/New_York") and button presses are not that: quoted as
// if they were, they waste the clinician's first seconds on the card.

/** Flows whose typed answers are choices or scores, not the patient's own words. */
const NOT_WORDS: ReadonlySet<string> = new Set(['onboarding', 'instrument', 'delete_data', 'schedule_form', 'home', 'scheduled_exercise', 'case_text']);

export function isPatientWords(ctx: Context, isCommand?: (text: string) => boolean): boolean {
  if (ctx.event.kind !== 'message' && ctx.event.kind !== 'edit') return false;
  if (!ctx.text || isCommand?.(ctx.text)) return false;
  const state = ctx.flowState();
  if (!state) return true;
  // A check-in's numbers are scores; its closing note is their own words.
  if (state.flow === 'checkin') return state.step === 'note';
  return !NOT_WORDS.has(state.flow);
}
