// Two questions that are answered in the patient's own words and kept in the
// journal: an integration prompt sent by the scheduler ("How is your body
// feeling right now?") and the moment after an exercise. Both are pending
// questions (pending.ts), so a reply that starts with a command word is
// still the reflection. A greeting or a thank-you is not a reflection: it
// gets its small-talk answer and the question stays open.
import type { Context } from '../core/context.js';
import type { FlowState } from '../store/state-repo.js';
import { saveJournal } from './journal.js';
import type { Flow } from './router.js';
import { answerSmallTalk, isOnlySocial } from './small-talk.js';

/** The state a scheduled prompt opens as it is queued: its reply is that prompt's reflection. */
export function promptState(promptId: string): Omit<FlowState, 'updatedAt'> {
  return { flow: 'prompt', step: 'reflect', data: { promptId } };
}

/** How long after an exercise a reply still reads as "how it went". */
export const EXERCISE_REFLECTION_MS = 2 * 3_600_000;

/** After an exercise starts, the next words are about it, unless another question is already waiting for its answer. */
export function openExerciseReflection(ctx: Context, exerciseId: string): void {
  if (ctx.person.consent !== 'granted' || ctx.flowState()) return;
  ctx.setFlowState('exercise', 'reflect', { exerciseId });
}

function reflectionFlow(name: 'prompt' | 'exercise', savedKey: string, audit: string, expiresMs?: number): Flow {
  return {
    name,
    ...(expiresMs ? { expiresMs } : {}),
    onInput(ctx) {
      const state = ctx.flowState();
      // A button from an older message, or an empty message: say so, and the question stays open.
      if (ctx.event.kind === 'choice') return ctx.replyQuietly(ctx.t('error.choice_expired'));
      if (!ctx.text) return ctx.reply(ctx.t('error.empty_message'));
      const social = isOnlySocial(ctx, ctx.text);
      if (social) return answerSmallTalk(ctx, social, { keep: false });
      if (/^(quit|exit|skip)$/i.test(ctx.text)) {
        ctx.clearFlowState();
        return ctx.reply(ctx.t('prompt.cancelled'));
      }
      ctx.clearFlowState();
      saveJournal(ctx, ctx.text, savedKey);
      const ref = state?.data.promptId ?? state?.data.exerciseId;
      ctx.audit(audit, { type: 'person', id: ctx.person.id }, typeof ref === 'string' ? { ref } : undefined);
    },
  };
}

export const promptFlow: Flow = reflectionFlow('prompt', 'prompt.saved_reflection', 'prompt.answered');
export const exerciseReflectionFlow: Flow = reflectionFlow('exercise', 'exercise.reflection_saved', 'exercise.reflected', EXERCISE_REFLECTION_MS);
