import { DateTime } from 'luxon';
import type { Feedback } from '../store/feedback-repo.js';
import type { Store } from '../store/store.js';

// Clinicians' feedback on the screener, read back: the weekly false-alarm
// rate in `report alerts`, and `afterglow screener feedback`, the list a
// clinician reads before writing a corpus line of their own.

function weekOf(iso: string, timezone: string): string {
  return DateTime.fromISO(iso, { zone: timezone }).startOf('week').toISODate() ?? iso.slice(0, 10);
}

/**
 * Per week (starting Monday, clinic zone): cases opened, how many of those a
 * clinician called a false alarm or the wrong category (counted by the week
 * the case opened, so the rate is a share of that week's cases), and missed
 * messages reported that week.
 */
export function feedbackByWeek(store: Store, timezone: string): string[][] {
  const weeks = new Map<string, { cases: number; falseAlarms: Set<number>; wrong: Set<number>; missed: number }>();
  const week = (key: string) => {
    let w = weeks.get(key);
    if (!w) weeks.set(key, (w = { cases: 0, falseAlarms: new Set(), wrong: new Set(), missed: 0 }));
    return w;
  };
  const opened = new Map<number, string>();
  for (const c of store.cases.all()) {
    const key = weekOf(c.createdAt, timezone);
    opened.set(c.id, key);
    week(key).cases++;
  }
  for (const f of store.feedback.all()) {
    if (f.label === 'missed') {
      week(weekOf(f.at, timezone)).missed++;
      continue;
    }
    const key = f.caseId === null ? undefined : opened.get(f.caseId);
    if (key === undefined) continue;
    (f.label === 'false_alarm' ? week(key).falseAlarms : week(key).wrong).add(f.caseId!);
  }
  return [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, w]) => [
      key,
      String(w.cases),
      String(w.falseAlarms.size),
      w.cases ? `${Math.round((100 * w.falseAlarms.size) / w.cases)}%` : '–',
      String(w.wrong.size),
      String(w.missed),
    ]);
}

export const FEEDBACK_WEEK_HEADER = ['week of', 'cases', 'false alarms', 'false-alarm rate', 'wrong category', 'missed reported'];

export interface FeedbackItem {
  id: number;
  at: string;
  label: Feedback['label'];
  clinician: string;
  caseId: number | null;
  patient: string | null;
  severity: string | null;
  category: string | null;
  correctCategory: string | null;
  ruleIds: string[];
  lexiconVersion: string | null;
  why: string | null;
  /** Null when not kept, removed, or when the clinic is now in minimal-data mode. */
  words: string | null;
}

/** Every feedback item, oldest first; words are withheld whenever the clinic is in minimal-data mode now, whatever it was then. */
export function feedbackItems(store: Store, options: { minimalData: boolean }): FeedbackItem[] {
  const handle = (id: number | null) => (id === null ? null : (store.people.get(id)?.handle ?? `person ${id}`));
  return store.feedback.all().map((f) => ({
    id: f.id,
    at: f.at,
    label: f.label,
    clinician: handle(f.clinicianId)!,
    caseId: f.caseId,
    patient: handle(f.personId),
    severity: f.severity,
    category: f.category,
    correctCategory: f.correctCategory,
    ruleIds: f.ruleIds,
    lexiconVersion: f.lexiconVersion,
    // `why` quotes the matched words (when the case opened outside minimal-data mode): withheld with them.
    why: options.minimalData ? null : f.why,
    words: options.minimalData ? null : f.words,
  }));
}

/** One line per item, for a terminal. */
export function feedbackLine(f: FeedbackItem): string {
  const parts = [`#${f.id}`, f.at.slice(0, 16).replace('T', ' '), f.label];
  if (f.caseId !== null) parts.push(`case #${f.caseId}`);
  if (f.severity || f.category) parts.push([f.severity, f.category].filter(Boolean).join(' '));
  if (f.correctCategory) parts.push(`→ ${f.correctCategory}`);
  if (f.ruleIds.length) parts.push(`rules ${f.ruleIds.join(',')}`);
  if (f.lexiconVersion) parts.push(`lexicon ${f.lexiconVersion}`);
  parts.push(`by ${f.clinician}`);
  if (f.patient) parts.push(`patient ${f.patient}`);
  if (f.why) parts.push(`why: ${f.why}`);
  // Quoted on one line: a message's own line breaks would split the item.
  if (f.words) parts.push(`words: ${JSON.stringify(f.words)}`);
  return parts.join(' · ');
}
