import type { Middleware } from '../core/compose.js';
import type { Context } from '../core/context.js';
import { formatResources } from '../safety/crisis-reply.js';
import { raiseOrQueue, type RespondOptions } from '../safety/respond.js';
import { saveJournal } from './journal.js';
import type { Command } from './router.js';

const RECENT_PROMPT_MS = 24 * 3_600_000;

/** Words, not a number or a "skip": worth a clinician's eye when a case is open. */
function hasWords(text: string): boolean {
  return text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length >= 3;
}

function resourcesFor(ctx: Context): string {
  return formatResources(ctx.services.content, ctx.person.region, ctx.locale);
}

/**
 * Requests for a person, and the words of someone whose case is open, reach
 * the care team whatever else is going on — in the middle of a check-in, or
 * before onboarding. A request (the screener's `requests` in the lexicon, in
 * every language it reads) is answered here, and that is the only answer:
 * the words still go on to an active flow, which keeps what it keeps (a
 * journal entry) but says nothing more. Other words of someone with an open
 * case go on as usual (a check-in answer is still an answer) and clinicians
 * see them as a follow-up, at most every half hour per case. Safety-plan
 * answers are not requests: "talk to my therapist" is a step of the plan.
 */
export function createCareRequests(respond: RespondOptions, isCommand: (text: string) => boolean): Middleware<Context> {
  return async (ctx, next) => {
    const text = ctx.text;
    const eligible =
      ctx.event.kind === 'message' &&
      ctx.event.conversation.kind === 'direct' &&
      text !== '' &&
      !ctx.crisisHandled &&
      !isCommand(text) &&
      ctx.flowState()?.flow !== 'safety_plan';
    if (!eligible) return next();
    const asks = ctx.careRequest !== null;
    const open = ctx.store.cases.openForPerson(ctx.person.id)[0];
    if (asks || (open && hasWords(text))) {
      const outcome = raiseOrQueue(
        {
          person: ctx.person,
          platform: ctx.event.platform,
          severity: 'review',
          category: open ? open.category : 'contact_request',
          source: 'patient_request',
          ruleIds: [ctx.careRequest?.ruleId ?? 'free_text_on_open_case'],
          ...(ctx.careRequest ? { lexiconVersion: ctx.careRequest.lexiconVersion } : {}),
          excerpt: text,
        },
        respond,
        ctx.event.id,
      );
      ctx.passedToCareTeam = true;
      ctx.audit(asks ? 'case.contact_request' : 'case.patient_message', undefined, { alerted: outcome?.alerted ?? 'queued' });
      if (asks) {
        ctx.reply(ctx.t(open ? 'care.passed_on' : 'care.request_sent', { eta: ctx.services.config.clinicianEta, resources: resourcesFor(ctx) }));
        // Outside a flow there is nothing more to do (no welcome, no journal reflection).
        if (!ctx.flowState()) return;
        ctx.answered = true;
      }
    }
    return next();
  };
}

/**
 * Words that are not a command or an answer in a flow: never a shrug. If the
 * care team already has them, say so; a mistyped command gets its usage; a
 * reflection (an answer to a prompt, or a few words of their own) is kept in
 * the journal.
 */
export function createFreeTextHandler(commands: () => Command[]) {
  return (ctx: Context): void => {
    const text = ctx.text;
    if (ctx.passedToCareTeam) return ctx.reply(ctx.t('care.passed_on', { eta: ctx.services.config.clinicianEta, resources: resourcesFor(ctx) }));
    const word = text.split(/\s+/)[0]!.toLowerCase();
    const near = commands().find((c) => c.usage.split(' ')[0] === word);
    if (near) return ctx.reply(ctx.t('error.usage', { usage: near.usage }));
    const reflecting = ctx.person.consent === 'granted' && ctx.person.onboardedAt !== null;
    const lastPrompt = ctx.store.outbox.lastSentAt(ctx.person.id, 'scheduled');
    const answeringPrompt = lastPrompt !== null && ctx.now().getTime() - new Date(lastPrompt).getTime() < RECENT_PROMPT_MS;
    if (reflecting && (answeringPrompt || text.split(/\s+/).length >= 4)) return saveJournal(ctx, text, 'journal.saved_reflection');
    ctx.reply(ctx.t('error.unknown_command'));
  };
}
