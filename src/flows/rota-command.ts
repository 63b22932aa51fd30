import { DateTime } from 'luxon';
import type { Context } from '../core/context.js';
import { errorCode } from '../core/errors.js';
import { isClinicOpen, nextOpening, onCallAt } from '../safety/clinic-hours.js';
import { DAYS, parseRota, rotaToText, saveRota, type Rota } from '../safety/rota.js';
import type { Command } from './router.js';

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** What the rota means right now, then the rota itself in the file's own form (a starting point for `rota set`). */
export function describeRota(rota: Rota, now: Date, config: Context['services']['config']): string {
  const local = (d: Date) => DateTime.fromJSDate(d, { zone: rota.timezone }).toFormat('ccc d LLL HH:mm ZZZZ');
  const hours = DAYS.map((d) => `${d} ${rota.hours[d] ? `${hhmm(rota.hours[d]!.from)}–${hhmm(rota.hours[d]!.to)}` : 'closed'}`).join(', ');
  const onCall = onCallAt(rota, now);
  const opens = nextOpening(rota, now);
  const e = config.escalation;
  return [
    `Clinic hours (${rota.timezone}; ${rota.source === 'default' ? 'the default: no AFTERGLOW_ROTA_FILE' : `from ${rota.source}`}): ${hours}`,
    `Holidays: ${rota.holidays.join(', ') || 'none'}`,
    `On call: ${rota.oncall.map((s) => `${s.name} (${s.platform}:${s.userId}) ${s.days.join(',')} ${hhmm(s.from)}–${hhmm(s.to)}`).join('; ') || 'nobody named (reminders use the on-call mention in the backup channel)'}`,
    `Now: clinic ${isClinicOpen(rota, now) ? 'open' : 'closed'}; on call ${onCall ? onCall.name : 'nobody named'}${opens ? `; next opening ${local(opens)}` : ''}.`,
    `Paging: an unacknowledged alert is re-sent every ${e.timeoutMinutes} min (imminent half that, moderate three times), ${e.repeats} times: clinician channel with the on-call mention, then the backup channel, then the person on call directly. Then a summary to the backup channel and the person on call every ${e.summaryHours} h for imminent and high, and at each clinic opening for moderate and review, until someone acknowledges.`,
    '',
    rotaToText(rota),
  ].join('\n');
}

/** `rota` (clinicians: show) and `rota set <YAML or JSON>` (admins: replace, written to AFTERGLOW_ROTA_FILE). */
export function rotaCommands(): Command[] {
  function setRota(ctx: Context, text: string): void {
    if (!ctx.hasRole('admin')) {
      ctx.audit('rota.refused', undefined, { action: 'set' });
      return ctx.replyQuietly('Only an admin can change the rota: you need the admin role.');
    }
    const { config } = ctx.services;
    if (!config.rotaFile)
      return ctx.replyQuietly('No rota file is set (AFTERGLOW_ROTA_FILE), so a change could not outlast a restart. Nothing changed: set AFTERGLOW_ROTA_FILE, restart, and try again.');
    if (!text.trim()) return ctx.replyQuietly('Usage: rota set, then the rota as YAML or JSON on the next lines (type "rota" to see the current one in that form).');
    let rota: Rota;
    try {
      rota = parseRota(text, config.defaultTimezone, config.rotaFile);
    } catch (err) {
      return ctx.replyQuietly(`That rota is not valid: ${err instanceof Error ? err.message : String(err)}. Nothing changed.`);
    }
    try {
      saveRota(config.rotaFile, text);
    } catch (err) {
      return ctx.replyQuietly(`Could not write ${config.rotaFile} (${errorCode(err)}). Nothing changed.`);
    }
    config.rota = rota;
    ctx.audit('rota.changed', undefined, { file: config.rotaFile, oncall: rota.oncall.length, holidays: rota.holidays.length, timezone: rota.timezone });
    ctx.replyQuietly(`Rota saved to ${config.rotaFile} and in use now.\n\n${describeRota(rota, ctx.now(), config)}`);
  }

  return [
    {
      name: 'rota',
      pattern: /^rota(?: show)?$/i,
      usage: 'rota',
      summary: 'clinic hours, holidays, who is on call and the paging policy',
      roles: ['clinician', 'admin'],
      run: (ctx) => ctx.replyQuietly(describeRota(ctx.services.config.rota, ctx.now(), ctx.services.config)),
    },
    {
      name: 'rota set',
      pattern: /^rota set(?:\s+([\s\S]*))?$/i,
      usage: 'rota set <YAML or JSON>',
      summary: 'replace clinic hours and the on-call rota (admin)',
      // The router loosens spacing near the start, which YAML indentation cannot survive: read the text as typed.
      run: (ctx) => setRota(ctx, ctx.text.trim().replace(/^rota\s+set\b/i, '')),
    },
  ];
}
