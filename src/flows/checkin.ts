import type { ContentLibrary } from '../content/types.js';
import type { Context } from '../core/context.js';
import type { Choice, OutboundMessage } from '../core/types.js';
import { clipText } from '../core/bot.js';
import { escalateAndReply, type RespondOptions } from '../safety/respond.js';
import type { ScheduleRepo } from '../store/schedule-repo.js';
import type { FlowState } from '../store/state-repo.js';
import { checkReviewThreshold, noticeExtremes } from './checkin-notice.js';
import type { Flow } from './router.js';
import { keepWordsTypedToNumber } from './numeric-words.js';
import { parseScore } from './parse.js';
import { offerAfterCheckin } from './offers.js';

type Step = 'mood' | 'anxiety' | 'sleep' | 'thoughts' | 'note';
type Scored = Exclude<Step, 'note'>;
const SCALES: Record<Scored, { min: number; max: number }> = {
  mood: { min: 0, max: 10 },
  anxiety: { min: 0, max: 10 },
  sleep: { min: 1, max: 5 },
  thoughts: { min: 0, max: 3 },
};
/** A check-in variant a sequence step may ask for (`ref`): `thoughts` adds the suicidal-thoughts question. */
export const CHECKIN_VARIANTS = ['thoughts'] as const;

function scaleChoices(content: ContentLibrary, locale: string, step: Scored): Choice[] {
  const { min, max } = SCALES[step];
  const choices: Choice[] = [];
  for (let v = min; v <= max; v++) {
    const key = `checkin.${step}_label.${v}`;
    const label = content.hasText(key) ? content.text(key, locale) : String(v);
    choices.push({ id: `checkin:${step}:${v}`, label });
  }
  return choices;
}

/** One question with its buttons. */
function question(content: ContentLibrary, locale: string, step: Step): OutboundMessage {
  if (step === 'note') return { text: content.text('checkin.ask_note', locale), choices: [{ id: 'checkin:note:skip', label: content.text('checkin.skip', locale) }] };
  return { text: content.text(`checkin.ask_${step}`, locale), choices: scaleChoices(content, locale, step) };
}

function ask(ctx: Context, step: Step): void {
  ctx.reply(question(ctx.services.content, ctx.locale, step));
}

/** Where a check-in starts; `source` (command, home, scheduled) and the variant are kept with the answers' state. */
function initialState(source: string, variant?: string | null): Omit<FlowState, 'updatedAt'> {
  return { flow: 'checkin', step: 'mood', data: { source, ...(variant === 'thoughts' ? { askThoughts: true } : {}) } };
}

export function startCheckin(ctx: Context, source = 'command'): void {
  if (ctx.person.consent !== 'granted') {
    ctx.reply(ctx.t('consent.needed'));
    return;
  }
  const { flow, step, data } = initialState(source);
  ctx.setFlowState(flow, step, data);
  ctx.reply(ctx.t('checkin.intro'));
  ask(ctx, 'mood');
}

/**
 * A check-in started by the scheduler, with no one's message to answer: the
 * intro and the first question in one message (a prompt arriving on its own
 * reads better as one), and the state to store as it is queued so the first
 * button press lands in this flow. The message depends only on the locale.
 * `variant` is the sequence step's ref (`thoughts`: the day-2 check-in).
 */
export function openCheckin(content: ContentLibrary, locale: string, source = 'scheduled', variant?: string | null): { message: OutboundMessage; state: Omit<FlowState, 'updatedAt'> } {
  const first = question(content, locale, 'mood');
  return { message: { ...first, text: `${content.text('checkin.intro', locale)}\n\n${first.text}` }, state: initialState(source, variant) };
}

function nextStep(step: Step, data: Record<string, unknown>): Step | null {
  if (step === 'mood') return 'anxiety';
  if (step === 'anxiety') return 'sleep';
  if (step === 'sleep') return data.askThoughts === true ? 'thoughts' : 'note';
  if (step === 'thoughts') return 'note';
  return null;
}

const num = (v: unknown) => (typeof v === 'number' ? v : null);

/** Mood, anxiety, sleep, (on day 2) thoughts of self-harm, an optional note: answers kept in SQLite step by step, so a restart resumes. */
export function createCheckinFlow(respond: RespondOptions, repo: ScheduleRepo): Flow {
  function save(ctx: Context, data: Record<string, unknown>): void {
    ctx.store.transaction(() => {
      ctx.store.records.recordCheckin(ctx.person.id, ctx.nowIso(), {
        mood: num(data.mood),
        anxiety: num(data.anxiety),
        sleep: num(data.sleep),
        note: typeof data.note === 'string' ? data.note : null,
      });
      ctx.clearFlowState();
    });
  }
  return {
    name: 'checkin',
    choicePrefix: 'checkin:',
    onInput(ctx) {
      const state = ctx.flowState();
      if (!state || state.flow !== 'checkin') return ctx.reply(ctx.t('checkin.closed'));
      const step = state.step as Step;
      let raw = ctx.text;
      if (ctx.event.kind === 'choice') {
        const [, choiceStep, value] = (ctx.event.choice ?? '').split(':');
        // A button from an earlier question: say which question is open now.
        if (choiceStep !== step) return ask(ctx, step);
        raw = value ?? '';
      }
      // "cancel" and "stop" never get here: they are commands, and commands run before the active flow.
      if (/^(quit|exit|leave)$/i.test(raw)) {
        ctx.clearFlowState();
        return ctx.reply(ctx.t('checkin.cancelled'));
      }
      const data = { ...state.data };
      if (step === 'note') {
        data.note = /^(?:skip|omitir)$/i.test(raw) || raw === '' ? null : clipText(raw);
      } else {
        const { min, max } = SCALES[step];
        const n = parseScore(raw, min, max);
        if (n === undefined) {
          keepWordsTypedToNumber(ctx);
          ctx.reply(ctx.t('checkin.expect_number', { min, max }));
          return ask(ctx, step);
        }
        data[step] = n;
      }
      const scores = { mood: num(data.mood), anxiety: num(data.anxiety), sleep: num(data.sleep) };
      if (step === 'thoughts' && (data.thoughts as number) > 0) {
        // Like PHQ-9 item 9: any thoughts of self-harm reach a clinician the same day, and the patient hears at once what to do now.
        save(ctx, data);
        const label = ctx.services.content.text(`checkin.thoughts_label.${String(data.thoughts)}`, 'en');
        const facts = `Day-2 check-in: thoughts of ending their life or of self-harm since the session = ${String(data.thoughts)} “${label}” · mood ${scores.mood ?? '–'}, anxiety ${scores.anxiety ?? '–'}, sleep ${scores.sleep ?? '–'}`;
        escalateAndReply(ctx, { severity: 'high', category: 'suicidal_ideation', source: 'instrument', ruleIds: ['checkin:thoughts>=1'], excerpt: facts }, respond);
        return;
      }
      const next = nextStep(step, data);
      if (next) {
        ctx.setFlowState('checkin', next, data);
        return ask(ctx, next);
      }
      save(ctx, data);
      ctx.reply(ctx.t('checkin.done', { mood: String(data.mood), anxiety: String(data.anxiety) }));
      // One offer per moment: an extreme answer gets the notice's own offer (a person, the
      // safety plan, a calming exercise); a low one that is not extreme may get a skill.
      if (!noticeExtremes(ctx, repo, scores)) offerAfterCheckin(ctx, data);
      checkReviewThreshold(ctx, respond, repo, scores);
    },
  };
}
