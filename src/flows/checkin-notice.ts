import type { ScoreBand } from '../content/types.js';
import type { Context } from '../core/context.js';
import type { OutboundMessage } from '../core/types.js';
import { raiseOrQueue, type RespondOptions } from '../safety/respond.js';
import type { ScheduleRepo } from '../store/schedule-repo.js';
import { isDosingDay } from './dosing-day.js';
import { exerciseOffer } from './exercises.js';
import { mayOffer } from './offer-policy.js';

// Check-ins that notice. The bands come from the mood, anxiety and sleep
// scales in prompts/instruments (a band with `flag: true` is an extreme
// answer); the review threshold from prompts/clinical/settings.yaml. Both are
// the clinic's to change.

export interface CheckinScores {
  mood: number | null;
  anxiety: number | null;
  sleep: number | null;
}
type Scale = keyof CheckinScores;
const SCALES: Scale[] = ['mood', 'anxiety', 'sleep'];

function bandOf(ctx: Context, scale: Scale, value: number | null): ScoreBand | undefined {
  if (value === null) return undefined;
  return ctx.services.content.instrument(scale, ctx.locale)?.bands.find((b) => value >= b.min && value <= b.max);
}

/** Exercises that fit high anxiety or a bad night, in order of preference; the first usable one is offered. */
const CALMING: Record<Exclude<Scale, 'mood'>, string[]> = {
  anxiety: ['box-breathing', 'grounding-5-4-3-2-1', 'safe-place'],
  sleep: ['body-scan', 'safe-place'],
};

/** The one offer for the most pressing extreme: a person or the safety plan for very low mood, else a fitting exercise. */
function offerFor(ctx: Context, repo: ScheduleRepo, scale: Scale): OutboundMessage | undefined {
  const { content } = ctx.services;
  if (scale === 'mood') {
    const plan = ctx.store.cases.safetyPlan(ctx.person.id);
    const hasPlan = !!plan && plan.steps.some((s) => s.trim());
    return { text: ctx.t(hasPlan ? 'checkin.offer.safety_plan' : 'checkin.offer.person') };
  }
  const dosing = isDosingDay(repo, ctx.person.id, ctx.now());
  for (const id of CALMING[scale]) {
    const ex = content.exercise(id, ctx.locale);
    if (!ex || (dosing && ex.notOnDosingDay)) continue;
    return exerciseOffer(content, ctx.locale, ex.id);
  }
  return undefined;
}

/**
 * After a completed check-in: a caring word for the most pressing extreme
 * answer and, at most once per `offerEveryMinutes`, one offer. Mood comes
 * first, then anxiety, then sleep.
 */
export function noticeExtremes(ctx: Context, repo: ScheduleRepo, scores: CheckinScores): boolean {
  const scale = SCALES.find((s) => bandOf(ctx, s, scores[s])?.flag);
  if (!scale) return false;
  ctx.reply(ctx.t(`checkin.notice.${scale}`));
  if (!mayOffer(ctx)) return true;
  const offer = offerFor(ctx, repo, scale);
  if (offer) ctx.reply(offer, { purpose: 'checkin_offer' });
  return true;
}

/**
 * The clinic's threshold (default: mood ≤ 1 or anxiety ≥ 9 twice in three
 * days, this check-in included) opens a review case: a clinician reads it,
 * nobody is paged. The case carries the check-ins that met it.
 */
export function checkReviewThreshold(ctx: Context, respond: RespondOptions, repo: ScheduleRepo, scores: CheckinScores): void {
  const { moodAtMost, anxietyAtLeast, times, withinDays } = ctx.services.content.settings().checkinReview;
  const meets = (c: CheckinScores) =>
    (moodAtMost !== null && c.mood !== null && c.mood <= moodAtMost) || (anxietyAtLeast !== null && c.anxiety !== null && c.anxiety >= anxietyAtLeast);
  if (!meets(scores)) return;
  const since = new Date(ctx.now().getTime() - withinDays * 86_400_000).toISOString();
  const hits = repo.checkinsSince(ctx.person.id, since).filter(meets);
  if (hits.length < times) return;
  const rule = [moodAtMost !== null ? `mood ≤ ${moodAtMost}` : '', anxietyAtLeast !== null ? `anxiety ≥ ${anxietyAtLeast}` : ''].filter(Boolean).join(' or ');
  const list = hits.map((c) => `${c.at.slice(0, 16).replace('T', ' ')} UTC mood ${c.mood ?? '–'}, anxiety ${c.anxiety ?? '–'}, sleep ${c.sleep ?? '–'}`);
  const facts = `Check-ins: ${hits.length} at the clinic's threshold (${rule}) within ${withinDays} days: ${list.join('; ')}`;
  raiseOrQueue(
    { person: ctx.person, platform: ctx.event.platform, severity: 'review', category: 'checkin_threshold', source: 'instrument', ruleIds: [`checkin:${rule}:${times}x${withinDays}d`], excerpt: facts },
    respond,
    ctx.event.id,
  );
}
