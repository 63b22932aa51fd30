import { clinicianEtaFor } from '../config.js';
import type { Middleware } from '../core/compose.js';
import type { Context } from '../core/context.js';
import { formatResources } from '../safety/crisis-reply.js';
import { raiseOrQueue, type RespondOptions } from '../safety/respond.js';
import { saveJournal } from './journal.js';
import { saveJournalQuietly } from './journal-quiet.js';
import { commandForFirstWord } from './pending.js';
import { mayRun, type Command } from './router.js';
import { answerSmallTalk, matchSmallTalk } from './small-talk.js';
import { didYouMean, likelyCommands } from './suggest.js';

/** Words, not a number or a "skip": worth a clinician's eye when a case is open. */
function hasWords(text: string): boolean {
  return text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length >= 3;
}

/** The promised response time in the patient's language (AFTERGLOW_CLINICIAN_ETA_<LANG>, else a translated default). */
function etaFor(ctx: Context): string {
  return clinicianEtaFor(ctx.services.config, ctx.locale, () => ctx.t('crisis.eta_default'));
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
        ctx.reply(ctx.t(open ? 'care.passed_on' : 'care.request_sent', { eta: etaFor(ctx), resources: resourcesFor(ctx) }));
        // Outside a flow there is nothing more to do (no welcome, no journal reflection).
        if (!ctx.flowState()) return;
        ctx.answered = true;
      }
    }
    return next();
  };
}

/** The options offered when I could not tell what someone meant: the likeliest commands, else the everyday ones. */
function options(ctx: Context, commands: Command[], text: string): string {
  const near = likelyCommands(commands, text).filter((c) => c.name !== 'help');
  const lines = near.length
    ? near.map((c) => ctx.t('smalltalk.option.command', { usage: c.usage }))
    : [ctx.t(ctx.person.consent === 'granted' ? 'smalltalk.option.journal' : 'smalltalk.option.checkin'), ctx.t('smalltalk.option.breathe')];
  return [...lines, ctx.t('smalltalk.option.help')].map((l) => `• ${l}`).join('\n');
}

/**
 * Words that are not a command or an answer in a flow: never a shrug. If the
 * care team already has them, say so; small talk gets its answer; a short
 * slip for one command gets "did you mean"; anything else is kept in the
 * journal (with consent) and, when it was short and unclear, answered with
 * the likeliest things to do.
 */
export function createFreeTextHandler(commands: () => Command[]) {
  return (ctx: Context): void => {
    const text = ctx.text;
    if (ctx.passedToCareTeam) return ctx.reply(ctx.t('care.passed_on', { eta: etaFor(ctx), resources: resourcesFor(ctx) }));
    const talk = matchSmallTalk(ctx, text);
    if (talk) return answerSmallTalk(ctx, talk);
    const mine = commands().filter((c) => mayRun(ctx, c) && !c.roles);
    const words = text.split(/\s+/).filter(Boolean).length;
    if (words <= 3) {
      const near = didYouMean(mine, text);
      if (near) return ctx.reply(ctx.t('smalltalk.did_you_mean', { usage: near.usage }));
    }
    const hint = commandForFirstWord(mine, text);
    if (ctx.person.consent === 'granted' && words >= 4) {
      saveJournal(ctx, text, 'journal.saved_reflection');
      if (hint) ctx.reply(ctx.t('question.command_hint', { usage: hint.usage }));
      return;
    }
    const kept = saveJournalQuietly(ctx, text);
    ctx.reply(`${ctx.t(kept ? 'smalltalk.unsure_kept' : 'smalltalk.unsure')}\n${options(ctx, mine, text)}`);
  };
}
