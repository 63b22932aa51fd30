// Behavioural activation: one small valued activity for tomorrow, a time, and
// a gentle check after it through the scheduler ("did you get to it? how was
// it, 0-10?"). Not doing it is information, never a failure.
import { DateTime } from 'luxon';
import type { Context } from '../../core/context.js';
import type { Choice, OutboundMessage } from '../../core/types.js';
import { clipText } from '../../core/bot.js';
import { parseScore, parseTimeOfDay } from '../parse.js';
import type { Flow } from '../router.js';
import type { FlowState } from '../../store/state-repo.js';
import type { ContentLibrary } from '../../content/types.js';
import { skillsRepoFor } from './repo.js';

export const IDEAS = ['walk', 'call', 'tidy', 'music', 'cook', 'outside'] as const;
const TIMES: Record<string, string> = { morning: '10:00', midday: '13:00', afternoon: '16:00', evening: '19:00' };
/** The check comes this long after the planned time (time to do it, and to have done it). */
export const CHECK_AFTER_MS = 2 * 3_600_000;
const PLAN = 'activation';
const CHECK = 'activation_check';

function askActivity(ctx: Context): void {
  const choices: Choice[] = IDEAS.map((i) => ({ id: `ba:idea:${i}`, label: ctx.t(`activation.idea.${i}`) }));
  ctx.reply({ text: ctx.t('activation.ask_activity'), choices });
}

function askTime(ctx: Context): void {
  const choices: Choice[] = Object.keys(TIMES).map((k) => ({ id: `ba:time:${k}`, label: ctx.t(`activation.time.${k}`) }));
  ctx.reply({ text: ctx.t('activation.ask_time'), choices });
}

export function startActivation(ctx: Context): void {
  if (ctx.person.consent !== 'granted') return ctx.reply(ctx.t('consent.needed'));
  ctx.setFlowState(PLAN, 'activity', {});
  ctx.reply(ctx.t('activation.intro'));
  askActivity(ctx);
}

function plan(ctx: Context, activity: string, time: string): void {
  const zone = ctx.person.timezone;
  const [h, m] = time.split(':').map(Number) as [number, number];
  const at = DateTime.fromJSDate(ctx.now(), { zone }).plus({ days: 1 }).set({ hour: h, minute: m, second: 0, millisecond: 0 });
  const plannedFor = at.toUTC().toISO()!;
  const repo = skillsRepoFor(ctx.store);
  ctx.store.transaction(() => {
    const id = repo.addPlan(ctx.person.id, activity, plannedFor, ctx.nowIso());
    const checkAt = new Date(at.toMillis() + CHECK_AFTER_MS).toISOString();
    repo.scheduleCheck(ctx.person.id, id, checkAt, ctx.nowIso());
    repo.recordUse(ctx.person.id, 'activation', 'flow', ctx.nowIso());
    ctx.clearFlowState();
  });
  ctx.audit('skill.activation_planned');
  ctx.reply(ctx.t('activation.planned', { activity, when: at.setLocale(ctx.locale).toFormat('cccc HH:mm') }));
}

/** Choosing the activity and the time. */
export const activationFlow: Flow = {
  name: PLAN,
  onInput(ctx) {
    const state = ctx.flowState();
    if (!state || state.flow !== PLAN) return;
    const step = state.step;
    // After a crisis reply the words are not an activity or a time; the next message gets the question again.
    if (ctx.crisisHandled) return ctx.setFlowState(PLAN, step, { ...state.data, paused: true });
    if (state.data.paused) {
      ctx.setFlowState(PLAN, step, { ...state.data, paused: false });
      return step === 'activity' ? askActivity(ctx) : askTime(ctx);
    }
    const choice = ctx.event.kind === 'choice' ? (ctx.event.choice ?? '').split(':') : undefined;
    if (step === 'activity') {
      let activity: string | undefined;
      if (choice?.[1] === 'idea' && (IDEAS as readonly string[]).includes(choice[2] ?? '')) activity = ctx.t(`activation.idea.${choice[2]}`);
      else if (!choice && ctx.text) activity = clipText(ctx.text).slice(0, 200);
      if (!activity) return askActivity(ctx);
      ctx.setFlowState(PLAN, 'time', { activity });
      return askTime(ctx);
    }
    const activity = String(state.data.activity ?? '');
    const time = choice?.[1] === 'time' ? TIMES[choice[2] ?? ''] : parseTimeOfDay(ctx.text);
    if (!time) {
      ctx.reply(ctx.t('activation.expect_time'));
      return askTime(ctx);
    }
    plan(ctx, activity, time);
  },
};

/** What the scheduler sends for an activation delivery, and the flow state it opens (ref is the plan id). */
export function openActivationCheck(content: ContentLibrary, locale: string, planId: string): { message: OutboundMessage; state: Omit<FlowState, 'updatedAt'> } {
  const choices: Choice[] = ['yes', 'partly', 'no'].map((d) => ({ id: `ba:did:${d}`, label: content.text(`activation.did.${d}`, locale) }));
  return { message: { text: content.text('activation.check', locale), choices }, state: { flow: CHECK, step: 'did', data: { planId: Number(planId) } } };
}

const DID_WORDS: Record<string, 'yes' | 'partly' | 'no'> = { yes: 'yes', y: 'yes', si: 'yes', 'sí': 'yes', partly: 'partly', 'en parte': 'partly', no: 'no', 'not this time': 'no' };

/** The next day's check: did you get to it, and how was it 0-10. */
export const activationCheckFlow: Flow = {
  name: CHECK,
  choicePrefix: 'ba:did:',
  onInput(ctx) {
    const state = ctx.flowState();
    if (!state || state.flow !== CHECK) return ctx.replyQuietly(ctx.t('error.choice_expired'));
    if (ctx.crisisHandled) return ctx.setFlowState(CHECK, state.step, state.data);
    const repo = skillsRepoFor(ctx.store);
    const planId = Number(state.data.planId);
    const found = repo.plan(ctx.person.id, planId);
    if (!found) {
      ctx.clearFlowState();
      return ctx.reply(ctx.t('activation.gone'));
    }
    const choice = ctx.event.kind === 'choice' ? (ctx.event.choice ?? '').split(':') : undefined;
    if (state.step === 'did') {
      const did = choice?.[1] === 'did' ? DID_WORDS[choice[2] ?? ''] : DID_WORDS[ctx.text.toLowerCase()];
      if (!did) return ctx.reply(openActivationCheck(ctx.services.content, ctx.locale, String(planId)).message);
      if (did === 'no') {
        repo.checkPlan(ctx.person.id, planId, 'no', null, ctx.nowIso());
        ctx.clearFlowState();
        return ctx.reply({ text: ctx.t('activation.not_done'), choices: [{ id: 'sk:go:activation', label: ctx.t('activation.plan_again') }] });
      }
      ctx.setFlowState(CHECK, 'rating', { planId, did });
      const choices: Choice[] = [0, 2, 4, 6, 8, 10].map((v) => ({ id: `ba:did:rate:${v}`, label: String(v) }));
      return ctx.reply({ text: ctx.t('activation.ask_rating', { activity: found.activity }), choices });
    }
    const raw = choice?.[2] === 'rate' ? (choice[3] ?? '') : ctx.text;
    const rating = parseScore(raw, 0, 10);
    if (rating === undefined) return ctx.reply(ctx.t('activation.expect_rating'));
    repo.checkPlan(ctx.person.id, planId, state.data.did === 'partly' ? 'partly' : 'yes', rating, ctx.nowIso());
    ctx.clearFlowState();
    ctx.reply(ctx.t('activation.rated', { rating }));
  },
};
