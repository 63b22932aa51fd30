import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parse as parseYaml, stringify } from 'yaml';
import { z } from 'zod';
import { timeZone } from '../time-zone.js';
import { CodedError } from '../core/errors.js';
import type { Platform } from '../core/types.js';

// Clinic hours and the on-call rota, in the clinic's own time zone. Read from
// the file AFTERGLOW_ROTA_FILE names (YAML or JSON), validated once at start;
// the admin `rota set` command writes the same file and swaps the running rota.

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];

const clock = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'must be a time such as 09:00' });
const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

const span = z
  .string()
  .regex(/^\d\d:\d\d-\d\d:\d\d$/, { message: 'must be a span such as 09:00-17:00' })
  .transform((s) => ({ from: s.slice(0, 5), to: s.slice(6) }))
  .pipe(z.object({ from: clock, to: clock }))
  .transform(({ from, to }) => ({ from: toMinutes(from), to: toMinutes(to) }))
  .refine((s) => s.to > s.from, { message: 'must end after it starts (clinic hours do not cross midnight; use on-call shifts for nights)' });

const zone = timeZone;

const shift = z
  .object({
    who: z.string().regex(/^(?:console|slack|discord):\S+$/, { message: 'must be platform:user-id, e.g. slack:U0123ABCD' }),
    name: z.string().min(1).max(100).optional(),
    days: z.array(z.enum(DAYS)).min(1),
    from: clock,
    to: clock,
  })
  .strict();

const RotaFileSchema = z
  .object({
    timezone: zone.optional(),
    hours: z.object(Object.fromEntries(DAYS.map((d) => [d, span.nullable().optional()])) as Record<Day, z.ZodOptional<z.ZodNullable<typeof span>>>).strict().optional(),
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date such as 2026-12-25' })).default([]),
    oncall: z.array(shift).default([]),
  })
  .strict();

export interface OnCallShift {
  platform: Platform;
  userId: string;
  /** How staff know them; the user id when the file gives no name. */
  name: string;
  days: Day[];
  /** Minutes after local midnight; `to` at or before `from` ends the next day. */
  from: number;
  to: number;
}

export interface Rota {
  timezone: string;
  /** Per weekday: open from–to (minutes after local midnight), or closed. */
  hours: Record<Day, { from: number; to: number } | null>;
  /** Local dates (YYYY-MM-DD) the clinic is closed all day. On-call shifts still apply. */
  holidays: string[];
  oncall: OnCallShift[];
  /** Where it came from: the file path, or "default". */
  source: string;
}

const WEEKDAYS_NINE_TO_FIVE = { from: 9 * 60, to: 17 * 60 };

/** Without a file: Monday to Friday, 09:00–17:00 in the clinic's default zone, nobody named on call. */
export function defaultRota(timezone: string): Rota {
  const hours = Object.fromEntries(DAYS.map((d) => [d, d === 'sat' || d === 'sun' ? null : WEEKDAYS_NINE_TO_FIVE])) as Rota['hours'];
  return { timezone, hours, holidays: [], oncall: [], source: 'default' };
}

/** Parse rota text (YAML or JSON). Throws CodedError('config_invalid') with one line naming the field. */
export function parseRota(text: string, defaultTimezone: string, source: string): Rota {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new CodedError('config_invalid', `is not valid YAML or JSON (${err instanceof Error ? err.message.split('\n')[0] : 'parse error'})`);
  }
  const parsed = RotaFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : 'the rota';
    throw new CodedError('config_invalid', `${where} ${issue.message.replace(/^Invalid input: /, '')}`);
  }
  const r = parsed.data;
  const base = defaultRota(r.timezone ?? defaultTimezone);
  const hours = r.hours ? (Object.fromEntries(DAYS.map((d) => [d, r.hours![d] ?? null])) as Rota['hours']) : base.hours;
  const oncall = r.oncall.map((s) => {
    const [platform, ...rest] = s.who.split(':');
    const userId = rest.join(':');
    return { platform: platform as Platform, userId, name: s.name ?? userId, days: s.days, from: toMinutes(s.from), to: toMinutes(s.to) };
  });
  return { timezone: base.timezone, hours, holidays: r.holidays, oncall, source };
}

/** Read the rota file at start. The error names the setting and the file, on one line. */
export function loadRota(path: string | undefined, defaultTimezone: string): Rota {
  if (!path) return defaultRota(defaultTimezone);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CodedError('config_invalid', `AFTERGLOW_ROTA_FILE ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return parseRota(text, defaultTimezone, path);
  } catch (err) {
    throw new CodedError('config_invalid', `AFTERGLOW_ROTA_FILE ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Write a validated rota back to its file, whole or not at all (a temp file renamed over it). */
export function saveRota(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o640 });
  renameSync(tmp, path);
}

/** The rota as the file would say it (for `rota show` and as a starting point for `rota set`). */
export function rotaToText(rota: Rota): string {
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return stringify({
    timezone: rota.timezone,
    hours: Object.fromEntries(DAYS.map((d) => [d, rota.hours[d] ? `${hhmm(rota.hours[d]!.from)}-${hhmm(rota.hours[d]!.to)}` : null])),
    holidays: rota.holidays,
    oncall: rota.oncall.map((s) => ({ who: `${s.platform}:${s.userId}`, name: s.name, days: s.days, from: hhmm(s.from), to: hhmm(s.to) })),
  }).trimEnd();
}
