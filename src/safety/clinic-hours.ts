import { DateTime } from 'luxon';
import type { Platform } from '../core/types.js';
import { DAYS, type Day, type OnCallShift, type Rota } from './rota.js';

// Questions asked of the rota at an instant: is the clinic open, when does it
// next open, who is on call. Pure functions of (rota, instant); times are
// local to the clinic, so daylight-saving changes move nothing by an hour.

const dayOf = (t: DateTime): Day => DAYS[t.weekday - 1]!;

/** The local instant `minutes` after midnight on `day`'s date; 24:00 is the next midnight. */
function atMinutes(day: DateTime, minutes: number): DateTime {
  if (minutes >= 24 * 60) return day.plus({ days: 1 }).startOf('day');
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 });
}

function isHoliday(rota: Rota, day: DateTime): boolean {
  return rota.holidays.includes(day.toISODate()!);
}

export function isClinicOpen(rota: Rota, at: Date): boolean {
  const local = DateTime.fromJSDate(at, { zone: rota.timezone });
  const span = rota.hours[dayOf(local)];
  if (!span || isHoliday(rota, local)) return false;
  const day = local.startOf('day');
  return local >= atMinutes(day, span.from) && local < atMinutes(day, span.to);
}

/** The first clinic opening strictly after `at`, within the next five weeks (undefined: the rota has no hours). */
export function nextOpening(rota: Rota, at: Date): Date | undefined {
  const local = DateTime.fromJSDate(at, { zone: rota.timezone });
  for (let d = 0; d < 35; d++) {
    const day = local.startOf('day').plus({ days: d });
    const span = rota.hours[dayOf(day)];
    if (!span || isHoliday(rota, day)) continue;
    const opens = atMinutes(day, span.from);
    if (opens > local) return opens.toJSDate();
  }
  return undefined;
}

/**
 * Who is on call at `at`: the first shift in the file that covers it (a shift
 * may run past midnight). With `platform`, only someone reachable there: a
 * page goes where the case's card and buttons are.
 */
export function onCallAt(rota: Rota, at: Date, platform?: Platform): OnCallShift | undefined {
  const local = DateTime.fromJSDate(at, { zone: rota.timezone });
  for (const shift of rota.oncall) {
    if (platform && shift.platform !== platform) continue;
    for (const back of [0, 1]) {
      const day = local.startOf('day').minus({ days: back });
      if (!shift.days.includes(dayOf(day))) continue;
      const start = atMinutes(day, shift.from);
      const end = shift.to > shift.from ? atMinutes(day, shift.to) : atMinutes(day.plus({ days: 1 }), shift.to);
      if (local >= start && local < end) return shift;
    }
  }
  return undefined;
}

/** When the clinic opens, in its own zone and the reader's language: which day (today, tomorrow, or its name), the time and the zone. */
export function openingParts(rota: Rota, opens: Date, now: Date, locale: string): { when: 'today' | 'tomorrow' | 'later'; day: string; time: string; zone: string } {
  const local = DateTime.fromJSDate(opens, { zone: rota.timezone }).setLocale(locale);
  const today = DateTime.fromJSDate(now, { zone: rota.timezone }).startOf('day');
  const days = Math.round(local.startOf('day').diff(today, 'days').days);
  const when = days <= 0 ? 'today' : days === 1 ? 'tomorrow' : 'later';
  return { when, day: local.toFormat('cccc d LLLL'), time: local.toFormat('HH:mm'), zone: local.toFormat('ZZZZ') };
}
