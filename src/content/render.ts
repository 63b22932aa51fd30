// Plain-text renderings of content items, shared by the preview tool and any
// flow that wants them. Adapters turn plain text into their own formats.

import { renderInstrumentItemPlain } from './load-content.js';
import { fill } from './placeholders.js';
import type { Exercise, ExerciseStep, Instrument, IntegrationPrompt, Resource, Vars } from './types.js';

/**
 * The prompt's wording for this person: `textNoIntention` when the prompt
 * quotes {{intention}} and none was set, so nobody reads "your intention was ''".
 */
export function renderPrompt(prompt: IntegrationPrompt, vars: Vars = {}): string {
  const intention = vars.intention === undefined ? '' : String(vars.intention).trim();
  const useFallback = prompt.textNoIntention !== undefined && intention === '';
  return fill(useFallback ? (prompt.textNoIntention as string) : prompt.text, vars);
}

/** One message per step, in order, with the pause before the next one. */
export function exerciseStepMessages(
  exercise: Exercise,
  form: 'short' | 'long',
  vars: Vars = {},
): { text: string; seconds: number }[] {
  const steps: ExerciseStep[] = exercise.forms[form];
  return steps.map((s) => ({ text: fill(s.text, vars), seconds: s.seconds }));
}

export function totalSeconds(exercise: Exercise, form: 'short' | 'long'): number {
  return exercise.forms[form].reduce((sum, s) => sum + s.seconds, 0);
}

/** "about 2 min" / "about 45 s". */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  return `about ${Math.round(seconds / 60)} min`;
}

export function renderInstrumentItem(instrument: Instrument, itemId: string): string {
  return renderInstrumentItemPlain(instrument, itemId);
}

/** The list the core passes as {{resources}} in crisis replies. */
export function formatResources(resources: Resource[]): string {
  return resources
    .map((r) => `• ${r.name}: ${r.contact}${r.hours ? `, ${r.hours}` : ''}${r.notes ? ` (${r.notes})` : ''}`)
    .join('\n');
}
