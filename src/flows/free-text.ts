import type { Middleware } from '../core/compose';
import type { Context } from '../core/context';
import type { Escalation } from '../safety/escalation';
import { formatResources } from '../safety/crisis-reply';
import { saveJournal } from './journal';
import type { Command } from './router';

/**
 * Someone asking for a person rather than the bot. English phrasing for now:
 * a request that is missed still gets the gentle answers below, which name
 * how to reach a human.
 */
const ASKS_FOR_A_PERSON =
  /\b(?:(?:talk|speak|chat)\s+(?:to|with)\s+(?:my\s+|the\s+|a\s+|an\s+)?(?:care\s*team|clinician|therapist|doctor|nurse|counsell?or|provider|real\s+person|actual\s+person|person|human|someone|somebody|anyone)|call\s+me|(?:can|could)\s+(?:someone|somebody|anyone)\s+(?:call|contact|reach|talk)|i\s+need\s+(?:help|someone|somebody|to\s+talk)|help\s+me|please\s+help)\b/i;

// The same in Spanish (patients can choose it); accents optional, as people type.
const PIDE_UNA_PERSONA =
  /(?:^|[^\p{L}])(?:(?:hablar|platicar|conversar)\s+con\s+(?:mi\s+|el\s+|la\s+|un\s+|una\s+)?(?:equipo|terapeuta|m[eé]dic[oa]|doctor(?:a)?|enfermer[oa]|psic[oó]log[oa]|psiquiatra|persona|humano|alguien)|ll[aá]mame|ll[aá]menme|(?:puede|podr[ií]a|pueden|podr[ií]an)\s+(?:alguien\s+)?(?:llamarme|contactarme|hablar\s+conmigo)|necesito\s+(?:ayuda|a\s+alguien|hablar)|ay[uú]d(?:a|e|en)me|por\s+favor\s+ayuda)(?![\p{L}])/iu;

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
 * before onboarding. A request is answered here; other words go on to the
 * flow as usual (a check-in answer is still an answer) and clinicians see
 * them as a follow-up, at most every half hour per case.
 */
export function createCareRequests(escalation: Escalation, isCommand: (text: string) => boolean): Middleware<Context> {
  return async (ctx, next) => {
    const text = ctx.text;
    const eligible =
      ctx.event.kind === 'message' && ctx.event.conversation.kind === 'direct' && text !== '' && !ctx.crisisHandled && !isCommand(text);
    if (!eligible) return next();
    const asks = ASKS_FOR_A_PERSON.test(text) || PIDE_UNA_PERSONA.test(text);
    const open = ctx.store.cases.openForPerson(ctx.person.id)[0];
    if (asks || (open && hasWords(text))) {
      const { alerted } = escalation.raise({
        person: ctx.person,
        platform: ctx.event.platform,
        severity: 'review',
        category: open ? open.category : 'contact_request',
        source: 'patient_request',
        ruleIds: [asks ? 'asks_for_a_person' : 'free_text_on_open_case'],
        excerpt: text,
      });
      ctx.passedToCareTeam = true;
      ctx.audit(asks ? 'case.contact_request' : 'case.patient_message', undefined, { alerted });
      if (asks) {
        return ctx.reply(
          ctx.t(open ? 'care.passed_on' : 'care.request_sent', { eta: ctx.services.config.clinicianEta, resources: resourcesFor(ctx) }),
        );
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
