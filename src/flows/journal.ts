import { DateTime } from 'luxon';
import { clipText, MAX_TEXT_LENGTH } from '../core/bot.js';
import type { Context } from '../core/context.js';
import type { Flow } from './router.js';

export function saveJournal(ctx: Context, text: string, savedKey = 'journal.saved'): void {
  if (ctx.person.consent !== 'granted') return ctx.reply(ctx.t('consent.needed'));
  const body = text.trim();
  if (!body) return ctx.reply(ctx.t('journal.empty'));
  ctx.store.records.addJournalEntry(ctx.person.id, ctx.nowIso(), clipText(body));
  // After a crisis reply, a cheerful "saved" would jar; the entry is kept all the same.
  if (ctx.crisisHandled) return;
  ctx.reply(ctx.t(body.length > MAX_TEXT_LENGTH ? 'journal.saved_clipped' : savedKey, { max: MAX_TEXT_LENGTH }));
}

export function startJournal(ctx: Context): void {
  if (ctx.person.consent !== 'granted') return ctx.reply(ctx.t('consent.needed'));
  ctx.setFlowState('journal', 'awaiting');
  ctx.reply(ctx.t('journal.ask'));
}

export function listJournal(ctx: Context): void {
  const entries = ctx.store.records.recentJournal(ctx.person.id, 5);
  if (entries.length === 0) return ctx.reply(ctx.t('journal.none'));
  const lines = entries.map((e) => {
    const when = DateTime.fromISO(e.at, { zone: ctx.person.timezone }).toFormat('ccc d LLL, HH:mm');
    const preview = e.text.length > 280 ? `${e.text.slice(0, 280)}…` : e.text;
    return `• ${when}: ${preview}`;
  });
  ctx.reply(`${ctx.t('journal.list_title')}\n${lines.join('\n')}`);
}

/** `journal` on its own: the next message is the entry. */
export const journalFlow: Flow = {
  name: 'journal',
  onInput(ctx) {
    ctx.clearFlowState();
    // "cancel" never gets here: it is a command, and commands run before the active flow.
    if (/^(quit|exit)$/i.test(ctx.text)) return ctx.reply(ctx.t('journal.cancelled'));
    if (ctx.event.kind !== 'message') return ctx.reply(ctx.t('journal.ask'));
    saveJournal(ctx, ctx.text);
  },
};
