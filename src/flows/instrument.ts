import { clinicianEtaFor } from '../config.js';
import type { ContentLibrary, Instrument } from '../content/types.js';
import type { Context } from '../core/context.js';
import type { OutboundMessage } from '../core/types.js';
import { escalateAndReply, raiseOrQueue, type RespondOptions } from '../safety/respond.js';
import { severityRank } from '../safety/escalation.js';
import type { Severity } from '../safety/screening/types.js';
import { SEVERITIES } from '../safety/screening/types.js';
import type { ScheduleRepo } from '../store/schedule-repo.js';
import type { FlowState } from '../store/state-repo.js';
import { hoursSinceDose } from './dosing-day.js';
import { hoursFact, instrumentName, itemFact, joinFacts, totalFact } from './instrument-facts.js';
import { keepWordsTypedToNumber } from './numeric-words.js';
import type { Command, Flow } from './router.js';

interface InstrumentState {
  id: string;
  index: number;
  answers: Record<string, number>;
  /** Rules already escalated when it stopped at a red flag (a resumed questionnaire). */
  flagged?: string[];
}

type ItemFlag = Instrument['itemFlags'][number];

/**
 * Answers that cannot wait for the rest of the questionnaire: a medical
 * emergency (chest pain, fainting), use outside the prescription, thoughts of
 * self-harm. They stop it there and get the crisis reply at once.
 */
const RED_FLAG_CATEGORIES: ReadonlySet<string> = new Set(['medical_emergency', 'misuse', 'suicidal_ideation', 'self_harm', 'plan_intent_means']);
/** A questionnaire paused longer than this is no longer about the same days: it starts afresh. */
const RESUME_HOURS = 72;

export function isRedFlag(flag: Pick<ItemFlag, 'category' | 'severity'>): boolean {
  return RED_FLAG_CATEGORIES.has(flag.category) || flag.severity === 'imminent';
}

/** The stored state when item `index` is the open question. */
function stateAt(id: string, index: number, answers: Record<string, number>, flagged: string[] = []): Omit<FlowState, 'updatedAt'> {
  const data: InstrumentState = { id, index, answers, ...(flagged.length ? { flagged } : {}) };
  return { flow: 'instrument', step: String(index), data: { ...data } };
}

/** One questionnaire item with its answers as buttons. */
function instrumentQuestion(content: ContentLibrary, locale: string, instrumentId: string, index: number, withIntro = false): OutboundMessage | undefined {
  const inst = content.instrument(instrumentId, locale);
  const item = inst?.items[index];
  if (!inst || !item) return undefined;
  const question = `(${index + 1}/${inst.items.length}) ${item.text}`;
  return {
    text: withIntro ? `${inst.title}\n${inst.intro}\n\n${question}` : question,
    choices: item.options.map((o) => ({ id: `instr:${inst.id}:${index}:${o.value}`, label: o.label })),
  };
}

/**
 * A questionnaire started by the scheduler: its title, intro and first item
 * in one message, and the state to store as it is queued so the first button
 * press lands in this flow. Undefined when the instrument is not in prompts/.
 */
export function startInstrument(content: ContentLibrary, locale: string, instrumentId: string): { message: OutboundMessage; state: Omit<FlowState, 'updatedAt'> } | undefined {
  const message = instrumentQuestion(content, locale, instrumentId, 0, true);
  return message && { message, state: stateAt(instrumentId, 0, {}) };
}

const ruleId = (inst: Instrument, f: ItemFlag) => `${inst.id}:${f.itemId}>=${f.atLeast}`;
const bySeverity = (a: { severity: string }, b: { severity: string }) => severityRank(a.severity) - severityRank(b.severity);
const asSeverity = (s: string): Severity | undefined => ((SEVERITIES as readonly string[]).includes(s) ? (s as Severity) : undefined);

/** Facts for a side-effect alert: how long after the dose. */
function doseFact(ctx: Context, repo: ScheduleRepo, category: string): string | undefined {
  if (category !== 'side_effect' && category !== 'medical_emergency' && category !== 'misuse') return undefined;
  return hoursFact(hoursSinceDose(repo, ctx.person.id, ctx.now()));
}

/**
 * A red flag mid-questionnaire: the answers so far are kept (the rest can be
 * finished later with "continue"), the crisis reply for its category goes at
 * once, and the case names the item and the answer.
 */
function stopAtRedFlag(ctx: Context, respond: RespondOptions, repo: ScheduleRepo, inst: Instrument, index: number, answers: Record<string, number>, met: ItemFlag[], before: string[]): void {
  const worst = [...met].sort(bySeverity)[0]!;
  const severity = asSeverity(worst.severity) ?? 'high';
  const item = inst.items[index]!;
  const ruleIds = met.map((f) => ruleId(inst, f));
  ctx.store.transaction(() => {
    repo.pauseInstrument(ctx.person.id, { instrument: inst.id, at: ctx.nowIso(), nextIndex: index + 1, answers, flagged: [...before, ...ruleIds] });
    ctx.clearFlowState();
  });
  ctx.audit('instrument.stopped_red_flag', { type: 'person', id: ctx.person.id }, { instrument: inst.id, item: item.id, rules: ruleIds });
  const facts = joinFacts([
    itemFact(inst, item.id, answers[item.id]!),
    doseFact(ctx, repo, worst.category),
    `stopped at item ${index + 1} of ${inst.items.length}; the total and band follow if it is finished`,
  ]);
  escalateAndReply(ctx, { severity, category: worst.category, source: 'instrument', ruleIds, excerpt: facts }, respond);
  // Crisis priority so it is not dropped after the crisis reply, and follows it.
  ctx.reply(ctx.t('instrument.paused'), { priority: 'crisis', purpose: 'instrument_paused' });
}

function complete(ctx: Context, respond: RespondOptions, repo: ScheduleRepo, inst: Instrument, answers: Record<string, number>, before: string[]): void {
  const score = Object.values(answers).reduce((a, b) => a + b, 0);
  const band = inst.bands.find((b) => score >= b.min && score <= b.max);
  const previous = repo.lastInstrumentResult(ctx.person.id, inst.id);
  // Rules already escalated when it stopped at a red flag are not raised twice.
  const met = inst.itemFlags.filter((f) => (answers[f.itemId] ?? -1) >= f.atLeast && !before.includes(ruleId(inst, f))).sort(bySeverity);
  ctx.store.transaction(() => {
    repo.recordInstrument(ctx.person.id, inst.id, ctx.nowIso(), score, band?.label ?? null, answers);
    repo.dropPausedInstrument(ctx.person.id);
    ctx.clearFlowState();
  });
  ctx.audit('instrument.completed', { type: 'person', id: ctx.person.id }, { instrument: inst.id, score, band: band?.label ?? null });

  const worst = met.find((f) => asSeverity(f.severity));
  const category = worst?.category ?? (band?.flag ? (band.category ?? `${inst.id}_${band.label.replace(/\W+/g, '_')}`) : undefined);
  const total = totalFact(score, band, previous, ctx.person.timezone);
  // Each item that triggered a rule, most severe first, once per item.
  const items = [...new Set(met.map((f) => f.itemId))].map((id) => itemFact(inst, id, answers[id]!));
  const facts = joinFacts([`${instrumentName(inst)} completed: ${total}`, ...items, category ? doseFact(ctx, repo, category) : undefined]);
  const raise = (severity: Severity, cat: string, ruleIds: string[]) =>
    raiseOrQueue({ person: ctx.person, platform: ctx.event.platform, severity, category: cat, source: 'instrument', ruleIds, excerpt: facts }, respond, ctx.event.id);

  if (worst) {
    const severity = asSeverity(worst.severity)!;
    const ruleIds = met.map((f) => ruleId(inst, f));
    if (isRedFlag(worst)) {
      // The same response as a risky message: the case, and at once what to do now.
      escalateAndReply(ctx, { severity, category: worst.category, source: 'instrument', ruleIds, excerpt: facts }, respond);
      return;
    }
    raise(severity, worst.category, ruleIds);
    return ctx.reply(ctx.t('instrument.flagged', { eta: clinicianEtaFor(ctx.services.config, ctx.locale, () => ctx.t('crisis.eta_default')) }));
  }
  if (band?.flag && category) {
    raise('moderate', category, [`${inst.id}:band:${band.label}`]);
    return ctx.reply(ctx.t('instrument.flagged', { eta: clinicianEtaFor(ctx.services.config, ctx.locale, () => ctx.t('crisis.eta_default')) }));
  }
  if (before.length) {
    // Finished after a red flag: the care team gets the total and band with the case (review: it never pages again).
    const earlier = inst.itemFlags.find((f) => before.includes(ruleId(inst, f)));
    raise('review', earlier?.category ?? 'medical_emergency', before);
  }
  ctx.reply(ctx.t('instrument.done'));
}

/**
 * PHQ-9, GAD-7 and the side-effect check, one item per message with the
 * instrument's own answers as buttons; answers kept in SQLite step by step.
 * Scored with the bands in prompts/. A red-flag answer stops it at once
 * (see stopAtRedFlag); other item rules and flagged bands open a case with
 * the facts when it is complete.
 */
export function createInstrumentFlow(respond: RespondOptions, repo: ScheduleRepo): Flow {
  return {
    name: 'instrument',
    choicePrefix: 'instr:',
    onInput(ctx) {
      const raw = ctx.flowState();
      if (!raw || raw.flow !== 'instrument') return ctx.reply(ctx.t('instrument.closed'));
      const state = raw.data as unknown as InstrumentState;
      const inst = ctx.services.content.instrument(state.id, ctx.locale);
      if (!inst) {
        ctx.clearFlowState();
        return ctx.reply(ctx.t('instrument.closed'));
      }
      const item = inst.items[state.index]!;
      const ask = () => ctx.reply(instrumentQuestion(ctx.services.content, ctx.locale, inst.id, state.index)!);
      let value: number | undefined;
      if (ctx.event.kind === 'choice') {
        const [, id, index, v] = (ctx.event.choice ?? '').split(':');
        // A button from an earlier question or questionnaire: show the open one again.
        if (id !== inst.id || Number(index) !== state.index) return ask();
        value = Number(v);
      } else {
        // "cancel" and "stop" never get here: they are commands, and commands run before the active flow.
        if (/^(quit|exit)$/i.test(ctx.text)) {
          ctx.clearFlowState();
          return ctx.reply(ctx.t('instrument.cancelled'));
        }
        const byNumber = /^\d{1,2}$/.test(ctx.text) ? Number(ctx.text) : undefined;
        const byLabel = item.options.find((o) => o.label.toLowerCase() === ctx.text.toLowerCase())?.value;
        value = byNumber ?? byLabel;
      }
      const values = item.options.map((o) => o.value);
      if (value === undefined || !values.includes(value)) {
        keepWordsTypedToNumber(ctx);
        ctx.reply(ctx.t('instrument.expect', { min: Math.min(...values), max: Math.max(...values) }));
        return ask();
      }
      const answers = { ...state.answers, [item.id]: value };
      const before = state.flagged ?? [];
      const last = state.index + 1 >= inst.items.length;
      const red = inst.itemFlags.filter((f) => f.itemId === item.id && value >= f.atLeast && isRedFlag(f));
      // On the last item the questionnaire is complete anyway: one alert with the item, total and band.
      if (red.length && !last) return stopAtRedFlag(ctx, respond, repo, inst, state.index, answers, red, before);
      if (!last) {
        const next = stateAt(inst.id, state.index + 1, answers, before);
        ctx.setFlowState(next.flow, next.step, next.data);
        return ctx.reply(instrumentQuestion(ctx.services.content, ctx.locale, inst.id, state.index + 1)!);
      }
      complete(ctx, respond, repo, inst, answers, before);
    },
  };
}

/** `continue`: finish a questionnaire that stopped at a red flag, from the next item. */
export function createInstrumentCommands(repo: ScheduleRepo): Command[] {
  return [
    {
      name: 'continue',
      pattern: /^(?:continue|continuar)(?: (?:questionnaire|cuestionario))?$/i,
      usage: 'continue',
      summary: 'help.continue',
      run(ctx) {
        const paused = repo.pausedInstrument(ctx.person.id);
        const fresh = paused && ctx.now().getTime() - new Date(paused.at).getTime() < RESUME_HOURS * 3_600_000;
        const inst = paused && ctx.services.content.instrument(paused.instrument, ctx.locale);
        if (!paused || !fresh || !inst || paused.nextIndex >= inst.items.length) {
          if (paused) repo.dropPausedInstrument(ctx.person.id);
          return ctx.reply(ctx.t('instrument.nothing_to_continue'));
        }
        const next = stateAt(inst.id, paused.nextIndex, paused.answers, paused.flagged);
        ctx.setFlowState(next.flow, next.step, next.data);
        ctx.reply(ctx.t('instrument.continuing', { title: inst.title }));
        ctx.reply(instrumentQuestion(ctx.services.content, ctx.locale, inst.id, paused.nextIndex)!);
      },
    },
  ];
}
