// A CBT thought record as a conversation of short steps. Each answer is kept
// in the flow state as it comes (a restart resumes at the same step); every
// step can be skipped; the whole record is saved as one readable journal
// entry, and the change in the feeling's strength as a figure.
import type { Context } from '../../core/context.js';
import type { Choice, OutboundMessage } from '../../core/types.js';
import { clipText } from '../../core/bot.js';
import { parseScore } from '../parse.js';
import type { Flow } from '../router.js';
import { skillsRepoFor } from './repo.js';
import { isDone, isSkip } from './words.js';

export const TR_STEPS = ['situation', 'feeling', 'before', 'thought', 'traps', 'for', 'against', 'balanced', 'after'] as const;
type Step = (typeof TR_STEPS)[number];
export const TRAPS = ['all_or_nothing', 'mind_reading', 'catastrophising', 'should', 'labelling', 'discounting', 'emotional_reasoning', 'fortune_telling'] as const;
const SCORE_STEPS: Step[] = ['before', 'after'];
const FLOW = 'thought_record';

function skipChoice(ctx: Context, step: Step): Choice {
  return { id: `tr:${step}:skip`, label: ctx.t('skills.skip') };
}

function question(ctx: Context, step: Step, data: Record<string, unknown>): OutboundMessage {
  const n = TR_STEPS.indexOf(step) + 1;
  const head = ctx.t('thought.step', { n, total: TR_STEPS.length });
  if (SCORE_STEPS.includes(step)) {
    const choices: Choice[] = [0, 20, 40, 60, 80, 100].map((v) => ({ id: `tr:${step}:${v}`, label: String(v) }));
    const feeling = typeof data.feeling === 'string' ? data.feeling : ctx.t('thought.the_feeling');
    return { text: `${head} ${ctx.t(`thought.ask_${step}`, { feeling })}`, choices: [...choices, skipChoice(ctx, step)] };
  }
  if (step === 'traps') {
    const chosen = Array.isArray(data.traps) ? (data.traps as string[]) : [];
    const list = TRAPS.map((t, i) => `${i + 1}. ${ctx.t(`thought.trap.${t}.name`)}${chosen.includes(t) ? ' ✓' : ''} — ${ctx.t(`thought.trap.${t}.example`)}`);
    const choices: Choice[] = TRAPS.filter((t) => !chosen.includes(t)).map((t) => ({ id: `tr:traps:${t}`, label: ctx.t(`thought.trap.${t}.name`) }));
    choices.push({ id: 'tr:traps:done', label: ctx.t(chosen.length ? 'thought.traps_done' : 'skills.skip') });
    return { text: `${head} ${ctx.t('thought.ask_traps')}\n${list.join('\n')}`, choices };
  }
  return { text: `${head} ${ctx.t(`thought.ask_${step}`)}`, choices: [skipChoice(ctx, step)] };
}

function ask(ctx: Context, step: Step, data: Record<string, unknown>): void {
  ctx.reply(question(ctx, step, data));
}

export function startThoughtRecord(ctx: Context): void {
  if (ctx.person.consent !== 'granted') return ctx.reply(ctx.t('consent.needed'));
  const state = ctx.flowState();
  // Asking again mid-record picks up where it was, not from the start.
  if (state?.flow === FLOW) {
    ctx.reply(ctx.t('thought.resuming'));
    return ask(ctx, state.step as Step, state.data);
  }
  ctx.setFlowState(FLOW, 'situation', {});
  ctx.reply(ctx.t('thought.intro'));
  ask(ctx, 'situation', {});
}

/** Typed trap numbers ("2, 5") as trap ids. */
function parseTraps(text: string): string[] | undefined {
  const nums = text.split(/[\s,;y&]+/).filter(Boolean);
  if (nums.length === 0 || !nums.every((n) => /^\d$/.test(n))) return undefined;
  const ids = nums.map((n) => TRAPS[Number(n) - 1]);
  return ids.every((t) => t !== undefined) ? (ids as string[]) : undefined;
}

function entryText(ctx: Context, d: Record<string, unknown>): string | undefined {
  const s = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  const num = (k: string) => (typeof d[k] === 'number' ? String(d[k]) : '–');
  const lines: string[] = [];
  const add = (label: string, value: string | undefined) => value && lines.push(`${ctx.t(label)}: ${value}`);
  add('thought.label.situation', s('situation'));
  if (s('feeling') || typeof d.before === 'number' || typeof d.after === 'number') {
    lines.push(`${ctx.t('thought.label.feeling')}: ${s('feeling') ?? ctx.t('thought.the_feeling')} (${num('before')} → ${num('after')})`);
  }
  add('thought.label.thought', s('thought'));
  const traps = Array.isArray(d.traps) ? (d.traps as string[]) : [];
  if (traps.length) add('thought.label.traps', traps.map((t) => ctx.t(`thought.trap.${t}.name`)).join(', '));
  add('thought.label.for', s('for'));
  add('thought.label.against', s('against'));
  add('thought.label.balanced', s('balanced'));
  if (lines.length === 0) return undefined;
  return `${ctx.t('thought.entry_title')}\n${lines.join('\n')}`;
}

function finish(ctx: Context, data: Record<string, unknown>): void {
  const text = entryText(ctx, data);
  const before = typeof data.before === 'number' ? data.before : null;
  const after = typeof data.after === 'number' ? data.after : null;
  const traps = Array.isArray(data.traps) ? (data.traps as string[]) : [];
  ctx.store.transaction(() => {
    if (text) {
      ctx.store.records.addJournalEntry(ctx.person.id, ctx.nowIso(), clipText(text));
      skillsRepoFor(ctx.store).addThoughtRecord(ctx.person.id, ctx.nowIso(), { before, after, traps });
      skillsRepoFor(ctx.store).recordUse(ctx.person.id, 'thought-record', 'flow', ctx.nowIso());
    }
    ctx.clearFlowState();
  });
  if (!text) return ctx.reply(ctx.t('thought.nothing_saved'));
  ctx.audit('skill.thought_record_saved', undefined, { before, after, traps: traps.length });
  const change = before !== null && after !== null ? ctx.t('thought.change', { before, after }) : '';
  ctx.reply(`${ctx.t('thought.saved')}${change ? `\n${change}` : ''}`);
}

export const thoughtRecordFlow: Flow = {
  name: FLOW,
  choicePrefix: 'tr:',
  onInput(ctx) {
    const state = ctx.flowState();
    if (!state || state.flow !== FLOW) return ctx.reply(ctx.t('thought.closed'));
    const step = state.step as Step;
    const data = { ...state.data };
    // A crisis reply was the answer to this message: the words are not a step's answer, and the record waits.
    if (ctx.crisisHandled) return ctx.setFlowState(FLOW, step, { ...data, paused: true });
    if (data.paused) {
      delete data.paused;
      ctx.setFlowState(FLOW, step, data);
      ctx.reply(ctx.t('thought.after_pause'));
      return ask(ctx, step, data);
    }
    let raw = ctx.text;
    if (ctx.event.kind === 'choice') {
      const [, choiceStep, value] = (ctx.event.choice ?? '').split(':');
      if (choiceStep !== step) return ask(ctx, step, data);
      raw = value ?? '';
    }
    const skipped = raw === 'skip' || isSkip(raw);
    if (step === 'traps') {
      const chosen = Array.isArray(data.traps) ? (data.traps as string[]) : [];
      if (ctx.event.kind === 'choice' && (TRAPS as readonly string[]).includes(raw)) {
        // A pressed trap is ticked; the list comes back for another or "done".
        data.traps = [...new Set([...chosen, raw])];
        ctx.setFlowState(FLOW, step, data);
        return ask(ctx, step, data);
      }
      if (!skipped && raw !== 'done' && !isDone(raw)) {
        const typed = parseTraps(raw);
        if (!typed) {
          ctx.reply(ctx.t('thought.expect_traps', { max: TRAPS.length }));
          return ask(ctx, step, data);
        }
        data.traps = [...new Set([...chosen, ...typed])];
      }
    } else if (SCORE_STEPS.includes(step)) {
      if (!skipped) {
        const n = parseScore(raw, 0, 100);
        if (n === undefined) {
          ctx.reply(ctx.t('thought.expect_number'));
          return ask(ctx, step, data);
        }
        data[step] = n;
      }
    } else if (!skipped) {
      data[step] = clipText(raw);
    }
    const next = TR_STEPS[TR_STEPS.indexOf(step) + 1];
    if (!next) return finish(ctx, data);
    ctx.setFlowState(FLOW, next, data);
    ask(ctx, next, data);
  },
};
