import { clipText } from '../core/bot.js';
import type { Context } from '../core/context.js';
import type { Choice } from '../core/types.js';
import { formatSafetyPlan } from '../safety/crisis-reply.js';
import type { Flow } from './router.js';

const STEPS = 6;

function planSteps(ctx: Context): string[] {
  return ctx.store.cases.safetyPlan(ctx.person.id)?.steps ?? Array.from({ length: STEPS }, () => '');
}

function formChoice(ctx: Context, steps: string[]): Choice {
  return {
    id: 'safetyplan:form',
    label: ctx.t('plan.open_form'),
    form: {
      id: 'safety_plan',
      title: ctx.t('plan.form_title'),
      fields: steps.map((answer, i) => ({
        id: `step${i + 1}`,
        label: ctx.t(`safety_plan.step.${i + 1}.title`).slice(0, 45),
        multiline: true,
        optional: true,
        initial: answer,
      })),
    },
  };
}

/** `my safety plan`: show it, with a way to change it. */
export function showSafetyPlan(ctx: Context): void {
  const plan = ctx.store.cases.safetyPlan(ctx.person.id);
  const steps = plan?.steps ?? [];
  if (!steps.some((s) => s.trim())) {
    return ctx.reply({
      text: ctx.t('plan.none'),
      choices: [{ id: 'safetyplan:edit', label: ctx.t('plan.start') }, formChoice(ctx, planSteps(ctx))],
    });
  }
  ctx.reply({
    text: `${ctx.t('plan.title')}\n${formatSafetyPlan(ctx, steps)}`,
    choices: [{ id: 'safetyplan:edit', label: ctx.t('plan.change') }, formChoice(ctx, steps)],
  });
}

function ask(ctx: Context, step: number, current: string): void {
  const keep = current.trim() ? `\n${ctx.t('plan.current', { answer: current })}` : '';
  ctx.reply({
    text: `${step}/${STEPS} ${ctx.t(`safety_plan.step.${step}.title`)}\n${ctx.t(`safety_plan.step.${step}.question`)}${keep}`,
    choices: [{ id: 'safetyplan:skip', label: ctx.t(current.trim() ? 'plan.keep' : 'plan.skip') }],
  });
}

/** Walk the six Stanley–Brown steps one question at a time. */
export function startSafetyPlan(ctx: Context): void {
  const steps = planSteps(ctx);
  ctx.setFlowState('safety_plan', '1', { steps });
  ctx.reply(ctx.t('plan.intro'));
  ask(ctx, 1, steps[0] ?? '');
}

function save(ctx: Context, steps: string[]): void {
  ctx.store.cases.saveSafetyPlan(ctx.person.id, steps, ctx.nowIso());
  ctx.audit('plan.saved', { type: 'person', id: ctx.person.id });
  ctx.reply(`${ctx.t('plan.saved')}\n${formatSafetyPlan(ctx, steps)}`);
}

export const safetyPlanFlow: Flow = {
  name: 'safety_plan',
  choicePrefix: 'safetyplan:',
  onInput(ctx) {
    const choice = ctx.event.kind === 'choice' ? ctx.event.choice : undefined;
    if (choice === 'safetyplan:edit') return startSafetyPlan(ctx);
    if (choice === 'safetyplan:form') {
      // A submitted modal brings all six answers at once.
      if (!ctx.event.fields) return startSafetyPlan(ctx);
      const steps = Array.from({ length: STEPS }, (_, i) => clipText((ctx.event.fields?.[`step${i + 1}`] ?? '').trim(), 1000));
      ctx.clearFlowState();
      return save(ctx, steps);
    }
    const state = ctx.flowState();
    if (!state || state.flow !== 'safety_plan') return showSafetyPlan(ctx);
    // "cancel" never gets here: it is a command, and commands run before the active flow.
    if (/^(quit|exit)$/i.test(ctx.text)) {
      ctx.clearFlowState();
      return ctx.reply(ctx.t('plan.cancelled'));
    }
    const step = Number(state.step);
    const steps = [...((state.data.steps as string[] | undefined) ?? planSteps(ctx))];
    if (choice !== 'safetyplan:skip' && !/^(skip|keep)$/i.test(ctx.text)) {
      if (!ctx.text) return ask(ctx, step, steps[step - 1] ?? '');
      steps[step - 1] = clipText(ctx.text, 1000);
    }
    if (step < STEPS) {
      ctx.setFlowState('safety_plan', String(step + 1), { steps });
      return ask(ctx, step + 1, steps[step] ?? '');
    }
    ctx.clearFlowState();
    save(ctx, steps);
  },
};
