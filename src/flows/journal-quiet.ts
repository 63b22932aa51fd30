import { clipText } from '../core/bot.js';
import type { Context } from '../core/context.js';

/** Keep the person's words in their journal without a reply of its own; false when they have not agreed to it. */
export function saveJournalQuietly(ctx: Context, text: string): boolean {
  const body = text.trim();
  if (ctx.person.consent !== 'granted' || !body) return false;
  ctx.store.records.addJournalEntry(ctx.person.id, ctx.nowIso(), clipText(body));
  return true;
}
