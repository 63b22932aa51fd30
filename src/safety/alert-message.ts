import { DateTime } from 'luxon';
import type { Services } from '../core/context.js';
import type { AlertView, Choice, OutboundMessage } from '../core/types.js';
import type { Case } from '../store/cases-repo.js';
import type { Person } from '../store/people-repo.js';

// What clinicians see for a case: the structured view rich adapters render,
// and the plain text every platform can show. Its first line is the card's
// headline on Slack and Discord too.

export type AlertReason = 'new' | 'raised' | 'followup' | 'reminder' | 'oncall' | 'summary' | 'status';

export interface AlertOptions {
  /** A follow-up shows the new message, not the one that opened the case; null: none to show. */
  excerpt?: string | null;
  /** For summaries: pages sent so far and when the next summary comes. */
  pages?: number;
  nextAt?: Date;
  /** No patient words at all (a clinician's own DM): the card in the clinician channel has them. */
  withoutWords?: boolean;
}

/** A review case and a side effect are never called a crisis. */
function kindOf(kase: Case): string {
  if (kase.severity === 'review') return '🔎 For review';
  if (kase.category === 'side_effect') return '💊 Side effect';
  return '🚨 Crisis alert';
}

function age(from: string, to: Date): string {
  const minutes = Math.max(0, Math.floor((to.getTime() - new Date(from).getTime()) / 60_000));
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function createAlertText(deps: Pick<Services, 'store' | 'config' | 'clock'>) {
  const localTime = (iso: string | Date): string =>
    (typeof iso === 'string' ? DateTime.fromISO(iso) : DateTime.fromJSDate(iso)).setZone(deps.config.rota.timezone).toFormat('yyyy-LL-dd HH:mm ZZZZ');

  function alertView(kase: Case, person: Person | undefined): AlertView {
    const minimal = deps.config.minimalData;
    const by = (id: number | null) => (id === null ? undefined : deps.store.people.get(id)?.handle);
    const view: AlertView = {
      caseId: kase.id,
      severity: kase.severity,
      category: kase.category,
      status: kase.status,
      patientHandle: person?.handle ?? `person ${kase.personId}`,
      createdAt: kase.createdAt,
      escalationLevel: kase.escalationLevel,
    };
    if (!minimal && kase.excerpt) view.excerpt = kase.excerpt;
    if (!minimal && kase.context?.length) view.context = kase.context;
    if (kase.why) view.why = kase.why;
    const ackBy = by(kase.acknowledgedBy);
    if (ackBy) view.acknowledgedBy = ackBy;
    if (kase.acknowledgedAt) view.acknowledgedAt = kase.acknowledgedAt;
    const resBy = by(kase.resolvedBy);
    if (resBy) view.resolvedBy = resBy;
    if (kase.resolvedAt) view.resolvedAt = kase.resolvedAt;
    return view;
  }

  function headline(kase: Case, reason: AlertReason, options: AlertOptions): string {
    const label = `${kase.severity.toUpperCase()} · ${kase.category.replace(/_/g, ' ')}`;
    const now = deps.clock.now();
    const repeats = deps.config.escalation.repeats;
    switch (reason) {
      case 'new':
        return `${kindOf(kase)}: case #${kase.id} — ${label}`;
      case 'raised':
        return `🚨 Case #${kase.id} raised to ${label}${kase.status === 'open' && kase.acknowledgedAt ? ' — reopened, needs a new acknowledgement' : ''}`;
      case 'followup':
        return `💬 New message on case #${kase.id} (${kase.status}) — ${label}`;
      case 'reminder':
        return `⏰ Still unacknowledged (reminder ${kase.escalationLevel} of ${repeats}): case #${kase.id} — ${label}`;
      case 'oncall':
        return `📟 You are on call: case #${kase.id} is still unacknowledged — ${label}`;
      case 'summary': {
        const next = options.nextAt ? ` Next summary ${localTime(options.nextAt)}.` : '';
        const pages = options.pages === undefined ? '' : ` ${options.pages} posts to staff so far;`;
        return `📋 Summary: case #${kase.id} is still unacknowledged after ${age(kase.createdAt, now)} — ${label}.${pages} reminders have stopped.${next}`;
      }
      case 'status':
        return `Case #${kase.id} — ${label} — ${kase.status}`;
    }
  }

  function choicesFor(kase: Case): Choice[] {
    const choices: Choice[] = [];
    if (kase.status === 'open') choices.push({ id: `case:ack:${kase.id}`, label: 'Acknowledge', style: 'primary' });
    if (kase.status === 'resolved') return choices;
    if (kase.severity === 'review')
      choices.push({
        id: `case:raise:${kase.id}`,
        label: 'Raise to alert',
        form: { id: `case_raise:${kase.id}`, title: `Raise case #${kase.id}`, fields: [{ id: 'severity', label: 'Severity: imminent, high or moderate', initial: 'high' }] },
      });
    choices.push({
      id: `case:note:${kase.id}`,
      label: 'Add note',
      form: { id: `case_note:${kase.id}`, title: `Note on case #${kase.id}`, fields: [{ id: 'note', label: 'Note', multiline: true }] },
    });
    choices.push({
      id: `case:resolve:${kase.id}`,
      label: 'Resolve',
      style: 'danger',
      form: { id: `case_resolve:${kase.id}`, title: `Resolve case #${kase.id}`, fields: [
          { id: 'note', label: 'How was it resolved? (for the care team)', multiline: true },
          { id: 'patient_message', label: 'Message to the patient (optional: nothing is sent if left empty)', multiline: true, optional: true },
        ] },
    });
    // Feedback to the screener (src/flows/feedback-commands.ts): it does not change the case.
    choices.push({ id: `feedback:false_alarm:${kase.id}`, label: 'False alarm' });
    choices.push({
      id: `feedback:wrong_category:${kase.id}`,
      label: 'Wrong category',
      form: { id: `feedback_category:${kase.id}`, title: `Category for case #${kase.id}`, fields: [{ id: 'category', label: 'The category it should have been', initial: kase.category }] },
    });
    return choices;
  }

  /** The plain-text alert every platform can show; rich adapters use `alert` instead. */
  function alertMessage(kase: Case, person: Person | undefined, reason: AlertReason, options: AlertOptions = {}): OutboundMessage {
    const view = alertView(kase, person);
    if (options.excerpt !== undefined) {
      if (options.excerpt) view.excerpt = options.excerpt;
      else delete view.excerpt;
    }
    if (options.withoutWords) {
      // `why` quotes the matched words too (outside minimal-data mode): none of them leave the card.
      delete view.excerpt;
      delete view.context;
      delete view.why;
    }
    const lines = [headline(kase, reason, options), `Patient: ${view.patientHandle} · ${localTime(kase.createdAt)}`];
    if (view.excerpt) lines.push(`Message: “${view.excerpt}”`);
    else if (options.withoutWords) lines.push('The message is on the card in the clinician channel.');
    else if (deps.config.minimalData) lines.push('Message text withheld (minimal-data mode): open the patient record through your clinic’s system.');
    if (view.why) lines.push(`Why: ${view.why}`);
    if (view.context?.length && reason !== 'followup') lines.push(`Earlier: ${view.context.map((c) => `“${c.slice(0, 200)}”`).join(' / ')}`);
    if (view.acknowledgedBy && kase.acknowledgedAt) lines.push(`Acknowledged by ${view.acknowledgedBy} at ${localTime(kase.acknowledgedAt)}`);
    if (view.resolvedBy && kase.resolvedAt) lines.push(`Resolved by ${view.resolvedBy} at ${localTime(kase.resolvedAt)}`);
    const raise = kase.severity === 'review' ? ` · raise ${kase.id} <imminent|high|moderate>` : '';
    if (kase.status === 'open') lines.push(`Reply with: ack ${kase.id} · note ${kase.id} <text> · resolve ${kase.id} <note>${raise}`);
    else if (kase.status === 'acknowledged') lines.push(`Reply with: note ${kase.id} <text> · resolve ${kase.id} <note>${raise}`);
    if (kase.status !== 'resolved') lines.push(`Screener feedback: false alarm ${kase.id} · wrong category ${kase.id} <category>`);
    const message: OutboundMessage = { text: lines.join('\n'), alert: view };
    const choices = choicesFor(kase);
    if (choices.length) message.choices = choices;
    return message;
  }

  return { alertView, alertMessage, localTime };
}
