import type { Services } from '../core/context.js';
import type { AlertView, OutboundMessage, Platform } from '../core/types.js';
import type { OutboxItem } from '../store/outbox-repo.js';
import type { Case } from '../store/cases-repo.js';
import type { Person } from '../store/people-repo.js';
import { createAlertText, type AlertOptions, type AlertReason } from './alert-message.js';
import { createAlertQueue } from './alert-queue.js';
import { createCaseActions } from './case-actions.js';
import { createDeliveryHooks } from './delivery-hooks.js';
import { createCaseOpener } from './open-case.js';
import { nextStep, type PagingSettings } from './paging-policy.js';
import type { Severity } from './screening/types.js';

export { severityRank } from './severity.js';
export type { AlertReason } from './alert-message.js';

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

export { FOLLOW_UP_MINUTES } from './open-case.js';

/**
 * The closed loop around a crisis: a case written to SQLite before any
 * message goes out, an alert to the clinician channel, acknowledgement,
 * notes, resolution, bounded re-escalation on silence (paging-policy.ts),
 * and an audit row for each step.
 */
export class Escalation {
  private readonly text: ReturnType<typeof createAlertText>;
  private readonly alerts: ReturnType<typeof createAlertQueue>;
  private readonly actions: ReturnType<typeof createCaseActions>;
  private readonly hooks: ReturnType<typeof createDeliveryHooks>;
  private readonly opener: ReturnType<typeof createCaseOpener>;

  /** `hasBackup`: whether the platform has a backup clinician channel (each adapter knows its own settings). */
  constructor(
    private readonly deps: EscalationDeps,
    private readonly hasBackup: (platform: Platform) => boolean,
  ) {
    this.text = createAlertText(deps);
    this.alerts = createAlertQueue(deps, this.text);
    this.actions = createCaseActions(deps, this.alerts, () => this.settings);
    this.hooks = createDeliveryHooks(deps, hasBackup);
    this.opener = createCaseOpener(deps, this.alerts, () => this.settings);
  }

  private get settings(): PagingSettings {
    const e = this.deps.config.escalation;
    return { timeoutMinutes: e.timeoutMinutes, repeats: e.repeats, summaryHours: e.summaryHours };
  }

  /**
   * Open a case (or follow up the person's open one) and queue the alert, all
   * in one transaction: if we crash after this returns, the alert is in the
   * outbox and goes out on restart.
   */
  raise(input: RaiseInput): RaiseOutcome {
    return this.opener.raise(input);
  }

  /** Carry out the paging policy for every unacknowledged case that is due: a reminder on the next rung, or a summary. */
  tick(): number {
    const { store, logger, config } = this.deps;
    const now = this.deps.clock.now();
    let count = 0;
    for (const kase of store.cases.dueForEscalation(now.toISOString())) {
      const person = store.people.get(kase.personId)!;
      const platform = this.alerts.platformOf(kase);
      const { step, nextAt } = nextStep({ severity: kase.severity, escalationLevel: kase.escalationLevel, platform }, now, config.rota, this.settings, this.hasBackup(platform));
      store.transaction(() => {
        store.cases.setEscalation(kase.id, step.level, nextAt.toISOString());
        const updated = store.cases.get(kase.id)!;
        const at = now.toISOString();
        store.audit.record({ at, action: step.reason === 'summary' ? 'case.summary' : 'case.re_escalated', subjectType: 'case', subjectId: kase.id, detail: { level: step.level } });
        if (step.lastReminder) {
          store.audit.record({ at, action: 'case.escalation_exhausted', subjectType: 'case', subjectId: kase.id, detail: { level: step.level, summariesFrom: nextAt.toISOString() } });
          logger.error({ caseId: kase.id, reminders: step.level }, 'case still unacknowledged after every reminder; summaries from now on');
        }
        const options: AlertOptions = step.reason === 'summary' ? { pages: this.alerts.pagesSent(kase.id) + step.targets.length, nextAt } : {};
        for (const target of step.targets) this.alerts.queue(updated, person, target, step.reason, options);
      });
      count++;
    }
    return count;
  }

  acknowledge(caseId: number, clinicianId: number): Case {
    return this.actions.acknowledge(caseId, clinicianId);
  }

  addNote(caseId: number, clinicianId: number, text: string): Case {
    return this.actions.addNote(caseId, clinicianId, text);
  }

  resolve(caseId: number, clinicianId: number, note: string, patientMessage?: string): Case {
    return this.actions.resolve(caseId, clinicianId, note, patientMessage);
  }

  /** A clinician raises a case (a review case above all) to a paging severity. */
  raiseSeverity(caseId: number, clinicianId: number, severity: Severity): Case {
    return this.actions.raise(caseId, clinicianId, severity);
  }

  alertView(kase: Case, person: Person | undefined): AlertView {
    return this.text.alertView(kase, person);
  }

  /** The plain-text alert every platform can show; rich adapters use `alert` instead. */
  alertMessage(kase: Case, person: Person | undefined, reason: AlertReason, options: AlertOptions = {}): OutboundMessage {
    return this.text.alertMessage(kase, person, reason, options);
  }

  // ---- delivery hooks (wired to the dispatcher) ----
  onSent(item: OutboxItem): void {
    this.hooks.onSent(item);
  }

  onRetry(item: OutboxItem, error: unknown): void {
    this.hooks.onRetry(item, error);
  }

  onUnreachable(item: OutboxItem): void {
    this.hooks.onUnreachable(item);
  }
}
