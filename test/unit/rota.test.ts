import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { isClinicOpen, nextOpening, onCallAt } from '../../src/safety/clinic-hours.js';
import { nextStep, type PagingSettings } from '../../src/safety/paging-policy.js';
import { defaultRota, parseRota } from '../../src/safety/rota.js';

const file = (text: string) => {
  const p = join(mkdtempSync(join(tmpdir(), 'afterglow-rota-')), 'rota.yaml');
  writeFileSync(p, text);
  return p;
};
const configError = (env: Record<string, string>): string => {
  try {
    loadConfig({ AFTERGLOW_DB: ':memory:', ...env });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('loadConfig accepted it');
};

describe('the rota file, checked at start', () => {
  it('GIVEN clinic hours that are not a span THEN start fails with one line naming the setting, the file and the field', () => {
    const p = file('hours:\n  mon: "9-5"\n');
    const msg = configError({ AFTERGLOW_ROTA_FILE: p });
    expect(msg).toBe(`AFTERGLOW_ROTA_FILE ${p}: hours.mon must be a span such as 09:00-17:00`);
  });

  it('GIVEN a missing rota file, an unknown key, a bad zone or a bad on-call id THEN each is one clear line', () => {
    expect(configError({ AFTERGLOW_ROTA_FILE: '/nonexistent/rota.yaml' })).toBe('AFTERGLOW_ROTA_FILE /nonexistent/rota.yaml cannot be read (ENOENT)');
    expect(configError({ AFTERGLOW_ROTA_FILE: file('hollidays: []\n') })).toMatch(/^AFTERGLOW_ROTA_FILE \S+: the rota .*hollidays/);
    expect(configError({ AFTERGLOW_ROTA_FILE: file('timezone: Mars/Olympus\n') })).toMatch(/timezone must be an IANA time zone/);
    expect(configError({ AFTERGLOW_ROTA_FILE: file('oncall:\n  - { who: dr_lee, days: [mon], from: "17:00", to: "09:00" }\n') })).toMatch(/oncall\.0\.who must be platform:user-id/);
    for (const m of [configError({ AFTERGLOW_ROTA_FILE: file('hours: { mon: "17:00-09:00" }\n') })]) expect(m.split('\n')).toHaveLength(1);
  });

  it('GIVEN no rota file THEN the clinic is open Monday to Friday 09:00–17:00 in the default zone and nobody is named on call', () => {
    const c = loadConfig({ AFTERGLOW_DB: ':memory:', AFTERGLOW_DEFAULT_TIMEZONE: 'Europe/Madrid' });
    expect(c.rota).toEqual(defaultRota('Europe/Madrid'));
    expect(isClinicOpen(c.rota, new Date('2026-11-20T08:30:00Z'))).toBe(true); // Friday 09:30 in Madrid
    expect(isClinicOpen(c.rota, new Date('2026-11-21T10:00:00Z'))).toBe(false); // Saturday
  });
});

describe('clinic hours and on call, in the clinic zone', () => {
  const ny = parseRota(
    JSON.stringify({
      timezone: 'America/New_York',
      holidays: ['2026-11-26'],
      oncall: [
        { who: 'slack:U1', name: 'Dr Night', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '17:00', to: '09:00' },
        { who: 'slack:U2', name: 'Dr Weekend', days: ['sat'], from: '09:00', to: '09:00' },
      ],
    }),
    'UTC',
    'test',
  );

  it('GIVEN an overnight shift THEN it covers the small hours of the next day and ends at 09:00', () => {
    expect(onCallAt(ny, new Date('2026-11-25T04:00:00Z'))?.name).toBe('Dr Night'); // Tue 23:00 EST
    expect(onCallAt(ny, new Date('2026-11-25T13:59:00Z'))?.name).toBe('Dr Night'); // Wed 08:59
    expect(onCallAt(ny, new Date('2026-11-25T14:00:00Z'))).toBeUndefined(); // Wed 09:00: the clinic has it
    expect(onCallAt(ny, new Date('2026-11-22T12:00:00Z'))?.name).toBe('Dr Weekend'); // Sunday 07:00, a 24-hour shift from Saturday
  });

  it('GIVEN a holiday THEN the clinic is closed all day and the next opening is the day after', () => {
    expect(isClinicOpen(ny, new Date('2026-11-26T16:00:00Z'))).toBe(false);
    expect(nextOpening(ny, new Date('2026-11-26T16:00:00Z'))?.toISOString()).toBe('2026-11-27T14:00:00.000Z');
  });

  it('GIVEN the weekend daylight saving ends THEN the clinic still opens at 09:00 local on Monday', () => {
    // US clocks go back on Sunday 1 November 2026: Friday's 09:00 is 13:00 UTC, Monday's is 14:00 UTC.
    expect(nextOpening(ny, new Date('2026-10-30T12:00:00Z'))?.toISOString()).toBe('2026-10-30T13:00:00.000Z');
    expect(nextOpening(ny, new Date('2026-10-31T12:00:00Z'))?.toISOString()).toBe('2026-11-02T14:00:00.000Z');
  });
});

describe('the paging policy as a pure function', () => {
  const settings: PagingSettings = { timeoutMinutes: 10, repeats: 3, summaryHours: 4 };
  const rota = defaultRota('UTC');
  const now = new Date('2026-11-21T03:00:00Z');

  it('GIVEN a high case past its reminders THEN the next step is a summary in 4 hours, with the on-call mention when nobody is named', () => {
    const { step, nextAt } = nextStep({ severity: 'high', escalationLevel: 3 }, now, rota, settings, true);
    expect(step).toEqual({ reason: 'summary', level: 4, targets: [{ kind: 'backup', mention: true }], lastReminder: false });
    expect(nextAt.toISOString()).toBe('2026-11-21T07:00:00.000Z');
  });

  it('GIVEN no backup channel THEN every rung and summary falls back to the clinician channel', () => {
    const second = nextStep({ severity: 'imminent', escalationLevel: 1 }, now, rota, settings, false);
    expect(second.step.targets).toEqual([{ kind: 'clinicians', mention: true }]);
    expect(second.nextAt.toISOString()).toBe('2026-11-21T03:05:00.000Z');
  });

  it('GIVEN a review case THEN it is never paged: a summary without a mention at the next clinic opening', () => {
    const { step, nextAt } = nextStep({ severity: 'review', escalationLevel: 0 }, now, rota, settings, true);
    expect(step).toEqual({ reason: 'summary', level: 1, targets: [{ kind: 'backup', mention: false }], lastReminder: false });
    expect(nextAt.toISOString()).toBe('2026-11-23T09:00:00.000Z');
  });

  it('GIVEN the person on call is on another platform than the case THEN the third rung is the backup channel with the on-call mention, not a page that cannot arrive', () => {
    const slackNights = parseRota(JSON.stringify({ oncall: [{ who: 'slack:U1', days: ['sat'], from: '00:00', to: '00:00' }] }), 'UTC', 'test');
    expect(nextStep({ severity: 'high', escalationLevel: 2, platform: 'discord' }, now, slackNights, settings, true).step.targets).toEqual([{ kind: 'backup', mention: true }]);
    expect(nextStep({ severity: 'high', escalationLevel: 2, platform: 'slack' }, now, slackNights, settings, true).step.targets).toEqual([{ kind: 'oncall_person', shift: slackNights.oncall[0] }]);
  });
});
