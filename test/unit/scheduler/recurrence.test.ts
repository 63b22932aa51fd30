import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../src/core/errors.js';
import { nextOccurrence, nextOccurrences, parseWhen, quietHoursEnd, sequenceStepAt } from '../../../src/scheduler/recurrence.js';

const NY = 'America/New_York';

describe('the <when> language', () => {
  it('GIVEN each form WHEN parsed THEN it is normalised', () => {
    expect(parseWhen('daily 9:00').spec).toBe('daily 09:00');
    expect(parseWhen('weekly thu,Mon 19:30').spec).toBe('weekly mon,thu 19:30');
    expect(parseWhen('once 2026-12-01 18:00').spec).toBe('once 2026-12-01 18:00');
    expect(parseWhen('*/15 9-17 * * 1-5').spec).toBe('*/15 9-17 * * 1-5');
  });

  it.each([
    ['daily 24:00', /not a time of day/],
    ['weekly xyz 10:00', /"xyz" is not a day/],
    ['once 2026-02-30 10:00', /not a calendar date/],
    ['61 * * * *', /cron pattern/],
    ['* * * *', /not a schedule/],
    ['0 0 31 2 *', /cron pattern|impossible/],
  ])('GIVEN %s WHEN parsed THEN schedule_invalid names the problem', (input, message) => {
    expect(() => parseWhen(input)).toThrow(CodedError);
    expect(() => parseWhen(input)).toThrow(message);
  });
});

describe('occurrences in a time zone', () => {
  it('GIVEN daily 09:00 in New York WHEN the clocks go back on 1 Nov 2026 THEN UTC moves from 13:00 to 14:00', () => {
    const runs = nextOccurrences(parseWhen('daily 09:00').recurrence, NY, new Date('2026-10-30T12:00:00Z'), 4);
    expect(runs.map((d) => d.toISOString())).toEqual([
      '2026-10-30T13:00:00.000Z',
      '2026-10-31T13:00:00.000Z',
      '2026-11-01T14:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
    ]);
  });

  it('GIVEN 01:30 daily WHEN the hour repeats on 1 Nov THEN it fires once that day', () => {
    const runs = nextOccurrences(parseWhen('daily 01:30').recurrence, NY, new Date('2026-10-31T12:00:00Z'), 2);
    expect(runs.map((d) => d.toISOString())).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });

  it('GIVEN 02:30 daily WHEN that time does not exist (8 Mar 2026) THEN it runs once, an hour later', () => {
    const [run] = nextOccurrences(parseWhen('daily 02:30').recurrence, NY, new Date('2026-03-08T05:00:00Z'), 1);
    expect(run!.toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
  });

  it('GIVEN a cron pattern WHEN evaluated across the DST change THEN node-cron\'s matcher confirms local times', () => {
    const runs = nextOccurrences(parseWhen('30 19 * * 1,4').recurrence, NY, new Date('2026-10-28T00:00:00Z'), 3);
    expect(runs.map((d) => d.toISOString())).toEqual(['2026-10-29T23:30:00.000Z', '2026-11-03T00:30:00.000Z', '2026-11-06T00:30:00.000Z']);
  });

  it('GIVEN a once in the past WHEN asked for the next run THEN there is none', () => {
    expect(nextOccurrence(parseWhen('once 2020-01-01 10:00').recurrence, NY, new Date('2026-01-01T00:00:00Z'))).toBeUndefined();
  });
});

describe('quiet hours and sequence offsets', () => {
  it('GIVEN 21:00-08:00 WHEN something is due at 23:00 or 06:00 THEN it waits until 08:00; at 12:00 it goes', () => {
    expect(quietHoursEnd(new Date('2026-11-11T04:00:00Z'), NY, '21:00', '08:00')!.toISOString()).toBe('2026-11-11T13:00:00.000Z');
    expect(quietHoursEnd(new Date('2026-11-11T11:00:00Z'), NY, '21:00', '08:00')!.toISOString()).toBe('2026-11-11T13:00:00.000Z');
    expect(quietHoursEnd(new Date('2026-11-11T17:00:00Z'), NY, '21:00', '08:00')).toBeUndefined();
  });

  it('GIVEN quiet hours ending the morning the clocks go back WHEN due at 23:00 the night before THEN the end is 08:00 EST', () => {
    expect(quietHoursEnd(new Date('2026-11-01T03:00:00Z'), NY, '21:00', '08:00')!.toISOString()).toBe('2026-11-01T13:00:00.000Z');
  });

  it('GIVEN a Saturday 14:00 EDT session WHEN day 1 at 09:30 THEN Sunday 09:30 EST; +4 hours is elapsed time', () => {
    const session = new Date('2026-10-31T18:00:00Z');
    expect(sequenceStepAt(session, NY, { days: 1, at: '09:30' }).toISOString()).toBe('2026-11-01T14:30:00.000Z');
    expect(sequenceStepAt(session, NY, { hours: 4 }).toISOString()).toBe('2026-10-31T22:00:00.000Z');
  });
});
