// `my plan`: what the patient's care team set up for them, and who.
import { DateTime } from 'luxon';
import type { Context } from '../core/context.js';
import type { Command } from './router.js';

const NAMES: Record<string, string> = { phq9: 'PHQ-9', gad7: 'GAD-7' };

function showMyPlan(ctx: Context): void {
  const plan = ctx.store.care.plan(ctx.person.id);
  const assigned = ctx.store.care.assignments(ctx.person.id).filter((a) => a.kind !== 'text');
  ctx.audit('plan.viewed_own', { type: 'person', id: ctx.person.id });
  if (!plan && assigned.length === 0) return ctx.reply(`${ctx.t('myplan.none')}\n${ctx.t('myplan.safety_hint')}`);
  const who = (id: number | null) => (id === null ? '–' : (ctx.store.people.get(id)?.handle ?? `#${id}`));
  const when = (iso: string) => DateTime.fromISO(iso, { zone: ctx.person.timezone }).setLocale(ctx.locale).toFormat('ccc d LLL, HH:mm');
  const lines = [ctx.t('myplan.title')];
  if (plan?.sequenceId) lines.push(`• ${ctx.t('myplan.sequence', { sequence: plan.sequenceId })} (${who(plan.updatedBy)})`);
  for (const [id, days] of Object.entries(plan?.questionnaires ?? {})) lines.push(`• ${ctx.t('myplan.questionnaire', { name: NAMES[id] ?? id, days })}`);
  for (const a of assigned) {
    const what = `${ctx.t(`schedule.kind.${a.kind}`)} (${a.ref})`;
    lines.push(`• ${ctx.t('myplan.assigned', { what, when: when(a.dueAt), who: who(a.assignedBy) })}`);
  }
  if (plan?.note) lines.push('', ctx.t('myplan.note', { who: who(plan.updatedBy), note: plan.note }));
  lines.push('', ctx.t('myplan.safety_hint'));
  ctx.reply(lines.join('\n'));
}

export const myPlanCommand: Command = {
  name: 'my plan',
  pattern: /^(?:my plan|mi plan)$/i,
  usage: 'my plan',
  summary: 'help.my_plan',
  run: showMyPlan,
};
