import type { Context } from '../core/context.js';

// "Scheduled messages are paused until X" must hold for every message the
// patient did not ask for. The scheduler's gate checks the pause; caring
// contacts already sit in the outbox with their own send time, so a pause
// moves them past its end (one a day from then, in their order) and resume
// brings back the ones an open-ended pause parked.

export const FOREVER = '9999-12-31T00:00:00.000Z';
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export function setPause(ctx: Context, until: string | null): void {
  ctx.store.people.set(ctx.person.id, 'pausedUntil', until);
  ctx.audit(until ? 'person.paused' : 'person.resumed', { type: 'person', id: ctx.person.id }, until ? { until } : undefined);
  if (until) holdCaringContacts(ctx, until);
  else releaseCaringContacts(ctx);
}

function caringContacts(ctx: Context) {
  return ctx.store.outbox.pendingFor(ctx.person.id).filter((m) => m.purpose === 'caring_contact');
}

function holdCaringContacts(ctx: Context, until: string): void {
  const start = until === FOREVER ? undefined : new Date(until).getTime();
  let i = 0;
  for (const m of caringContacts(ctx)) {
    if (m.nextAttemptAt >= until) continue;
    ctx.store.outbox.defer(m.id, start === undefined ? FOREVER : new Date(start + i++ * DAY_MS).toISOString());
  }
}

/** After an open-ended pause: the parked ones resume a day from now, then one a week. */
function releaseCaringContacts(ctx: Context): void {
  const now = ctx.now().getTime();
  let i = 0;
  for (const m of caringContacts(ctx)) {
    if (m.nextAttemptAt < FOREVER) continue;
    ctx.store.outbox.defer(m.id, new Date(now + DAY_MS + i++ * WEEK_MS).toISOString());
  }
}
