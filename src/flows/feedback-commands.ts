import type { Context } from '../core/context.js';
import { BUTTON, FALSE_ALARM, FLOW, MISSED, WHO, WRONG_CATEGORY } from './feedback-parse.js';
import { CATEGORIES } from '../safety/screening/types.js';
import type { FeedbackLabel } from '../store/feedback-repo.js';
import type { Person } from '../store/people-repo.js';
import type { Command, Flow } from './router.js';

// Clinicians telling the screener where it was wrong: a case that was a false
// alarm or in the wrong category, and a message it missed. Each item keeps
// what the screener knew (rules, category, lexicon version, why) and the
// patient's words only where the clinic keeps words (not minimal-data mode)
// and only where a patient is named, so their deletion can reach them.
// Nothing here writes outside the database: a corpus line is a clinician's
// own rewrite (docs/SCREENING-FEEDBACK.md).

const categoryList = () => CATEGORIES.join(', ');

export function createFeedbackCommands(deps: { lexiconVersion: string }): { commands: Command[]; flows: Flow[] } {
  const keepWords = (ctx: Context) => !ctx.services.config.minimalData;

  function refuse(ctx: Context, action: string, caseId?: number): void {
    ctx.audit('feedback.refused', caseId === undefined ? undefined : { type: 'case', id: caseId }, { action });
    ctx.replyQuietly(ctx.t('error.not_allowed', { command: action }));
  }

  function onCase(ctx: Context, label: Exclude<FeedbackLabel, 'missed'>, caseId: number, correct?: string): void {
    const action = label.replace('_', ' ');
    if (!ctx.hasRole('clinician')) return refuse(ctx, action, caseId);
    const kase = ctx.store.cases.get(caseId);
    if (!kase) return ctx.replyQuietly(`There is no case #${caseId}.`);
    // Nobody closes the loop on their own crisis, and nobody calls it a false alarm either.
    if (kase.personId === ctx.person.id) {
      ctx.audit('feedback.refused', { type: 'case', id: caseId }, { action, reason: 'own_case' });
      return ctx.replyQuietly(`Case #${caseId} is about you, so another clinician needs to give feedback on it.`);
    }
    let correctCategory: string | null = null;
    if (label === 'wrong_category') {
      const c = (correct ?? '').trim().toLowerCase().replace(/[\s-]+/g, '_');
      if (!(CATEGORIES as readonly string[]).includes(c)) return ctx.replyQuietly(`Usage: wrong category ${caseId} <category>, one of: ${categoryList()}.`);
      if (c === kase.category) return ctx.replyQuietly(`Case #${caseId} is already ${c}: name the category it should have been.`);
      correctCategory = c;
    }
    const earlier = ctx.store.feedback.forCase(caseId).find((f) => f.clinicianId === ctx.person.id && f.label === label && f.correctCategory === correctCategory);
    if (earlier) return ctx.replyQuietly(`You already marked case #${caseId} as ${label === 'false_alarm' ? 'a false alarm' : `${correctCategory}`} (feedback #${earlier.id}).`);
    const id = ctx.store.feedback.add({
      at: ctx.nowIso(),
      clinicianId: ctx.person.id,
      label,
      caseId,
      personId: kase.personId,
      severity: kase.severity,
      category: kase.category,
      correctCategory,
      ruleIds: kase.ruleIds,
      lexiconVersion: kase.lexiconVersion,
      // as the card shows it: written without the words in minimal-data mode
      why: kase.why,
      words: keepWords(ctx) ? kase.excerpt : null,
    });
    ctx.audit(`feedback.${label}`, { type: 'case', id: caseId }, { feedback: id, ...(correctCategory ? { from: kase.category, to: correctCategory } : {}) });
    const open = kase.status === 'resolved' ? '' : ` The case stays ${kase.status}: resolve ${caseId} <note> closes it.`;
    ctx.replyQuietly(
      label === 'false_alarm'
        ? `Case #${caseId} marked as a false alarm (feedback #${id}).${open}`
        : `Case #${caseId} marked as ${correctCategory}, not ${kase.category} (feedback #${id}).${open}`,
    );
  }

  function missed(ctx: Context, rest: string): void {
    if (!ctx.hasRole('clinician')) return refuse(ctx, 'missed');
    let patient: Person | undefined;
    let words = rest.trim();
    const m = WHO.exec(words);
    if (m) {
      const ref = m[1]!;
      patient = ref.startsWith('#') ? ctx.store.people.get(Number(ref.slice(1))) : ctx.store.people.findByIdentity(ctx.event.platform, ref.slice(1));
      // A mistyped patient must not leave their words stored where their deletion cannot find them.
      if (!patient) return ctx.replyQuietly(`I don't know anyone called "${ref}". Use missed #<person id> <their message>, or leave the person out.`);
      words = m[2]!.trim();
    }
    const kept = keepWords(ctx) && patient !== undefined;
    const id = ctx.store.feedback.add({
      at: ctx.nowIso(),
      clinicianId: ctx.person.id,
      label: 'missed',
      personId: patient?.id ?? null,
      lexiconVersion: deps.lexiconVersion,
      words: kept ? words : null,
    });
    ctx.audit('feedback.missed', { type: 'feedback', id }, patient ? { person: patient.id } : undefined);
    const stored = kept
      ? `the message is kept with ${patient!.handle}'s data and goes if they delete it.`
      : keepWords(ctx)
        ? 'the message itself was not kept, because no patient was named (missed #<person> <text> keeps it with their data).'
        : 'the message itself was not kept (minimal-data mode).';
    ctx.replyQuietly(`Recorded as missed by the screener (feedback #${id}); ${stored} Nobody has been alerted: if someone is at risk, act on it now.`);
  }

  const commands: Command[] = [
    {
      name: 'false alarm',
      pattern: FALSE_ALARM,
      usage: 'false alarm <case>',
      summary: 'tell the screener a case was a false alarm',
      run: (ctx, [id]) => onCase(ctx, 'false_alarm', Number(id)),
    },
    {
      name: 'wrong category',
      pattern: WRONG_CATEGORY,
      usage: 'wrong category <case> <category>',
      summary: 'tell the screener a case was in the wrong category',
      run: (ctx, [id, category]) => onCase(ctx, 'wrong_category', Number(id), category ?? ''),
    },
    {
      name: 'missed',
      pattern: MISSED,
      usage: 'missed [#person] <text>',
      summary: 'a message the screener should have alerted on (opens no case)',
      roles: ['clinician'],
      // "missed my session" from a patient is ordinary chat, not a refused command.
      othersPassThrough: true,
      run: (ctx, [text]) => missed(ctx, text ?? ''),
    },
  ];

  /** Card buttons: feedback:false_alarm:N, feedback:wrong_category:N (a form with the category, or typed after). */
  const buttons: Flow = {
    name: FLOW,
    choicePrefix: 'feedback:',
    onInput(ctx) {
      if (ctx.event.kind === 'choice') {
        const m = BUTTON.exec(ctx.event.choice ?? '');
        if (!m) return;
        const caseId = Number(m[2]);
        if (m[1] === 'false_alarm') return onCase(ctx, 'false_alarm', caseId);
        const category = ctx.event.fields?.category;
        if (category !== undefined) return onCase(ctx, 'wrong_category', caseId, category);
        if (!ctx.hasRole('clinician')) return refuse(ctx, 'wrong category', caseId);
        // No modal on this platform: ask in chat.
        ctx.setFlowState(FLOW, 'wrong_category', { caseId });
        return ctx.replyQuietly(`Type the category case #${caseId} should have been: ${categoryList()} (or "cancel").`);
      }
      const state = ctx.flowState();
      if (!state) return;
      ctx.clearFlowState();
      if (/^cancel$/i.test(ctx.text.trim())) return ctx.replyQuietly('Cancelled.');
      onCase(ctx, 'wrong_category', Number(state.data.caseId), ctx.text);
    },
  };

  return { commands, flows: [buttons] };
}
