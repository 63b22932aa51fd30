import type { ContentLibrary } from '../content/types.js';
import type { OutboundMessage } from '../core/types.js';
import { escalateAndReply, raiseOrQueue, type RespondOptions } from '../safety/respond.js';
import { severityRank } from '../safety/escalation.js';
import type { Severity } from '../safety/screening/types.js';
import { SEVERITIES } from '../safety/screening/types.js';
import type { ScheduleRepo } from '../store/schedule-repo.js';
import type { FlowState } from '../store/state-repo.js';
import type { Flow } from './router.js';

interface InstrumentState {
  id: string;
  index: number;
  answers: Record<string, number>;
}

/** The stored state when item `index` is the open question. */
function stateAt(id: string, index: number, answers: Record<string, number>): Omit<FlowState, 'updatedAt'> {
  const data: InstrumentState = { id, index, answers };
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

/**
 * PHQ-9, GAD-7 and the side-effect check, one item per message with the
 * instrument's own answers as buttons; answers kept in SQLite step by step.
 * Scored with the bands in prompts/; item rules (PHQ-9 item 9 above 0, a
 * side effect at or over its threshold) open a case for clinicians.
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
        ctx.reply(ctx.t('instrument.expect', { min: Math.min(...values), max: Math.max(...values) }));
        return ask();
      }
      const answers = { ...state.answers, [item.id]: value };
      if (state.index + 1 < inst.items.length) {
        const next = stateAt(inst.id, state.index + 1, answers);
        ctx.setFlowState(next.flow, next.step, next.data);
        return ctx.reply(instrumentQuestion(ctx.services.content, ctx.locale, inst.id, state.index + 1)!);
      }

      const score = Object.values(answers).reduce((a, b) => a + b, 0);
      const band = inst.bands.find((b) => score >= b.min && score <= b.max);
      const met = inst.itemFlags.filter((f) => (answers[f.itemId] ?? -1) >= f.atLeast);
      const worst = met.sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0];
      ctx.store.transaction(() => {
        repo.recordInstrument(ctx.person.id, inst.id, ctx.nowIso(), score, band?.label ?? null, answers);
        ctx.clearFlowState();
      });
      ctx.audit('instrument.completed', { type: 'person', id: ctx.person.id }, { instrument: inst.id, score, band: band?.label ?? null });

      const severity = (worst && (SEVERITIES as readonly string[]).includes(worst.severity) ? worst.severity : undefined) as Severity | undefined;
      if (worst && severity) {
        const ruleIds = met.map((f) => `${inst.id}:${f.itemId}>=${f.atLeast}`);
        if (worst.category === 'suicidal_ideation' || severity === 'imminent') {
          // The same response as a risky message: the case, and at once what to do now.
          escalateAndReply(ctx, { severity, category: worst.category, source: 'instrument', ruleIds }, respond);
          return;
        }
        raiseOrQueue({ person: ctx.person, platform: ctx.event.platform, severity, category: worst.category, source: 'instrument', ruleIds }, respond, ctx.event.id);
        return ctx.reply(ctx.t('instrument.flagged', { eta: ctx.services.config.clinicianEta }));
      }
      if (band?.flag) {
        raiseOrQueue(
          {
            person: ctx.person,
            platform: ctx.event.platform,
            severity: 'moderate',
            category: `${inst.id}_${band.label.replace(/\W+/g, '_')}`,
            source: 'instrument',
            ruleIds: [`${inst.id}:band:${band.label}`],
          },
          respond,
          ctx.event.id,
        );
        return ctx.reply(ctx.t('instrument.flagged', { eta: ctx.services.config.clinicianEta }));
      }
      ctx.reply(ctx.t('instrument.done'));
    },
  };
}
