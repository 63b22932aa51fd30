// Small pure parsers for what people type. Each returns a value or undefined;
// the caller turns undefined into a clear reply naming what was expected.

/** 'HH:MM' (24-hour, also 9:30, 9am, 7pm, 7:15pm) → 'HH:MM'. */
export function parseTimeOfDay(input: string): string | undefined {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(input.trim());
  if (!m) return undefined;
  let h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  const ampm = m[3]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return undefined;
    if (ampm === 'pm' && h !== 12) h += 12;
    if (ampm === 'am' && h === 12) h = 0;
  } else if (m[2] === undefined) {
    return undefined; // a bare "9" is too ambiguous
  }
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

const UNIT_MS: Record<string, number> = {
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, wk: 604_800_000, week: 604_800_000, weeks: 604_800_000,
  // Spanish: "pausa 2 días", "pausa 3 horas", "pausa 1 semana".
  minuto: 60_000, minutos: 60_000, hora: 3_600_000, horas: 3_600_000,
  dia: 86_400_000, dias: 86_400_000, 'día': 86_400_000, 'días': 86_400_000, semana: 604_800_000, semanas: 604_800_000,
};

/** '2d', '3 days', '1 week', '12h' → milliseconds (at most a year). */
export function parseDuration(input: string): number | undefined {
  const m = /^(\d{1,4})\s*(\p{L}+)$/iu.exec(input.trim());
  if (!m) return undefined;
  const unit = UNIT_MS[m[2]!.toLowerCase()];
  const n = Number(m[1]);
  if (!unit || n <= 0) return undefined;
  const ms = n * unit;
  return ms <= 366 * 86_400_000 ? ms : undefined;
}

export function isValidTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Canonical spelling of an IANA zone typed in any case ('america/new_york'). */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!isValidTimeZone(zone)) return undefined;
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

/** An integer in [min, max] from text like '7', ' 7 ', '7/10'. */
export function parseScore(input: string, min: number, max: number): number | undefined {
  const m = /^\s*(\d{1,2})(?:\s*\/\s*\d{1,2})?\s*$/.exec(input);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= min && n <= max ? n : undefined;
}

const YES = new Set(['yes', 'y', 'yeah', 'yep', 'ok', 'okay', 'sure', 'i agree', 'agree', 'si', 'sí']);
const NO = new Set(['no', 'n', 'nope', 'no thanks', 'not now', 'no gracias', 'ahora no']);

export function parseYesNo(input: string): boolean | undefined {
  const t = input.trim().toLowerCase().replace(/[.!]+$/, '');
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return undefined;
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** 'daily', 'weekdays', 'mon,wed,fri' → canonical string, or undefined. */
/** Spanish day names, accents stripped, first three letters. */
const SPANISH_DAYS: Record<string, string> = { lun: 'mon', mar: 'tue', mie: 'wed', jue: 'thu', vie: 'fri', sab: 'sat', dom: 'sun' };

export function parseDays(input: string): string | undefined {
  const t = input.trim().toLowerCase();
  if (['daily', 'every day', 'everyday', 'diario', 'todos los días', 'todos los dias'].includes(t)) return 'daily';
  if (['weekdays', 'entre semana', 'laborables'].includes(t)) return 'mon,tue,wed,thu,fri';
  if (['weekends', 'fines de semana', 'fin de semana'].includes(t)) return 'sat,sun';
  const parts = t
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((p) => p.normalize('NFD').replace(/\p{M}/gu, '').slice(0, 3))
    .map((p) => SPANISH_DAYS[p] ?? p);
  if (parts.length === 0 || parts.some((p) => !(DAY_NAMES as readonly string[]).includes(p))) return undefined;
  const set = new Set(parts);
  return DAY_NAMES.filter((d) => set.has(d)).join(',');
}
