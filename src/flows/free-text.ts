import type { Context } from '../core/context';
import type { Escalation } from '../safety/escalation';
import { formatResources } from '../safety/crisis-reply';
import { saveJournal } from './journal';
import type { Command } from './router';

/**
 * Someone asking for a person rather than the bot. English phrasing for now:
 * a request that is missed still gets the gentle answer below, which names
 * how to reach a human.
 */
const ASKS_FOR_A_PERSON =
  /\b(?:(?:talk|speak|chat)\s+(?:to|with)\s+(?:my\s+|the\s+|a\s+|an\s+)?(?:care\s*team|clinician|therapist|doctor|nurse|counsell?or|provider|real\s+person|actual\s+person|person|human|someone|somebody|anyone)|call\s+me|(?:can|could)\s+(?:someone|somebody|anyone)\s+(?:call|contact|reach|talk)|i\s+need\s+(?:help|someone|somebody|to\s+talk)|help\s+me|please\s+help)\b/i;

const RECENT_PROMPT_MS = 24 * 3_600_000;

/**
 * What to do with words that are not a command or an answer in a flow:
 * never a shrug. A request for a person reaches the care team; someone with
 * an open case has their words passed on; a reflection (an answer to a
 * prompt, or a few words of their own) is kept in their journal; a mistyped
 * command gets its usage.
 */
export function createFreeTextHandler(escalation: Escalation, commands: () => Command[]) {
  return (ctx: Context): void => {
    const text = ctx.text;
    const open = ctx.store.cases.openForPerson(ctx.person.id)[0];
    if (ASKS_FOR_A_PERSON.test(text) || open) {
      const { alerted } = escalation.raise({
        person: ctx.person,
        platform: ctx.event.platform,
        severity: 'review',
        category: open ? open.category : 'contact_request',
        source: 'patient_request',
        ruleIds: [open ? 'free_text_on_open_case' : 'asks_for_a_person'],
        excerpt: text,
      });
      ctx.audit(open ? 'case.patient_message' : 'case.contact_request', undefined, { alerted });
      return ctx.reply(
        ctx.t(open ? 'care.passed_on' : 'care.request_sent', {
          eta: ctx.services.config.clinicianEta,
          resources: formatResources(ctx.services.content, ctx.person.region, ctx.locale),
        }),
      );
    }
    const word = text.split(/\s+/)[0]!.toLowerCase();
    const near = commands().find((c) => c.usage.split(' ')[0] === word);
    if (near) return ctx.reply(ctx.t('error.usage', { usage: near.usage }));
    const reflecting = ctx.person.consent === 'granted' && ctx.person.onboardedAt !== null;
    const answeringPrompt = ctx.store.outbox.lastSentAt(ctx.person.id, 'scheduled');
    const recent = answeringPrompt !== null && ctx.now().getTime() - new Date(answeringPrompt).getTime() < RECENT_PROMPT_MS;
    if (reflecting && (recent || text.split(/\s+/).length >= 4)) return saveJournal(ctx, text, 'journal.saved_reflection');
    ctx.reply(ctx.t('error.unknown_command'));
  };
}
