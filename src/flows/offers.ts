// The bot's single offer policy: when a fitting skill may be offered, and
// when it may not. Check-ins call it after a low answer; small talk and other
// flows call `offerSkill` with their own moment and candidates. Offers are
// one message with "yes" and "not now": never pushed, never repeated.
import type { Skill } from '../content/types.js';
import type { Context } from '../core/context.js';
import { mayOffer } from './offer-policy.js';
import type { Flow } from './router.js';
import { skillsRepoFor } from './skills/repo.js';
import { isDosingDay } from './dosing-day.js';
import { openSkill } from './skills/menu.js';

/** A typed "not now" answers the latest offer if it was made within this long. (How often anything may be offered is offer-policy.ts's.) */
export const OFFER_MIN_GAP_MS = 3_600_000;

export interface OfferRequest {
  /** What this offer answers (`checkin:<event>`, `smalltalk:<event>`): one offer per moment. */
  moment: string;
  /** Skill ids in order of fit; the first the rules allow is offered. */
  candidates: string[];
}

export type OfferDecision = { offer: Skill } | { none: 'open_case' | 'not_now' | 'already_offered' | 'recent_offer' | 'no_consent' | 'no_fitting_skill' };

/** The rules, without side effects: what may be offered to this person now. */
export function decideOffer(ctx: Context, request: OfferRequest): OfferDecision {
  const { store, config, content } = ctx.services;
  const personId = ctx.person.id;
  const now = ctx.now().getTime();
  const repo = skillsRepoFor(store);
  if (ctx.person.consent !== 'granted') return { none: 'no_consent' };
  // An alert case open means the care team is on it: no skill suggestion in between (a review case does not block).
  if (store.cases.openForPerson(personId).some((c) => c.severity !== 'review')) return { none: 'open_case' };
  const notNow = repo.lastNotNowAt(personId);
  if (notNow && now - new Date(notNow).getTime() < config.skillOfferSnoozeHours * 3_600_000) return { none: 'not_now' };
  if (repo.offerFor(personId, request.moment)) return { none: 'already_offered' };
  if (!mayOffer(ctx)) return { none: 'recent_offer' };
  const dosingDay = isDosingDay(store.records, personId, ctx.now());
  for (const id of request.candidates) {
    const skill = content.skill(id, ctx.locale);
    if (skill && !(dosingDay && skill.notOnDosingDay)) return { offer: skill };
  }
  return { none: 'no_fitting_skill' };
}

/** Offer one skill if the rules allow: records the offer and sends it with "yes" and "not now". Returns whether it was offered. */
export function offerSkill(ctx: Context, request: OfferRequest): boolean {
  // The crisis reply is the answer to a crisis: nothing is offered beside it.
  if (ctx.crisisHandled || ctx.answered) return false;
  const decision = decideOffer(ctx, request);
  if ('none' in decision) {
    ctx.audit('skill.offer_withheld', undefined, { reason: decision.none });
    return false;
  }
  const skill = decision.offer;
  const repo = skillsRepoFor(ctx.store);
  if (!repo.addOffer(ctx.person.id, skill.id, request.moment, ctx.nowIso())) return false;
  const offer = repo.offerFor(ctx.person.id, request.moment)!;
  ctx.reply({
    text: ctx.t('offer.text', { title: skill.title, why: skill.why }),
    choices: [
      { id: `offer:yes:${offer.id}`, label: ctx.t('offer.yes') },
      { id: `offer:no:${offer.id}`, label: ctx.t('offer.not_now') },
    ],
  });
  ctx.audit('skill.offered', undefined, { skill: skill.id });
  return true;
}

/** What a check-in answer counts as low: mood 3 or under, or anxiety 7 or over. */
export function offerAfterCheckin(ctx: Context, scores: { mood?: unknown; anxiety?: unknown }): boolean {
  const mood = typeof scores.mood === 'number' ? scores.mood : undefined;
  const anxiety = typeof scores.anxiety === 'number' ? scores.anxiety : undefined;
  const anxious = anxiety !== undefined && anxiety >= 7;
  const low = mood !== undefined && mood <= 3;
  if (!anxious && !low) return false;
  // Anxiety first wants the body calmed; a low mood, a thought looked at or one small thing planned.
  const candidates = anxious ? ['tipp', 'stop', 'self-soothe'] : ['thought-record', 'activation', 'self-soothe'];
  return offerSkill(ctx, { moment: `checkin:${ctx.event.id}`, candidates });
}

/** Turning down an offer by typing "not now": the latest unanswered one made within the hour. */
export function declineLatestOffer(ctx: Context): boolean {
  const repo = skillsRepoFor(ctx.store);
  const last = repo.lastOffer(ctx.person.id);
  if (!last || last.answer || ctx.now().getTime() - new Date(last.at).getTime() > OFFER_MIN_GAP_MS) return false;
  return repo.answerOffer(ctx.person.id, last.id, 'not_now', ctx.nowIso());
}

/** The offer's two buttons. */
export const offerFlow: Flow = {
  name: 'skill_offer',
  choicePrefix: 'offer:',
  onInput(ctx) {
    const [, answer, id] = (ctx.event.choice ?? '').split(':');
    const repo = skillsRepoFor(ctx.store);
    const last = repo.lastOffer(ctx.person.id);
    const offerId = Number(id);
    // Only the latest offer's buttons count; an older one's have been overtaken.
    if (!last || last.id !== offerId || last.answer) return ctx.replyQuietly(ctx.t('offer.expired'));
    repo.answerOffer(ctx.person.id, offerId, answer === 'yes' ? 'yes' : 'not_now', ctx.nowIso());
    ctx.audit(answer === 'yes' ? 'skill.offer_taken' : 'skill.offer_declined', undefined, { skill: last.skill });
    if (answer !== 'yes') return ctx.reply(ctx.t('offer.declined'));
    openSkill(ctx, last.skill);
  },
};
