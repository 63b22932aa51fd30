import type { Context } from '../core/context.js';
import type { Flow } from './router.js';

/** Everything stored about the person, as one JSON document. */
export function exportMyData(ctx: Context): void {
  const doc = { exportedAt: ctx.nowIso(), ...ctx.store.exportPerson(ctx.person.id) };
  ctx.audit('data.exported', { type: 'person', id: ctx.person.id });
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
    ctx.store.deletePersonContent(ctx.person.id, ctx.nowIso());
    ctx.replyPrivately(ctx.t('data.deleted'));
  },
};
