import { formatResources as formatResourceList } from '../content/render.js';
import type { ContentLibrary } from '../content/types.js';
import type { Context } from '../core/context.js';
import type { OutboundMessage } from '../core/types.js';
import type { Severity } from './screening/types.js';

/** The crisis lines for a person's region, one per line (the same list `content preview` shows). */
export function formatResources(content: ContentLibrary, region: string, locale: string): string {
  return formatResourceList(content.resources(region, locale));
}

/**
 * The immediate reply to a risky message: warm, short, what to do now,
 * that a clinician is being told, and the person's own safety plan.
 */
export function crisisReply(ctx: Context, severity: Severity, category: string): OutboundMessage {
  const { content, config } = ctx.services;
  const categoryKey = `crisis.reply.${category}`;
  const key = content.hasText(categoryKey) ? categoryKey : `crisis.reply.${severity}`;
  const parts = [
    ctx.t(key, {
      resources: formatResources(content, ctx.person.region, ctx.locale),
      eta: config.clinicianEta,
    }),
  ];
  const plan = ctx.store.cases.safetyPlan(ctx.person.id);
  if (plan && plan.steps.some((s) => s.trim())) {
    // Their plan is right here, so the line pointing to it would only repeat itself.
    parts[0] = parts[0]!.replace(/^.*\bmy safety plan\b.*$\n?/m, '').trimEnd();
    parts.push(ctx.t('crisis.safety_plan_intro'));
    parts.push(formatSafetyPlan(ctx, plan.steps));
  }
  return { text: parts.join('\n\n') };
}

export function formatSafetyPlan(ctx: Context, steps: string[]): string {
  return steps
    .map((answer, i) => (answer.trim() ? `${i + 1}. ${ctx.t(`safety_plan.step.${i + 1}.title`)}: ${answer}` : ''))
    .filter(Boolean)
    .join('\n');
}
