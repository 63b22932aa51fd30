import type { Middleware } from '../core/compose';
import type { Context } from '../core/context';
import { errorCode } from '../core/errors';
import type { Logger } from '../core/logger';
import type { Address } from '../core/types';
import type { Person } from '../store/people-repo';
import { crisisReply } from './crisis-reply';
import type { Escalation } from './escalation';
import type { ContextSignal, ScreenResult, Screener, Severity } from './screening/types';

export interface SafetyOptions {
  screener: Screener;
  escalation: Escalation;
  logger: Logger;
  /** How long earlier signals colour a new message. */
  contextHours?: number;
  /** Facilitators to tell when a risky post appears in a group channel (without the text). */
  facilitatorsFor?: (conversation: Address) => Person[];
}

/** Recent messages kept in memory only, for the "little recent context" in an alert. */
class RecentTexts {
  private readonly map = new Map<number, string[]>();
  constructor(private readonly maxPeople = 10_000) {}
  get(personId: number): string[] {
    return this.map.get(personId) ?? [];
  }
  push(personId: number, text: string): void {
    const list = this.map.get(personId) ?? [];
    this.map.delete(personId); // re-insert: Map order doubles as LRU order
    list.push(text.length > 300 ? `${text.slice(0, 300)}…` : text);
    if (list.length > 3) list.shift();
    this.map.set(personId, list);
    if (this.map.size > this.maxPeople) this.map.delete(this.map.keys().next().value!);
  }
}

function textToScreen(ctx: Context): string {
  const parts: string[] = [];
  if (ctx.event.text) parts.push(ctx.event.text);
  // Words typed into a form (safety plan, notes) are screened like any message.
  if (ctx.event.fields) parts.push(...Object.values(ctx.event.fields));
  return parts.join('\n');
}

/**
 * Screening runs first, before any flow, inside its own error boundary: a
 * failure downstream can never undo the crisis reply and alert, and a
 * failure here is logged loudly and never blocks the person's message.
 */
export function createSafetyMiddleware(options: SafetyOptions): Middleware<Context> {
  const recent = new RecentTexts();
  const contextMs = (options.contextHours ?? 6) * 3_600_000;

  /**
   * A clinician quoting a patient in a case note, or talking in the clinician
   * channel, must not open a case against themselves.
   */
  function isClinicalWork(ctx: Context): boolean {
    const where = ctx.event.conversation.kind;
    if (where === 'clinicians' || where === 'backup') return true;
    if (!ctx.hasRole('clinician')) return false;
    if (ctx.event.kind === 'choice') return Boolean(ctx.event.choice?.startsWith('case:'));
    return /^(?:note|resolve|ack|acknowledge|summary|session)\s/i.test(ctx.text) || ctx.flowState()?.flow === 'case_text';
  }

  function screenAndEscalate(ctx: Context): void {
    if (isClinicalWork(ctx)) return;
    const text = textToScreen(ctx);
    if (!text.trim()) return;
    const { store } = ctx;
    const now = ctx.now();
    const since = new Date(now.getTime() - contextMs).toISOString();
    const earlier = store.cases.signalsSince(ctx.person.id, since) as ContextSignal[];
    const result: ScreenResult = options.screener.screen(text, { recent: earlier });
    ctx.screen = result;
    const previousTexts = recent.get(ctx.person.id);
    recent.push(ctx.person.id, text);
    for (const s of result.remember) store.cases.rememberSignal(ctx.person.id, now.toISOString(), s);
    if (!result.alert || !result.severity || !result.category) return;


    const { kase } = options.escalation.raise({
      person: ctx.person,
      platform: ctx.event.platform,
      severity: result.severity,
      category: result.category,
      source: 'screen',
      ruleIds: result.matches.map((m) => m.ruleId),
      lexiconVersion: options.screener.version,
      excerpt: text,
      context: previousTexts,
    });
    ctx.crisisHandled = true;
    ctx.audit('screen.alert', { type: 'case', id: kase.id }, { severity: result.severity, category: result.category, inGroup: Boolean(ctx.event.inGroup) });

    const reply = crisisReply(ctx, result.severity as Severity, result.category);
    // In a group, the reply goes privately: the poster is never exposed in front of the circle.
    if (ctx.event.inGroup || ctx.event.conversation.kind !== 'direct') {
      ctx.replyPrivately(reply, { priority: 'crisis', purpose: 'crisis_reply', caseId: kase.id });
      for (const f of options.facilitatorsFor?.(ctx.event.conversation) ?? []) {
        const identity = store.people.identities(f.id).find((i) => i.platform === ctx.event.platform);
        if (!identity) continue;
        ctx.services.send(
          { platform: identity.platform, kind: 'direct', id: identity.userId },
          { text: ctx.services.content.text('group.facilitator_note', f.locale, { case: kase.id }) },
          { priority: 'crisis', purpose: 'facilitator_note', personId: f.id, caseId: kase.id, idempotencyKey: `facnote:${kase.id}:${f.id}` },
        );
      }
    } else {
      ctx.reply(reply, { priority: 'crisis', purpose: 'crisis_reply', caseId: kase.id });
    }
  }

  return async (ctx, next) => {
    if (ctx.event.kind === 'message' || ctx.event.kind === 'edit' || ctx.event.kind === 'choice') {
      try {
        screenAndEscalate(ctx);
      } catch (err) {
        options.logger.error({ code: 'screening_failed', cause: errorCode(err), err, eventId: ctx.event.id }, 'crisis screening failed');
      }
    }
    // An edit is screened again, but is not a new command or answer.
    if (ctx.event.kind === 'edit') return;
    await next();
  };
}
