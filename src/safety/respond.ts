import type { Context } from '../core/context.js';
import { errorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Address } from '../core/types.js';
import type { Person } from '../store/people-repo.js';
import { crisisReply } from './crisis-reply.js';
import type { Escalation, RaiseInput, RaiseOutcome } from './escalation.js';
import type { Severity } from './screening/types.js';

export type CrisisInput = Omit<RaiseInput, 'person' | 'platform'> & { severity: Severity };

/**
 * Escalations that could not be written (the database was locked or full)
 * and are tried again on every tick. In memory on purpose: if SQLite is
 * failing there is nowhere better, and the error log says so each time.
 */
export class PendingEscalations {
  private readonly items: { key: string; input: RaiseInput }[] = [];
  constructor(private readonly logger: Logger) {}

  /** `key` (the event id): an event handled again after a lost transaction queues its case once. */
  add(input: RaiseInput, key: string): void {
    if (this.items.some((i) => i.key === key)) return;
    this.items.push({ key, input });
  }

  get size(): number {
    return this.items.length;
  }

  retry(escalation: Escalation): void {
    for (const item of this.items.splice(0)) {
      const { input } = item;
      try {
        escalation.raise(input);
        this.logger.warn({ personId: input.person.id }, 'escalation written after an earlier failure');
      } catch (err) {
        this.items.push(item);
        this.logger.error({ code: 'escalation_failed', cause: errorCode(err), personId: input.person.id }, 'escalation still cannot be written');
      }
    }
  }
}

export interface RespondOptions {
  escalation: Escalation;
  pending: PendingEscalations;
  logger: Logger;
  /** Facilitators to tell, without the words, when the post was in their group's channel. */
  facilitatorsFor?: (conversation: Address) => Person[];
}

/**
 * Every escalation goes through here: the case is written now or, when the
 * database refuses (disk full, I/O error, a constraint), kept in memory and
 * tried again on every tick. Undefined means queued. A flagged questionnaire
 * answer or a request for a person is as much an alert as a screened message.
 */
export function raiseOrQueue(input: RaiseInput, options: RespondOptions, eventId: string): RaiseOutcome | undefined {
  try {
    return options.escalation.raise(input);
  } catch (err) {
    options.logger.error({ code: 'escalation_failed', cause: errorCode(err), eventId }, 'could not write the case; will retry');
    options.pending.add(input, eventId);
    return undefined;
  }
}

/**
 * The one crisis response, whatever raised it (a screened message, a PHQ-9
 * answer): open or follow up the case, then answer the person at once —
 * privately when they wrote in a group — with what to do right now. The
 * reply goes out even when the case cannot be written.
 */
export function escalateAndReply(ctx: Context, input: CrisisInput, options: RespondOptions): number | undefined {
  const raiseInput: RaiseInput = { ...input, person: ctx.person, platform: ctx.event.platform };
  const caseId = raiseOrQueue(raiseInput, options, ctx.event.id)?.kase.id;
  ctx.crisisHandled = true;
  const reply = crisisReply(ctx, input.severity, input.category);
  // Anywhere but their own DM (a circle's channel) the answer goes to them privately.
  const inGroup = ctx.event.conversation.kind !== 'direct';
  // Keyed by event: an event handled again (a lost transaction) answers once.
  const send = { priority: 'crisis' as const, purpose: 'crisis_reply', caseId: caseId ?? null, idempotencyKey: `crisis_reply:${ctx.event.id}` };
  if (inGroup) ctx.replyPrivately(reply, send);
  else ctx.reply(reply, send);
  try {
    // A breathing step arriving after a crisis reply would talk past them.
    ctx.store.outbox.cancelPending(ctx.person.id, 'exercise_step');
  } catch (err) {
    options.logger.error({ code: errorCode(err) }, 'could not withdraw pending exercise steps');
  }
  if (caseId === undefined) return undefined;
  ctx.audit('crisis_reply.queued', { type: 'case', id: caseId }, { severity: input.severity, category: input.category, inGroup });
  if (inGroup) {
    for (const f of options.facilitatorsFor?.(ctx.event.conversation) ?? []) {
      const identity = ctx.store.people.identities(f.id).find((i) => i.platform === ctx.event.platform);
      if (!identity || f.id === ctx.person.id) continue;
      ctx.services.send(
        { platform: identity.platform, kind: 'direct', id: identity.userId },
        { text: ctx.services.content.text('group.facilitator_note', f.locale, { case: caseId }) },
        { priority: 'crisis', purpose: 'facilitator_note', personId: f.id, caseId, idempotencyKey: `facnote:${caseId}:${f.id}` },
      );
    }
  }
  return caseId;
}
