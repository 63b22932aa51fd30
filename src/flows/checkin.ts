import type { ContentLibrary } from '../content/types.js';
import type { Context } from '../core/context.js';
import type { Choice, OutboundMessage } from '../core/types.js';
import { clipText } from '../core/bot.js';
import type { FlowState } from '../store/state-repo.js';
import type { Flow } from './router.js';
import { parseScore } from './parse.js';

type Step = 'mood' | 'anxiety' | 'sleep' | 'note';
const SCALES: Record<Exclude<Step, 'note'>, { min: number; max: number }> = {
  mood: { min: 0, max: 10 },
  anxiety: { min: 0, max: 10 },
  sleep: { min: 1, max: 5 },
};

function scaleChoices(content: ContentLibrary, locale: string, step: Exclude<Step, 'note'>): Choice[] {
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

/** Where a check-in starts; `source` (command, home, scheduled) is kept with the answers' state. */
function initialState(source: string): Omit<FlowState, 'updatedAt'> {
  return { flow: 'checkin', step: 'mood', data: { source } };
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
 */
export function openCheckin(content: ContentLibrary, locale: string, source = 'scheduled'): { message: OutboundMessage; state: Omit<FlowState, 'updatedAt'> } {
  const first = question(content, locale, 'mood');
  return { message: { ...first, text: `${content.text('checkin.intro', locale)}\n\n${first.text}` }, state: initialState(source) };
}

const NEXT: Record<Step, Step | null> = { mood: 'anxiety', anxiety: 'sleep', sleep: 'note', note: null };

/** Mood, anxiety, sleep, an optional note: answers kept in SQLite step by step, so a restart resumes. */
export const checkinFlow: Flow = {
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
      data.note = /^skip$/i.test(raw) || raw === '' ? null : clipText(raw);
    } else {
      const { min, max } = SCALES[step];
      const n = parseScore(raw, min, max);
      if (n === undefined) {
        ctx.reply(ctx.t('checkin.expect_number', { min, max }));
        return ask(ctx, step);
      }
      data[step] = n;
    }
    const next = NEXT[step];
    if (next) {
      ctx.setFlowState('checkin', next, data);
      return ask(ctx, next);
    }
    const num = (v: unknown) => (typeof v === 'number' ? v : null);
    ctx.store.transaction(() => {
      ctx.store.records.recordCheckin(ctx.person.id, ctx.nowIso(), {
        mood: num(data.mood),
        anxiety: num(data.anxiety),
        sleep: num(data.sleep),
        note: typeof data.note === 'string' ? data.note : null,
      });
      ctx.clearFlowState();
    });
    ctx.reply(ctx.t('checkin.done', { mood: String(data.mood), anxiety: String(data.anxiety) }));
  },
};
