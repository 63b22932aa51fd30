// Words typed to a question that wants a number ("pretty low, I slept
// badly" to "mood 0–10") are the patient's own words: kept in the journal
// (with consent) and said to be kept, before the question is asked again.
// Shared by the check-in and the questionnaires. They were screened already:
// the safety middleware reads every message before any flow.
import type { Context } from '../core/context.js';
import { saveJournalQuietly } from './journal-quiet.js';
import { isOnlySocial } from './small-talk.js';

export function keepWordsTypedToNumber(ctx: Context): void {
  const text = ctx.text;
  if (ctx.event.kind !== 'message' || !/\p{L}/u.test(text) || /^(skip|pass|next)$/i.test(text)) return;
  // "Thanks" or "hello" is not a note on an answer.
  if (isOnlySocial(ctx, text)) return;
  ctx.reply(ctx.t(saveJournalQuietly(ctx, text) ? 'question.words_kept' : 'question.words_not_kept'));
}
