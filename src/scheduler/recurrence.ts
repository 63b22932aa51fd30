// Pure time arithmetic for schedules: the `<when>` language, next
// occurrences in a time zone, quiet hours and sequence offsets.
//
// Why luxon computes occurrences and not node-cron: node-cron 4's task API
// (`getNextRun`, `getNextRuns`) always counts from the real `new Date()`, and
// its TimeMatcher/walker that could take a start instant is not exported. The
// bot's time comes from an injected Clock (tests and the scripted console move
// it by hand), so occurrences are generated here with luxon and every cron
// candidate is confirmed with node-cron's own `task.match(date)` (its parser
// and time-zone matcher, so its semantics hold). node-cron also validates
// patterns and drives the production tick (see scheduler.ts).

import { DateTime, IANAZone } from 'luxon';
import cron from 'node-cron';
import { CodedError } from '../core/errors.js';

export const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const; // luxon weekday 1..7

export type Recurrence =
  | { kind: 'daily'; time: string }
  | { kind: 'weekly'; days: number[]; time: string }
  | { kind: 'once'; local: string }
  | { kind: 'cron'; pattern: string };

function bad(message: string): never {
  throw new CodedError('schedule_invalid', message);
}

function hhmm(input: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(input);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) bad(`"${input}" is not a time of day; use 24-hour HH:MM such as 09:00 or 19:30`);
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

/** Weekday list ('mon,thu', 'daily', 'weekdays') → luxon weekdays 1..7; undefined for every day. */
export function parseWeekdays(input: string): number[] | undefined {
  const t = input.trim().toLowerCase();
  if (t === 'daily' || t === 'every day' || t === '') return undefined;
  if (t === 'weekdays') return [1, 2, 3, 4, 5];
  if (t === 'weekends') return [6, 7];
  const out = new Set<number>();
  for (const part of t.split(/[\s,]+/).filter(Boolean)) {
    const i = (DAY_NAMES as readonly string[]).indexOf(part.slice(0, 3));
    if (i < 0 || (part.length > 3 && !/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*$/.test(part))) bad(`"${part}" is not a day; use mon, tue, wed, thu, fri, sat or sun`);
    out.add(i + 1);
  }
  if (out.size === 0) bad('no days given; use e.g. mon,thu');
  return [...out].sort((a, b) => a - b);
}

/**
 * Parse `<when>`: `daily 09:00` | `weekly mon,thu 19:30` |
 * `once 2026-12-01 18:00` | a 5-field cron pattern. Throws schedule_invalid
 * naming what is wrong. The result is normalised (`spec`) for storage.
 */
export function parseWhen(input: string): { recurrence: Recurrence; spec: string } {
  const t = input.trim().replace(/\s+/g, ' ');
  let m: RegExpExecArray | null;
  if ((m = /^daily (\S+)$/i.exec(t))) {
    const time = hhmm(m[1]!);
    return { recurrence: { kind: 'daily', time }, spec: `daily ${time}` };
  }
  if ((m = /^weekly (\S+) (\S+)$/i.exec(t))) {
    const days = parseWeekdays(m[1]!) ?? [1, 2, 3, 4, 5, 6, 7];
    const time = hhmm(m[2]!);
    return { recurrence: { kind: 'weekly', days, time }, spec: `weekly ${days.map((d) => DAY_NAMES[d - 1]).join(',')} ${time}` };
  }
  if ((m = /^once (\d{4}-\d{2}-\d{2})[ T](\S+)$/i.exec(t))) {
    const time = hhmm(m[2]!);
    const local = `${m[1]}T${time}`;
    if (!DateTime.fromISO(local, { zone: 'UTC' }).isValid) bad(`"${m[1]}" is not a calendar date`);
    return { recurrence: { kind: 'once', local }, spec: `once ${m[1]} ${time}` };
  }
  if (/^(daily|weekly|once)\b/i.test(t)) bad(`"${t}" is incomplete; use "daily 09:00", "weekly mon,thu 19:30" or "once 2026-12-01 18:00"`);
  const fields = t.split(' ');
  if (fields.length !== 5) bad(`"${t}" is not a schedule; use "daily 09:00", "weekly mon,thu 19:30", "once 2026-12-01 18:00" or a 5-field cron pattern`);
  const detail = cron.validateDetailed(t);
  if (!detail.valid) bad(`cron pattern "${t}": ${detail.errors[0]?.message ?? 'invalid'}`);
  return { recurrence: { kind: 'cron', pattern: t }, spec: t };
}

/** Re-read a stored spec (always valid: it was normalised by parseWhen). */
export function recurrenceOf(spec: string): Recurrence {
  return parseWhen(spec).recurrence;
}

function atLocal(day: DateTime, time: string): DateTime {
  const [h, min] = time.split(':').map(Number);
  // A local time that does not exist (spring forward) moves on by the gap, as clocks do.
  return day.set({ hour: h!, minute: min!, second: 0, millisecond: 0 });
}

const cronTasks = new Map<string, ReturnType<typeof cron.createTask>>();
function cronMatcher(pattern: string, zone: string) {
  const key = `${zone} ${pattern}`;
  let task = cronTasks.get(key);
  if (!task) {
    // Never started: used only for its parser and time-zone matcher.
    task = cron.createTask(pattern, () => undefined, { timezone: zone });
    if (cronTasks.size > 500) cronTasks.clear();
    cronTasks.set(key, task);
  }
  return task;
}

/** Search horizon for cron patterns; one that never fires within it is rejected. */
const CRON_HORIZON_DAYS = 366 * 8;

/** The first occurrence strictly after `after`, or undefined if there is none. */
export function nextOccurrence(rec: Recurrence, zone: string, after: Date): Date | undefined {
  const start = DateTime.fromJSDate(after, { zone });
  switch (rec.kind) {
    case 'once': {
      const at = DateTime.fromISO(rec.local, { zone });
      return at.toMillis() > after.getTime() ? at.toJSDate() : undefined;
    }
    case 'daily':
    case 'weekly': {
      const days = rec.kind === 'weekly' ? rec.days : undefined;
      for (let i = 0; i <= 8; i++) {
        const day = start.startOf('day').plus({ days: i });
        if (days && !days.includes(day.weekday)) continue;
        const at = atLocal(day, rec.time);
        if (at.toMillis() > after.getTime()) return at.toJSDate();
      }
      return undefined;
    }
    case 'cron': {
      const f = cron.parse(rec.pattern);
      const task = cronMatcher(rec.pattern, zone);
      const domNumeric = f.dayOfMonth.every((d) => typeof d === 'number');
      const dowNumeric = f.dayOfWeek.every((d) => typeof d === 'number');
      for (let i = 0; i <= CRON_HORIZON_DAYS; i++) {
        const day = start.startOf('day').plus({ days: i });
        if (!f.month.includes(day.month)) continue;
        // Prefilter whole days cheaply; node-cron's matcher has the last word.
        if (domNumeric && !f.dayOfMonth.includes(day.day)) continue;
        if (dowNumeric && !f.dayOfWeek.includes(day.weekday % 7) && !(day.weekday === 7 && f.dayOfWeek.includes(7))) continue;
        for (const h of f.hour) {
          for (const min of f.minute) {
            const at = day.set({ hour: h, minute: min, second: 0, millisecond: 0 });
            // Skip wall times that do not exist on this day (luxon moved them).
            if (at.hour !== h || at.minute !== min) continue;
            if (at.toMillis() <= after.getTime()) continue;
            if (task.match(at.toJSDate())) return at.toJSDate();
          }
        }
      }
      return undefined;
    }
  }
}

export function nextOccurrences(rec: Recurrence, zone: string, after: Date, count: number): Date[] {
  const out: Date[] = [];
  let from = after;
  while (out.length < count) {
    const next = nextOccurrence(rec, zone, from);
    if (!next) break;
    out.push(next);
    from = next;
  }
  return out;
}

/** Check-in days as stored on the person ('daily' or 'mon,wed,fri'). */
export function checkinRecurrence(checkinTime: string, checkinDays: string): Recurrence {
  const days = parseWeekdays(checkinDays);
  return days ? { kind: 'weekly', days, time: checkinTime } : { kind: 'daily', time: checkinTime };
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}

/**
 * Zone offsets change only on quarter-hour boundaries (every zone in tzdata),
 * so one offset per zone and quarter hour is exact; caching it keeps the
 * per-delivery quiet-hours check off luxon's Intl formatting, which
 * dominated a 100,000-delivery tick.
 */
const offsetCache = new Map<string, number>();
function localMinuteOfDay(at: Date, zone: string): number {
  const ms = at.getTime();
  const key = `${zone}|${Math.floor(ms / 900_000)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = IANAZone.create(zone).offset(ms);
    if (offsetCache.size > 10_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  const minutes = Math.floor(ms / 60_000) + offset;
  return ((minutes % 1440) + 1440) % 1440;
}

/**
 * If `at` falls inside the quiet window [start, end) in `zone` (which may
 * wrap midnight), the instant the window ends; otherwise undefined.
 */
export function quietHoursEnd(at: Date, zone: string, start: string, end: string): Date | undefined {
  const s = minutesOf(start);
  const e = minutesOf(end);
  if (s === e) return undefined;
  const now = localMinuteOfDay(at, zone);
  const inside = s < e ? now >= s && now < e : now >= s || now < e;
  if (!inside) return undefined;
  const local = DateTime.fromJSDate(at, { zone });
  let endAt = atLocal(local.startOf('day'), end);
  if (endAt.toMillis() <= at.getTime()) endAt = atLocal(local.startOf('day').plus({ days: 1 }), end);
  return endAt.toJSDate();
}

/**
 * A sequence step's instant: `hours` is elapsed time from the session;
 * `days` (+ `at`) is that calendar day in the patient's zone (day 1 = the
 * next day) at that local wall time, so DST changes keep 09:30 at 09:30.
 */
export function sequenceStepAt(session: Date, zone: string, offset: { hours?: number; days?: number; at?: string }): Date {
  let t: DateTime = DateTime.fromJSDate(session, { zone });
  if (offset.days !== undefined || offset.at !== undefined) {
    const day = t.startOf('day').plus({ days: offset.days ?? 0 });
    t = offset.at ? atLocal(day, offset.at) : day.set({ hour: t.hour, minute: t.minute, second: t.second });
  }
  if (offset.hours) t = t.plus({ milliseconds: offset.hours * 3_600_000 });
  return t.toJSDate();
}

/** "Tue 3 Nov, 09:30 EST" in the given zone. */
export function formatLocal(at: Date | string, zone: string): string {
  return DateTime.fromJSDate(new Date(at), { zone }).toFormat('ccc d LLL yyyy, HH:mm ZZZZ');
}

/** Whether two instants fall on the same calendar day in `zone`. */
export function sameLocalDay(a: Date, b: Date, zone: string): boolean {
  return DateTime.fromJSDate(a, { zone }).toISODate() === DateTime.fromJSDate(b, { zone }).toISODate();
}
