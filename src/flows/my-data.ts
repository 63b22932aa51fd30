import type { Context } from '../core/context.js';
import type { ErasureSummary } from '../store/erasure-repo.js';
import { dataSummary } from './data-summary.js';
import type { Flow } from './router.js';

/** Everything stored about the person: a readable summary, then the whole record as one JSON document to save. */
export function exportMyData(ctx: Context): void {
  const doc = { exportedAt: ctx.nowIso(), ...ctx.store.exportPerson(ctx.person.id) };
  ctx.audit('data.exported', { type: 'person', id: ctx.person.id });
  ctx.replyPrivately(dataSummary(ctx, doc));
  ctx.replyPrivately(`${ctx.t('data.export_intro')}\n${JSON.stringify(doc, null, 2)}`);
}

export function askDeleteMyData(ctx: Context): void {
  ctx.setFlowState('delete_data', 'confirm');
  ctx.replyPrivately({
    text: ctx.t('data.delete_confirm'),
    choices: [
      { id: 'delete:confirm', label: ctx.t('data.delete_yes'), style: 'danger' },
      { id: 'delete:cancel', label: ctx.t('data.delete_no') },
    ],
  });
}

/** The confirmation, built from what the store actually did: counts, and the paragraphs that apply. */
export function deletedText(ctx: Context, done: ErasureSummary): string {
  const parts = [
    ctx.t('data.deleted', {
      journal: String(done.journalEntries),
      checkins: String(done.checkins),
      messages: String(done.messages),
      cases: String(done.casesCleared),
    }),
  ];
  if (done.heldCases.length > 0) parts.push(ctx.t('data.deleted_held', { count: String(done.heldCases.length) }));
  if (done.postedCases > 0) parts.push(ctx.t('data.deleted_posted'));
  parts.push(ctx.t('data.deleted_fresh'));
  return parts.join('\n\n');
}

/** Deletion needs an explicit yes; anything else keeps the data. */
export const deleteDataFlow: Flow = {
  name: 'delete_data',
  choicePrefix: 'delete:',
  onInput(ctx) {
    const state = ctx.flowState();
    const confirmed = ctx.event.choice === 'delete:confirm' || /^(yes,? delete|delete|yes)$/i.test(ctx.text);
    if (!state || state.flow !== 'delete_data') return ctx.reply(ctx.t('data.delete_expired'));
    ctx.clearFlowState();
    if (!confirmed) return ctx.reply(ctx.t('data.delete_cancelled'));
    const done = ctx.store.deletePersonContent(ctx.person.id, ctx.nowIso());
    ctx.replyPrivately(deletedText(ctx, done));
  },
};
