import { nextOpening, onCallAt } from './clinic-hours.js';
import type { Platform } from '../core/types.js';
import type { OnCallShift, Rota } from './rota.js';
import type { Severity } from './screening/types.js';

// The re-escalation policy as a pure function: given a case that is due, the
// time and the rota, what goes out now and when the case is due next. No
// store, no clock, no sending: escalation.ts carries it out.
//
// An unacknowledged alert climbs a ladder (the primary channel with the
// on-call mention, then the backup channel, then the person the rota has on
// call, directly), one rung per timeout, for AFTERGLOW_ESCALATION_REPEATS
// reminders. Then paging stops and a summary goes to the backup channel and
// whoever is on call: every few hours, day and night, for imminent and high;
// at each clinic opening for moderate and review. It never goes silent, and
// it never pages every half hour for days (CLINICAL-NOTES "Alarm fatigue").

export interface PagingSettings {
  /** AFTERGLOW_ESCALATION_MINUTES: the timeout for high (imminent half, moderate three times). */
  timeoutMinutes: number;
  /** AFTERGLOW_ESCALATION_REPEATS: reminders on the ladder before summaries. */
  repeats: number;
  /** AFTERGLOW_SUMMARY_HOURS: summaries for imminent and high this often. */
  summaryHours: number;
}

export type PageTarget =
  | { kind: 'clinicians' | 'backup'; mention: boolean }
  | { kind: 'oncall_person'; shift: OnCallShift };

export interface PageStep {
  reason: 'reminder' | 'summary';
  /** The case's escalation level after this step. */
  level: number;
  targets: PageTarget[];
  /** True for the last reminder: the next step is a summary. */
  lastReminder: boolean;
}

export interface CaseState {
  severity: Severity;
  escalationLevel: number;
  /** Where the case's card is: the person on call is paged there or not at all. */
  platform?: Platform;
}

/** Severities that page clinicians and climb the ladder; review is never paged. */
export const PAGING_SEVERITIES: ReadonlySet<Severity> = new Set<Severity>(['imminent', 'high', 'moderate']);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Minutes before an unacknowledged alert climbs one rung, by severity. */
export function timeoutMinutes(severity: Severity, settings: PagingSettings): number {
  if (severity === 'imminent') return Math.max(1, Math.round(settings.timeoutMinutes / 2));
  if (severity === 'moderate') return settings.timeoutMinutes * 3;
  return settings.timeoutMinutes;
}

/** Imminent and high: every few hours, day and night. Moderate and review: once a clinic day, at opening. */
export function nextSummaryAt(severity: Severity, now: Date, rota: Rota, settings: PagingSettings): Date {
  if (severity === 'imminent' || severity === 'high') return new Date(now.getTime() + settings.summaryHours * 60 * MINUTE);
  // A rota with no hours at all still gets a daily summary.
  return nextOpening(rota, now) ?? new Date(now.getTime() + DAY);
}

/** When a new (or raised, or reopened) case is first due: the first rung, or for review the first summary. */
export function firstDueAt(severity: Severity, now: Date, rota: Rota, settings: PagingSettings): Date {
  if (!PAGING_SEVERITIES.has(severity)) return nextSummaryAt(severity, now, rota, settings);
  if (settings.repeats === 0) return nextSummaryAt(severity, now, rota, settings);
  return new Date(now.getTime() + timeoutMinutes(severity, settings) * MINUTE);
}

function shared(hasBackup: boolean, mention: boolean): PageTarget {
  return { kind: hasBackup ? 'backup' : 'clinicians', mention };
}

/** What to send for a case that is due now, and when it is due next. */
export function nextStep(kase: CaseState, now: Date, rota: Rota, settings: PagingSettings, hasBackup: boolean): { step: PageStep; nextAt: Date } {
  const level = kase.escalationLevel + 1;
  const onCall = onCallAt(rota, now, kase.platform);
  const paging = PAGING_SEVERITIES.has(kase.severity);
  if (paging && level <= settings.repeats) {
    const rung = (level - 1) % 3;
    let targets: PageTarget[];
    if (rung === 0) targets = [{ kind: 'clinicians', mention: true }];
    else if (rung === 1) targets = [shared(hasBackup, true)];
    // Nobody named on call: the backup channel's on-call mention is the nearest to a person.
    else targets = onCall ? [{ kind: 'oncall_person', shift: onCall }] : [shared(hasBackup, true)];
    const lastReminder = level === settings.repeats;
    const nextAt = lastReminder
      ? nextSummaryAt(kase.severity, now, rota, settings)
      : new Date(now.getTime() + timeoutMinutes(kase.severity, settings) * MINUTE);
    return { step: { reason: 'reminder', level, targets, lastReminder }, nextAt };
  }
  // A summary is not a page: it mentions the on-call group only for imminent and high, and
  // only when the rota names nobody, and a review case's summary mentions no one.
  const urgent = kase.severity === 'imminent' || kase.severity === 'high';
  const targets: PageTarget[] = [shared(hasBackup, urgent && !onCall)];
  if (onCall && paging) targets.push({ kind: 'oncall_person', shift: onCall });
  return { step: { reason: 'summary', level, targets, lastReminder: false }, nextAt: nextSummaryAt(kase.severity, now, rota, settings) };
}
