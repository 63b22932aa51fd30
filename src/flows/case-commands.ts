import type { Context } from '../core/context.js';
import { CodedError } from '../core/errors.js';
import type { Role } from '../core/types.js';
import type { Escalation } from '../safety/escalation.js';
import { casesReport } from '../safety/reports.js';
import { feedbackCaseActedOn } from './feedback-parse.js';
import { FLOW_EXPIRY_MS, type Command, type Flow } from './router.js';

// What clinicians do to a case, typed or pressed: list, acknowledge, note,
// resolve, raise. Every action is role-checked, refused on one's own case,
// and audited by the escalation it calls.

const CASE_ACTIONS = ['ack', 'note', 'resolve', 'raise'] as const;
const ACK = /^(?:ack|acknowledge) #?(\d{1,9})$/i;
// The text may follow on the next line or after a colon: "note 12: called her".
const NOTE = /^note #?(\d{1,9})(?:[\s:,.-]+([\s\S]*))?$/i;
const RESOLVE = /^resolve #?(\d{1,9})(?:[\s:,.-]+([\s\S]*))?$/i;
const RAISE_TO = ['imminent', 'high', 'moderate'] as const;
const RAISE = /^raise #?(\d{1,9})(?:[\s:,.-]+([\s\S]*))?$/i;
const BUTTON = /^case:(ack|note|resolve|raise):(\d{1,9})$/;

/**
 * The case a clinician is acting on with this event, if any: a button, a
 * typed command (feedback too: false alarm, wrong category), or the text
 * typed after pressing "Add note" where there is no modal — only when the router will take it as that note (not a command,
 * and not after the flow has expired). The safety layer asks, so that a
 * clinician's case note ("she said she wants to die") is not screened as
 * their own risk, while anything else they write still is.
 */
export function caseActedOn(ctx: Context, isCommand: (text: string) => boolean): number | undefined {
  // False alarm and wrong category: the words after them (a category) are no more the clinician's risk than a note.
  const feedback = feedbackCaseActedOn(ctx, isCommand);
  if (feedback !== undefined) return feedback;
  if (ctx.event.kind === 'choice') {
    const m = BUTTON.exec(ctx.event.choice ?? '');
    return m ? Number(m[2]) : undefined;
  }
  const text = ctx.text.replace(/[ \t]+/g, ' ');
  const m = ACK.exec(text) ?? NOTE.exec(text) ?? RESOLVE.exec(text) ?? RAISE.exec(text);
  if (m) return Number(m[1]);
  if (ctx.event.kind !== 'message' || isCommand(ctx.text)) return undefined;
  const state = ctx.flowState();
  if (state?.flow === 'case_text' && ctx.now().getTime() - new Date(state.updatedAt).getTime() <= FLOW_EXPIRY_MS) return Number(state.data.caseId);
  return undefined;
}

const TO_PATIENT = /(?:^|\s|[.;,])(?:to (?:the )?patient|message to (?:the )?patient)\s*:\s*/i;

/** "safe with family to patient: thanks for talking today" -> the note and the words for the patient. */
export function splitPatientMessage(text: string): { note: string; patientMessage?: string } {
  const m = TO_PATIENT.exec(text);
  if (!m) return { note: text.trim() };
  const words = text.slice(m.index + m[0].length).trim();
  return { note: text.slice(0, m.index).trim(), ...(words ? { patientMessage: words } : {}) };
}

export function createCaseCommands(escalation: Escalation): { commands: Command[]; flows: Flow[] } {
  const clinician: Role[] = ['clinician'];

  function guard(ctx: Context, action: string, caseId: number | undefined): boolean {
    if (ctx.hasRole('clinician')) return true;
    ctx.audit('case.refused', caseId === undefined ? undefined : { type: 'case', id: caseId }, { action });
    ctx.replyQuietly(ctx.t('error.not_allowed', { command: action }));
    return false;
  }

  function act(ctx: Context, action: (typeof CASE_ACTIONS)[number], caseId: number, text: string, patientMessage?: string): void {
    if (!guard(ctx, action, caseId)) return;
    // A clinician can be a patient too; nobody closes the loop on their own crisis.
    if (ctx.store.cases.get(caseId)?.personId === ctx.person.id) {
      ctx.audit('case.refused', { type: 'case', id: caseId }, { action, reason: 'own_case' });
      return ctx.replyQuietly(`Case #${caseId} is about you, so another clinician needs to ${action === 'ack' ? 'acknowledge' : action} it.`);
    }
    try {
      if (action === 'raise') {
        const severity = text.trim().toLowerCase();
        if (!(RAISE_TO as readonly string[]).includes(severity)) return ctx.replyQuietly(`Usage: raise ${caseId} <${RAISE_TO.join('|')}>`);
        const c = escalation.raiseSeverity(caseId, ctx.person.id, severity as (typeof RAISE_TO)[number]);
        ctx.replyQuietly(`Case #${c.id} raised to ${c.severity}: it pages like any alert until someone acknowledges it.`);
      } else if (action === 'ack') {
        const c = escalation.acknowledge(caseId, ctx.person.id);
        if (c.acknowledgedBy !== ctx.person.id) return ctx.replyQuietly(`Case #${caseId} is already ${c.status}.`);
        // Only what was sent: a patient with no chat identity left (erased) is told nothing.
        const reachable = ctx.store.people.identities(c.personId).length > 0;
        ctx.replyQuietly(`Case #${caseId} acknowledged. ${reachable ? 'The patient is being told that a clinician has seen their message (nothing more).' : 'The patient could not be told: they have no chat account linked any more.'}`);
      } else if (action === 'note') {
        if (!text.trim()) return ctx.replyQuietly(`Usage: note ${caseId} <text>`);
        escalation.addNote(caseId, ctx.person.id, text.trim());
        ctx.replyQuietly(`Note added to case #${caseId}.`);
      } else {
        const typed = splitPatientMessage(text);
        const note = typed.note;
        const words = (patientMessage ?? typed.patientMessage ?? '').trim();
        if (!note) return ctx.replyQuietly(`Usage: resolve ${caseId} <note> [to patient: <message>] — a short note on how it was resolved is required.`);
        const before = ctx.store.cases.get(caseId);
        const c = escalation.resolve(caseId, ctx.person.id, note, words || undefined);
        if (before?.status === 'resolved') return ctx.replyQuietly(`Case #${caseId} was already resolved; nothing was sent to the patient.`);
        ctx.replyQuietly(
          words
            ? `Case #${c.id} resolved. Your message was sent to the patient.`
            : `Case #${c.id} resolved. Nothing was sent to the patient (add "to patient: <message>" to send them your words).`,
        );
      }
    } catch (err) {
      if (err instanceof CodedError && (err.code === 'not_found' || err.code === 'input_invalid')) return ctx.replyQuietly(err.message);
      throw err;
    }
  }

  const commands: Command[] = [
    {
      name: 'cases',
      pattern: /^cases$/i,
      usage: 'cases',
      summary: 'list open cases with their ages',
      roles: clinician,
      run: (ctx) => ctx.replyQuietly(casesReport(ctx.store, ctx.now())),
    },
    {
      name: 'ack',
      pattern: ACK,
      usage: 'ack <case>',
      summary: 'acknowledge a case',
      run: (ctx, [id]) => act(ctx, 'ack', Number(id), ''),
    },
    {
      name: 'note',
      pattern: NOTE,
      usage: 'note <case> <text>',
      summary: 'add a note to a case',
      run: (ctx, [id, text]) => act(ctx, 'note', Number(id), text ?? ''),
    },
    {
      name: 'resolve',
      pattern: RESOLVE,
      usage: 'resolve <case> <note> [to patient: <message>]',
      summary: 'resolve a case with a note; the patient is sent only the message you write after "to patient:"',
      run: (ctx, [id, text]) => act(ctx, 'resolve', Number(id), text ?? ''),
    },
    {
      name: 'raise',
      pattern: RAISE,
      usage: 'raise <case> <imminent|high|moderate>',
      summary: 'turn a case (a review case) into a paging alert at that severity',
      run: (ctx, [id, severity]) => act(ctx, 'raise', Number(id), severity ?? ''),
    },
  ];

  /** Alert buttons: case:ack:N, case:note:N, case:resolve:N (with or without a submitted form). */
  const caseButtons: Flow = {
    name: 'case_text',
    choicePrefix: 'case:',
    onInput(ctx) {
      const state = ctx.flowState();
      if (ctx.event.kind === 'choice') {
        const [, action, id] = (ctx.event.choice ?? '').split(':');
        const caseId = Number(id);
        if (!CASE_ACTIONS.includes(action as (typeof CASE_ACTIONS)[number]) || !Number.isInteger(caseId)) return;
        const a = action as (typeof CASE_ACTIONS)[number];
        if (a === 'ack') return act(ctx, 'ack', caseId, '');
        const text = a === 'raise' ? ctx.event.fields?.severity : ctx.event.fields?.note;
        if (text !== undefined) return act(ctx, a, caseId, text, a === 'resolve' ? (ctx.event.fields?.patient_message ?? '') : undefined);
        if (!guard(ctx, a, caseId)) return;
        // No modal on this platform: ask for the text in chat.
        ctx.setFlowState('case_text', a, { caseId });
        const ask = { note: `Type your note for case #${caseId}`, resolve: `Type a short resolution note for case #${caseId}; anything after "to patient:" is sent to the patient, nothing else is`, raise: `Type the severity for case #${caseId}: ${RAISE_TO.join(', ')}` };
        return ctx.replyQuietly(`${ask[a]} (or "cancel").`);
      }
      if (!state) return;
      ctx.clearFlowState();
      if (/^cancel$/i.test(ctx.text)) return ctx.replyQuietly('Cancelled.');
      act(ctx, state.step as 'note' | 'resolve' | 'raise', Number(state.data.caseId), ctx.text);
    },
  };

  return { commands, flows: [caseButtons] };
}
