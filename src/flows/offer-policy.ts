// When the bot may offer something unasked (an exercise, a journal prompt,
// the safety plan, a person): at most once an hour per person, so a
// conversation is never a string of suggestions. One function to ask, one to
// record, for every caller; the skills issue may replace the rule itself.
import type { Context } from '../core/context.js';
import type { OfferKind } from '../content/types.js';

export const OFFER_INTERVAL_MS = 3_600_000;
const ACTION = 'offer.made';

/** Whether this person may be offered something now. Offers are recorded in the audit log (no text, only the kind). */
export function mayOffer(ctx: Context): boolean {
  const last = ctx.store.audit
    .forSubject('person', ctx.person.id)
    .filter((e) => e.action === ACTION)
    .at(-1);
  return !last || ctx.now().getTime() - new Date(last.at).getTime() >= OFFER_INTERVAL_MS;
}

export function recordOffer(ctx: Context, kind: OfferKind): void {
  ctx.audit(ACTION, { type: 'person', id: ctx.person.id }, { kind });
}
