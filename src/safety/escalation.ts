import { DateTime } from 'luxon';
import type { Services } from '../core/context.js';
import { CodedError } from '../core/errors.js';
import { excerptAround } from './excerpt.js';
import type { Address, AlertView, Choice, OutboundMessage, Platform } from '../core/types.js';
import type { OutboxItem } from '../store/outbox-repo.js';
import type { Case } from '../store/cases-repo.js';
import type { Person } from '../store/people-repo.js';
import { SEVERITIES, type Severity } from './screening/types.js';

/** The same services every handler gets: the store, content, clock, config, logger and the outbox. */
export type EscalationDeps = Services;

export interface RaiseInput {
  person: Person;
  platform: Platform;
  severity: Severity;
  category: string;
  source: 'screen' | 'instrument' | 'unreachable' | 'patient_request';
  ruleIds: string[];
  lexiconVersion?: string;
  /** The message that raised it; dropped in minimal-data mode. */
  excerpt?: string;
  /** What the screener matched, so a long message's alert shows the part that matters. */
  focus?: string[];
  /** A little recent context; dropped in minimal-data mode. */
  context?: string[];
  /** One line saying why the case opened (rule, model, context); never the patient's words in minimal-data mode. */
  why?: string;
}

export interface RaiseOutcome {
  kase: Case;
  /** False when the person already had an open case at this level or above. */
  alerted: boolean;
}

/** Severities that page clinicians and re-escalate until someone acknowledges. */
const PAGING: ReadonlySet<string> = new Set(['imminent', 'high', 'moderate']);

export type AlertReason = 'new' | 'raised' | 'followup' | 'reminder' | 'exhausted' | 'status';

export function severityRank(s: string): number {
  const i = (SEVERITIES as readonly string[]).indexOf(s);
  return i < 0 ? SEVERITIES.length : i;
}

/** Another message on an open case reaches clinicians at most this often (unless it is more severe). */
export const FOLLOW_UP_MINUTES = 30;

/** After the configured reminders, keep paging both channels this often until someone acknowledges. */
const EXHAUSTED_REPAGE_MINUTES = 30;

/** Caring contacts after a case closes: days after resolution (Comtois-style brief follow-ups). */
const CARING_CONTACT_DAYS = [2, 7, 14, 28];

/**
 * The closed loop around a crisis: a case written to SQLite before any
 * message goes out, an alert to the clinician channel, acknowledgement,
 * notes, resolution, re-escalation on silence, and an audit row for each step.
 */
export class Escalation {
  /** `hasBackup`: whether the platform has a backup clinician channel (each adapter knows its own settings). */
  constructor(
    private readonly deps: EscalationDeps,
    private readonly hasBackup: (platform: Platform) => boolean,
  ) {}

  private get nowIso(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Minutes before an unacknowledged alert is sent again, by severity. */
  private timeoutMinutes(severity: string): number {
    const base = this.deps.config.escalation.timeoutMinutes;
    if (severity === 'imminent') return Math.max(1, Math.round(base / 2));
    if (severity === 'moderate') return base * 3;
    return base;
  }

  /**
   * Open a case (or raise the person's open one) and queue the alert, all in
   * one transaction: if we crash after this returns, the alert is in the
   * outbox and goes out on restart.
   */
  raise(input: RaiseInput): RaiseOutcome {
    const { store, config } = this.deps;
    const at = this.nowIso;
    const minimal = config.minimalData;
    const excerpt = minimal || input.excerpt === undefined ? null : excerptAround(input.excerpt, input.focus ?? []);
    return store.transaction(() => {
      const open = store.cases.openForPerson(input.person.id)[0];
      if (open) return this.followUp(open, input, excerpt, at);
      const kase = store.cases.create({
        personId: input.person.id,
        severity: input.severity,
        category: input.category,
        source: input.source,
        lexiconVersion: input.lexiconVersion ?? null,
        excerpt,
        context: minimal ? null : (input.context ?? null),
        ruleIds: input.ruleIds,
        at,
        nextEscalationAt: PAGING.has(input.severity) ? this.addMinutes(at, this.timeoutMinutes(input.severity)) : null,
        platform: input.platform,
      });
      store.audit.record({
        at,
        action: 'case.created',
        subjectType: 'case',
        subjectId: kase.id,
        detail: { severity: kase.severity, category: kase.category, source: kase.source, rules: input.ruleIds, lexicon: input.lexiconVersion },
      });
      this.queueAlert(kase, input.person, input.platform, 'new');
      return { kase, alerted: true };
    });
  }

  /**
   * Another risky message from someone whose case is still open. More severe:
   * the case is raised and, if a clinician had acknowledged it, reopened so it
   * needs a fresh acknowledgement and re-escalates again. Same or lower: the
   * clinicians still see it (an acknowledged case is not a closed ear), but at
   * most once per FOLLOW_UP_MINUTES per case, so one distressed evening does
   * not become twenty posts.
   */
  private followUp(open: Case, input: RaiseInput, excerpt: string | null, at: string): RaiseOutcome {
    const { store } = this.deps;
    const higher = severityRank(input.severity) < severityRank(open.severity);
    store.audit.record({
      at,
      action: higher ? 'case.raised' : 'case.followup_message',
      subjectType: 'case',
      subjectId: open.id,
      detail: { severity: input.severity, category: input.category, rules: input.ruleIds },
    });
    if (higher) {
      store.cases.raise(open.id, input.severity, input.category);
      const next = PAGING.has(input.severity) ? this.addMinutes(at, this.timeoutMinutes(input.severity)) : null;
      if (open.status === 'acknowledged') {
        store.cases.reopen(open.id, next);
        store.audit.record({ at, action: 'case.reopened', subjectType: 'case', subjectId: open.id, detail: { severity: input.severity } });
      } else if (next) {
        store.cases.setEscalation(open.id, open.escalationLevel, next);
      }
      const kase = store.cases.get(open.id)!;
      this.queueAlert(kase, input.person, input.platform, 'raised', { excerpt });
      return { kase, alerted: true };
    }
    const last = open.lastAlertAt ? new Date(open.lastAlertAt).getTime() : 0;
    if (new Date(at).getTime() - last < FOLLOW_UP_MINUTES * 60_000) return { kase: open, alerted: false };
    this.queueAlert(open, input.person, input.platform, 'followup', { excerpt });
    return { kase: open, alerted: true };
  }

  /** Only the platform the patient wrote from can reach its clinician channel. */
  private platformOf(kase: Case): Platform {
    if (kase.platform) return kase.platform as Platform;
    const ids = this.deps.store.people.identities(kase.personId);
    return ids[0]?.platform ?? 'console';
  }

  alertView(kase: Case, person: Person | undefined): AlertView {
    const minimal = this.deps.config.minimalData;
    const by = (id: number | null) => (id === null ? undefined : this.deps.store.people.get(id)?.handle);
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
    const ackBy = by(kase.acknowledgedBy);
    if (ackBy) view.acknowledgedBy = ackBy;
    if (kase.acknowledgedAt) view.acknowledgedAt = kase.acknowledgedAt;
    const resBy = by(kase.resolvedBy);
    if (resBy) view.resolvedBy = resBy;
    if (kase.resolvedAt) view.resolvedAt = kase.resolvedAt;
    return view;
  }

  /** The plain-text alert every platform can show; rich adapters use `alert` instead. */
  alertMessage(kase: Case, person: Person | undefined, reason: AlertReason, options: { excerpt?: string | null } = {}): OutboundMessage {
    const view = this.alertView(kase, person);
    // A follow-up shows the new message, not the one that opened the case.
    if (options.excerpt !== undefined) {
      if (options.excerpt) view.excerpt = options.excerpt;
      else delete view.excerpt;
    }
    const label = `${kase.severity.toUpperCase()} · ${kase.category.replace(/_/g, ' ')}`;
    const heads: Record<AlertReason, string> = {
      new: `${kase.severity === 'review' ? '🔎 For review' : '🚨 Crisis alert'}: case #${kase.id} — ${label}`,
      raised: `🚨 Case #${kase.id} raised to ${label}${kase.status === 'open' && kase.acknowledgedAt ? ' — reopened, needs a new acknowledgement' : ''}`,
      followup: `💬 New message on case #${kase.id} (${kase.status}) — ${label}`,
      reminder: `⏰ Still unacknowledged (reminder ${kase.escalationLevel}): case #${kase.id} — ${label}`,
      exhausted: `⏰ Case #${kase.id} is still unacknowledged after every reminder — ${label}. Re-paging every ${EXHAUSTED_REPAGE_MINUTES} minutes until someone acknowledges.`,
      status: `Case #${kase.id} — ${label} — ${kase.status}`,
    };
    const lines = [heads[reason], `Patient: ${view.patientHandle} · ${this.localTime(kase.createdAt)}`];
    if (view.excerpt) lines.push(`Message: “${view.excerpt}”`);
    else if (this.deps.config.minimalData) lines.push('Message text withheld (minimal-data mode): open the patient record through your clinic’s system.');
    if (view.context?.length && reason !== 'followup') lines.push(`Earlier: ${view.context.map((c) => `“${c.slice(0, 200)}”`).join(' / ')}`);
    if (view.acknowledgedBy && kase.acknowledgedAt) lines.push(`Acknowledged by ${view.acknowledgedBy} at ${this.localTime(kase.acknowledgedAt)}`);
    if (view.resolvedBy && kase.resolvedAt) lines.push(`Resolved by ${view.resolvedBy} at ${this.localTime(kase.resolvedAt)}`);
    if (kase.status === 'open') lines.push(`Reply with: ack ${kase.id} · note ${kase.id} <text> · resolve ${kase.id} <note>`);
    else if (kase.status === 'acknowledged') lines.push(`Reply with: note ${kase.id} <text> · resolve ${kase.id} <note>`);
    const choices: Choice[] = [];
    if (kase.status === 'open') choices.push({ id: `case:ack:${kase.id}`, label: 'Acknowledge', style: 'primary' });
    if (kase.status !== 'resolved') {
      choices.push({
        id: `case:note:${kase.id}`,
        label: 'Add note',
        form: { id: `case_note:${kase.id}`, title: `Note on case #${kase.id}`, fields: [{ id: 'note', label: 'Note', multiline: true }] },
      });
      choices.push({
        id: `case:resolve:${kase.id}`,
        label: 'Resolve',
        style: 'danger',
        form: {
          id: `case_resolve:${kase.id}`,
          title: `Resolve case #${kase.id}`,
          fields: [{ id: 'note', label: 'How was it resolved?', multiline: true }],
        },
      });
    }
    const message: OutboundMessage = { text: lines.join('\n'), alert: view };
    if (choices.length) message.choices = choices;
    return message;
  }

  private localTime(iso: string): string {
    return DateTime.fromISO(iso, { zone: this.deps.config.defaultTimezone }).toFormat("yyyy-LL-dd HH:mm ZZZZ");
  }

  private queueAlert(
    kase: Case,
    person: Person,
    platform: Platform,
    reason: Exclude<AlertReason, 'status'>,
    options: { mention?: 'oncall' | 'here'; backup?: boolean; excerpt?: string | null } = {},
  ): void {
    const message = this.alertMessage(kase, person, reason, options.excerpt === undefined ? {} : { excerpt: options.excerpt });
    if (options.mention) message.mention = options.mention;
    const address: Address = { platform, kind: options.backup ? 'backup' : 'clinicians' };
    this.deps.send(address, message, {
      priority: 'crisis',
      purpose: 'alert',
      personId: kase.personId,
      caseId: kase.id,
    });
    // Reminders repeat the first message; only posts that show new words count for the follow-up rate limit.
    if (reason === 'new' || reason === 'raised' || reason === 'followup') this.deps.store.cases.touchAlert(kase.id, this.nowIso);
    this.deps.store.audit.record({
      at: this.nowIso,
      action: options.backup ? 'alert.queued_backup' : 'alert.queued',
      subjectType: 'case',
      subjectId: kase.id,
      detail: { reason, level: kase.escalationLevel, ...(options.mention ? { mention: options.mention } : {}) },
    });
  }

  private addMinutes(iso: string, minutes: number): string {
    return new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();
  }

  /**
   * Re-send unacknowledged alerts whose timeout passed: first a stronger
   * mention in the same channel, from the second reminder the backup channel
   * too. After the configured reminders it never goes quiet: both channels
   * are paged every EXHAUSTED_REPAGE_MINUTES until someone acknowledges.
   */
  tick(): number {
    const { store, config, logger } = this.deps;
    const now = this.nowIso;
    let count = 0;
    for (const kase of store.cases.dueForEscalation(now)) {
      const level = kase.escalationLevel + 1;
      const person = store.people.get(kase.personId)!;
      const platform = this.platformOf(kase);
      const exhausted = level > config.escalation.repeats;
      store.transaction(() => {
        const minutes = exhausted ? EXHAUSTED_REPAGE_MINUTES : this.timeoutMinutes(kase.severity);
        store.cases.setEscalation(kase.id, level, this.addMinutes(now, minutes));
        const updated = store.cases.get(kase.id)!;
        store.audit.record({ at: now, action: exhausted ? 'case.escalation_exhausted' : 'case.re_escalated', subjectType: 'case', subjectId: kase.id, detail: { level } });
        if (exhausted) logger.error({ caseId: kase.id, reminders: level - 1 }, 'case still unacknowledged after every reminder');
        const reason = exhausted ? 'exhausted' : 'reminder';
        this.queueAlert(updated, person, platform, reason, { mention: 'oncall' });
        if ((exhausted || level >= 2) && this.hasBackup(platform)) this.queueAlert(updated, person, platform, reason, { mention: 'oncall', backup: true });
      });
      count++;
    }
    return count;
  }

  private requireCase(id: number): Case {
    const kase = this.deps.store.cases.get(id);
    if (!kase) throw new CodedError('not_found', `There is no case #${id}.`);
    return kase;
  }

  acknowledge(caseId: number, clinicianId: number): Case {
    const { store } = this.deps;
    const kase = this.requireCase(caseId);
    if (kase.status !== 'open') return kase;
    const at = this.nowIso;
    return store.transaction(() => {
      store.cases.acknowledge(caseId, clinicianId, at);
      store.audit.record({ at, action: 'case.acknowledged', actorPersonId: clinicianId, subjectType: 'case', subjectId: caseId });
      const updated = store.cases.get(caseId)!;
      this.updateAlerts(updated);
      this.tellPatient(updated, 'crisis.clinician_seen', 'case_seen');
      return updated;
    });
  }

  addNote(caseId: number, clinicianId: number, text: string): Case {
    const { store } = this.deps;
    const kase = this.requireCase(caseId);
    const at = this.nowIso;
    store.transaction(() => {
      store.cases.addNote(caseId, clinicianId, text, at);
      store.audit.record({ at, action: 'case.noted', actorPersonId: clinicianId, subjectType: 'case', subjectId: caseId });
    });
    return kase;
  }

  resolve(caseId: number, clinicianId: number, note: string): Case {
    const { store, config } = this.deps;
    const kase = this.requireCase(caseId);
    if (kase.status === 'resolved') return kase;
    const at = this.nowIso;
    return store.transaction(() => {
      const wasOpen = kase.status === 'open';
      store.cases.resolve(caseId, clinicianId, note, at);
      store.audit.record({ at, action: 'case.resolved', actorPersonId: clinicianId, subjectType: 'case', subjectId: caseId });
      const updated = store.cases.get(caseId)!;
      this.updateAlerts(updated);
      // Resolving without acknowledging first still tells the patient someone saw it.
      if (wasOpen) this.tellPatient(updated, 'crisis.clinician_seen', 'case_seen');
      if (config.caringContacts && updated.source !== 'unreachable') this.scheduleCaringContacts(updated);
      return updated;
    });
  }

  /** Edit every alert already posted for this case so the channel shows who acted and when. */
  private updateAlerts(kase: Case): void {
    const person = this.deps.store.people.get(kase.personId);
    for (const sent of this.deps.store.outbox.sentAlertsForCase(kase.id)) {
      if (!sent.messageId || !sent.channelId) continue;
      const message = this.alertMessage(kase, person, 'status');
      message.replaces = { platform: sent.platform, channelId: sent.channelId, messageId: sent.messageId };
      this.deps.send(sent.address, message, { priority: 'crisis', purpose: 'alert_update', personId: kase.personId, caseId: kase.id });
    }
  }

  private tellPatient(kase: Case, key: string, purpose: string): void {
    const person = this.deps.store.people.get(kase.personId);
    if (!person) return;
    // one platform is enough: the first of their identities
    const id = this.deps.store.people.identities(person.id)[0];
    if (!id) return;
    this.deps.send(
      { platform: id.platform, kind: 'direct', id: id.userId },
      { text: this.deps.content.text(key, person.locale) },
      { priority: 'crisis', purpose, personId: person.id, caseId: kase.id, idempotencyKey: `${purpose}:${kase.id}:${id.platform}` },
    );
  }

  private scheduleCaringContacts(kase: Case): void {
    const { store, content } = this.deps;
    const person = store.people.get(kase.personId);
    const identity = store.people.identities(kase.personId)[0];
    if (!person || !identity || person.optedOutAt) return;
    const resolvedAt = DateTime.fromISO(kase.resolvedAt ?? this.nowIso, { zone: person.timezone });
    CARING_CONTACT_DAYS.forEach((days, i) => {
      const key = `crisis.caring_contact.${i + 1}`;
      if (!content.hasText(key)) return;
      // Late morning in their own zone: outside default quiet hours, not at 3 a.m.
      const when = resolvedAt.plus({ days }).set({ hour: 10, minute: 30, second: 0, millisecond: 0 });
      this.deps.send(
        { platform: identity.platform, kind: 'direct', id: identity.userId },
        { text: content.text(key, person.locale) },
        {
          priority: 'scheduled',
          purpose: 'caring_contact',
          personId: person.id,
          caseId: kase.id,
          notBefore: when.toJSDate(),
          idempotencyKey: `caring:${kase.id}:${i + 1}`,
        },
      );
    });
    store.audit.record({ at: this.nowIso, action: 'case.caring_contacts_scheduled', subjectType: 'case', subjectId: kase.id, detail: { days: CARING_CONTACT_DAYS } });
  }

  // ---- delivery hooks (wired to the dispatcher) ----

  onSent(item: OutboxItem): void {
    if (item.caseId === null) return;
    // Crisis referrals are counted (California SB 243 asks clinics for yearly counts).
    if (item.purpose === 'crisis_reply') {
      this.deps.store.audit.record({ at: this.nowIso, action: 'crisis_reply.delivered', subjectType: 'case', subjectId: item.caseId, detail: { platform: item.platform } });
      return;
    }
    if (item.purpose !== 'alert') return;
    this.deps.store.audit.record({
      at: this.nowIso,
      action: item.address.kind === 'backup' ? 'alert.delivered_backup' : 'alert.delivered',
      subjectType: 'case',
      subjectId: item.caseId,
      detail: { platform: item.platform, outboxId: item.id },
    });
  }

  /** A failing clinician channel: after the second failed try, copy the alert to the backup channel once. */
  onRetry(item: OutboxItem, error: unknown): void {
    if (item.purpose !== 'alert' || item.caseId === null) return;
    const { store } = this.deps;
    store.audit.record({
      at: this.nowIso,
      action: 'alert.delivery_failed',
      subjectType: 'case',
      subjectId: item.caseId,
      detail: { attempt: item.attempts, platform: item.platform, error: error instanceof Error ? error.message.slice(0, 200) : 'error' },
    });
    if (item.address.kind === 'clinicians' && item.attempts === 2 && this.hasBackup(item.platform)) {
      this.deps.send({ platform: item.platform, kind: 'backup' }, item.message, {
        priority: 'crisis',
        purpose: 'alert',
        personId: item.personId,
        caseId: item.caseId,
        idempotencyKey: `backup-of:${item.id}`,
      });
    }
  }

  /** A patient the platform refuses to reach: tell clinicians once, keep the rest going. */
  onUnreachable(item: OutboxItem): void {
    const { store, content } = this.deps;
    if (item.personId === null || item.address.kind !== 'direct') return;
    const person = store.people.get(item.personId);
    if (!person) return;
    const at = this.nowIso;
    if (!person.unreachableAt) store.people.set(person.id, 'unreachableAt', at);
    store.audit.record({ at, action: 'person.unreachable', subjectType: 'person', subjectId: person.id, detail: { platform: item.platform, purpose: item.purpose } });
    const crisisReply = item.purpose === 'crisis_reply';
    const text = content.hasText('alert.unreachable')
      ? content.text('alert.unreachable', 'en', { handle: person.handle, platform: item.platform })
      : `⚠️ ${person.handle} can't be reached on ${item.platform} (their direct messages are closed or the account is gone).`;
    this.deps.send(
      { platform: item.platform, kind: 'clinicians' },
      { text: crisisReply ? `${text}\nThis includes a crisis reply: please reach them another way.` : text },
      {
        priority: 'crisis',
        purpose: 'alert_unreachable',
        personId: person.id,
        // Crisis replies always warn; otherwise once per person and platform.
        ...(crisisReply ? {} : { idempotencyKey: `unreachable:${person.id}:${item.platform}` }),
      },
    );
  }
}
