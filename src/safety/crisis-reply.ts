import { clinicianEtaFor } from '../config.js';
import { formatResources as formatResourceList } from '../content/render.js';
import type { ContentLibrary } from '../content/types.js';
import type { Context } from '../core/context.js';
import type { OutboundMessage } from '../core/types.js';
import { isClinicOpen, nextOpening, onCallAt, openingParts } from './clinic-hours.js';
import type { Severity } from './screening/types.js';

/** The crisis lines for a person's region, one per line (the same list `content preview` shows). */
export function formatResources(content: ContentLibrary, region: string, locale: string, severity?: Severity): string {
  // A peer line with limited hours is no answer to someone who may act now.
  return formatResourceList(content.resources(region, locale).filter((r) => severity !== 'imminent' || r.kind !== 'peer'));
}

/** "tomorrow at 09:00 (GMT-5)": when the clinic next opens, in the patient's language. */
function whenOpen(ctx: Context): string {
  const { rota } = ctx.services.config;
  const now = ctx.now();
  const opens = nextOpening(rota, now);
  if (!opens) return ctx.t('crisis.opens_unknown');
  const p = openingParts(rota, opens, now, ctx.locale);
  return ctx.t(`crisis.opens_${p.when === 'later' ? 'on' : p.when}`, { day: p.day, time: p.time, zone: p.zone });
}

/**
 * The immediate reply to a risky message: warm, short, what to do now,
 * that a clinician is being told, and the person's own safety plan. Outside
 * clinic hours it says so first, with the emergency numbers, and when the
 * team will see it; the usual words follow, with that time as the wait. A
 * review case gets its own warm reply and the safety-plan offer, never a
 * category's crisis script.
 */
export function crisisReply(ctx: Context, severity: Severity, category: string): OutboundMessage {
  const { content, config } = ctx.services;
  const review = severity === 'review';
  const categoryKey = `crisis.reply.${category}`;
  const key = !review && content.hasText(categoryKey) ? categoryKey : `crisis.reply.${severity}`;
  const resources = formatResources(content, ctx.person.region, ctx.locale, severity);
  const parts: string[] = [];
  if (!review && !isClinicOpen(config.rota, ctx.now())) {
    const opens = whenOpen(ctx);
    const lead = onCallAt(config.rota, ctx.now(), ctx.event.platform) ? 'crisis.after_hours_oncall' : 'crisis.after_hours';
    parts.push(ctx.t(lead, { resources, opens }));
    parts.push(ctx.t(key, { resources: ctx.t('crisis.resources_above'), eta: ctx.t('crisis.eta_after_hours', { opens }) }));
  } else {
    parts.push(ctx.t(key, { resources, eta: clinicianEtaFor(config, ctx.locale, () => ctx.t('crisis.eta_default')) }));
  }
  const plan = ctx.store.cases.safetyPlan(ctx.person.id);
  if (plan && plan.steps.some((s) => s.trim())) {
    // Their plan is right here, so the line pointing to it would only repeat itself.
    const last = parts.length - 1;
    parts[last] = parts[last]!.replace(/^.*\b(?:my safety plan|mi plan de seguridad)\b.*$\n?/m, '').trimEnd();
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
