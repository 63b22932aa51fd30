import type { Context } from '../core/context';
import type { Choice } from '../core/types';
import { clipText } from '../core/bot';
import type { Flow } from './router';
import { parseScore } from './parse';

type Step = 'mood' | 'anxiety' | 'sleep' | 'note';
const SCALES: Record<Exclude<Step, 'note'>, { min: number; max: number }> = {
  mood: { min: 0, max: 10 },
  anxiety: { min: 0, max: 10 },
  sleep: { min: 1, max: 5 },
};

function scaleChoices(ctx: Context, step: Exclude<Step, 'note'>): Choice[] {
  const { min, max } = SCALES[step];
  const choices: Choice[] = [];
  for (let v = min; v <= max; v++) {
    const key = `checkin.${step}_label.${v}`;
    const label = ctx.services.content.hasText(key) ? ctx.t(key) : String(v);
    choices.push({ id: `checkin:${step}:${v}`, label });
  }
  return choices;
}

function ask(ctx: Context, step: Step): void {
  if (step === 'note') {
    ctx.reply({ text: ctx.t('checkin.ask_note'), choices: [{ id: 'checkin:note:skip', label: ctx.t('checkin.skip') }] });
    return;
  }
  ctx.reply({ text: ctx.t(`checkin.ask_${step}`), choices: scaleChoices(ctx, step) });
}

export function startCheckin(ctx: Context, source = 'command'): void {
  if (ctx.person.consent !== 'granted') {
    ctx.reply(ctx.t('consent.needed'));
    return;
  }
  ctx.setFlowState('checkin', 'mood', { source });
  ctx.reply(ctx.t('checkin.intro'));
  ask(ctx, 'mood');
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
    if (/^(cancel|quit|exit|leave)$/i.test(raw)) {
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
