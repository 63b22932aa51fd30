import type { Context } from '../core/context';
import type { Flow } from './router';

/** Everything stored about the person, as one JSON document. */
export function exportMyData(ctx: Context): void {
  const { store } = ctx;
  const id = ctx.person.id;
  const doc = {
    exportedAt: ctx.nowIso(),
    person: ctx.person,
    identities: store.people.identities(id),
    roles: store.people.roles(id),
    checkins: store.records.recentCheckins(id, 100_000),
    journal: store.records.recentJournal(id, 100_000),
    safetyPlan: store.cases.safetyPlan(id) ?? null,
    cases: store.cases.all().filter((c) => c.personId === id).map((c) => ({
      id: c.id,
      status: c.status,
      severity: c.severity,
      category: c.category,
      createdAt: c.createdAt,
      acknowledgedAt: c.acknowledgedAt,
      resolvedAt: c.resolvedAt,
      excerpt: c.excerpt,
    })),
    pendingMessages: store.outbox.pendingFor(id).map((m) => ({ purpose: m.purpose, at: m.nextAttemptAt })),
  };
  ctx.audit('data.exported', { type: 'person', id });
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
