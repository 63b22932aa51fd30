// When the bot may offer something unasked (a skill, an exercise, a journal
// prompt, the safety plan, a person): at most once per the clinic's
// `offerEveryMinutes` (prompts/clinical/settings.yaml, default an hour) per
// person, whoever offers it, so a conversation is never a string of
// suggestions. Small talk, the check-in notice and the skills offer
// (offers.ts) all ask here; each keeps its own record of what it offered,
// and this module reads all three.
import type { OfferKind } from '../content/types.js';
import type { Context } from '../core/context.js';
import { skillsRepoFor } from './skills/repo.js';

const ACTION = 'offer.made';

/** The last time anything was offered to this person unasked, in ms, or undefined. */
function lastOfferAt(ctx: Context): number | undefined {
  const smallTalk = ctx.store.audit
    .forSubject('person', ctx.person.id)
    .filter((e) => e.action === ACTION)
    .at(-1)?.at;
  const skill = skillsRepoFor(ctx.store).lastOffer(ctx.person.id)?.at;
  const notice = ctx.store.outbox.lastSentAt(ctx.person.id, 'checkin_offer') ?? undefined;
  const times = [smallTalk, skill, notice].filter((t): t is string => typeof t === 'string').map((t) => new Date(t).getTime());
  return times.length ? Math.max(...times) : undefined;
}

/** Whether this person may be offered something now. */
export function mayOffer(ctx: Context): boolean {
  const last = lastOfferAt(ctx);
  const every = ctx.services.content.settings().offerEveryMinutes * 60_000;
  return last === undefined || ctx.now().getTime() - last >= every;
}

/** Small talk's offers are recorded in the audit log (no text, only the kind). */
export function recordOffer(ctx: Context, kind: OfferKind): void {
  ctx.audit(ACTION, { type: 'person', id: ctx.person.id }, { kind });
}
