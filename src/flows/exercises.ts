import type { ContentLibrary } from '../content/types.js';
import type { Context } from '../core/context.js';
import type { OutboundMessage } from '../core/types.js';
import type { Flow } from './router.js';

/**
 * An exercise is sent as paced steps: the first now, each next one after the
 * previous step's duration, through the outbox (so pacing survives restarts
 * and `cancel` can withdraw what has not gone out yet).
 */
export function runExercise(ctx: Context, name: string, form: 'short' | 'long' = 'short'): void {
  const exercise = ctx.services.content.exercise(name.trim().toLowerCase(), ctx.locale);
  if (!exercise) return listExercises(ctx, name);
  const steps = exercise.forms[form];
  ctx.store.outbox.cancelPending(ctx.person.id, 'exercise_step');
  ctx.reply(`${exercise.title}\n${exercise.summary}\n${ctx.t('exercise.how_to_stop')}`);
  let offsetMs = 0;
  steps.forEach((step, index) => {
    ctx.reply(
      { text: step.text, step: { index, total: steps.length, seconds: step.seconds } },
      { purpose: 'exercise_step', notBefore: new Date(ctx.now().getTime() + offsetMs) },
    );
    offsetMs += step.seconds * 1000;
  });
  ctx.reply(ctx.t('exercise.done'), { purpose: 'exercise_step', notBefore: new Date(ctx.now().getTime() + offsetMs) });
  ctx.audit('exercise.started', undefined, { exercise: exercise.id, form });
}

export function listExercises(ctx: Context, unknown?: string): void {
  const list = ctx.services.content
    .exercises(ctx.locale)
    .map((e) => `• ${e.aliases[0] ?? e.id}: ${e.title}`)
    .join('\n');
  ctx.reply(`${unknown ? `${ctx.t('exercise.unknown', { name: unknown.slice(0, 40) })}\n` : ''}${ctx.t('exercise.list_title')}\n${list}`);
}

export function stopExercise(ctx: Context): boolean {
  return ctx.store.outbox.cancelPending(ctx.person.id, 'exercise_step') > 0;
}

const OFFER_PREFIX = 'sched:exercise:';

/** A scheduled exercise: its title and summary with a Start button, so it begins when the patient is ready. */
export function exerciseOffer(content: ContentLibrary, locale: string, exerciseId: string): OutboundMessage | undefined {
  const ex = content.exercise(exerciseId, locale);
  if (!ex) return undefined;
  return {
    text: content.text('schedule.exercise_offer', locale, { title: ex.title, summary: ex.summary, name: ex.aliases[0] ?? ex.id }),
    choices: [{ id: `${OFFER_PREFIX}${ex.id}`, label: content.text('schedule.exercise_start', locale) }],
  };
}

/** The Start button on a scheduled exercise offer. */
export const exerciseOfferFlow: Flow = {
  name: 'scheduled_exercise',
  choicePrefix: OFFER_PREFIX,
  onInput(ctx) {
    runExercise(ctx, (ctx.event.choice ?? '').slice(OFFER_PREFIX.length));
  },
};
