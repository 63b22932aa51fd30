import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

// One check-in a day (src/scheduler/checkin-day.ts): on a local day when the
// session's sequence has a check-in, the daily check-in gives way to it.
// The default sequence asks for a check-in 4 hours after the session and at
// 18:00 on day 2.

const LA = 'America/Los_Angeles';

async function patient(h: Harness, who: string, zone: string, checkinTime: string): Promise<number> {
  await onboard(h, who);
  await h.say(who, `timezone ${zone}`);
  await h.say(who, `checkin time ${checkinTime}`);
  return h.app.store.people.findByIdentity('console', who)!.id;
}

/** The local times at which a check-in arrived on its own (daily or sequence). */
function checkinsTo(h: Harness, who: string, zone: string): string[] {
  return h.adapter.sent
    .filter((s) => s.to.kind === 'direct' && s.to.id === who && !s.message.inReplyTo && s.message.choices?.some((c) => c.id === 'checkin:mood:0'))
    .map((s) => DateTime.fromJSDate(s.at, { zone }).toFormat('yyyy-LL-dd HH:mm'));
}

/** The daily check-ins the scheduler decided about, with their local day and outcome. */
function dailies(h: Harness, zone: string): { day: string; status: string; reason: string | null }[] {
  const rows = h.app.store.db.prepare(`SELECT due_at, status, reason FROM deliveries WHERE source = 'checkin' ORDER BY due_at`).all() as { due_at: string; status: string; reason: string | null }[];
  return rows.map((r) => ({ day: DateTime.fromISO(r.due_at, { zone }).toISODate()!, status: r.status, reason: r.reason }));
}

describe('one check-in on a session day', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a patient in Los Angeles with an 08:00 daily check-in and a session at 14:00 WHEN the days pass THEN each day brings one check-in: the sequence\'s on the session day and day 2, the daily the day after and on day 3', async () => {
    h = await createHarness({ start: '2026-11-09T20:00:00Z' }); // Mon 9 Nov, 12:00 in Los Angeles
    await patient(h, 'alice', LA, '08:00');
    await h.say('carol', 'session alice 2026-11-10T14:00', { roles: ['clinician'] });
    await h.advanceTo('2026-11-14T00:00:00Z'); // Fri 13 Nov, 16:00 local
    // 18:00 in Los Angeles is 02:00 UTC the next day: the days that count are the patient's, not UTC's.
    expect(checkinsTo(h, 'alice', LA)).toEqual([
      '2026-11-10 18:00', // session day: the landing check-in, not the daily one at 08:00
      '2026-11-11 08:00', // the day after: the daily resumes
      '2026-11-12 18:00', // day 2: the sequence's evening check-in, again instead of the daily
      '2026-11-13 08:00',
    ]);
    expect(dailies(h, LA)).toEqual([
      { day: '2026-11-10', status: 'skipped', reason: 'sequence_checkin' },
      { day: '2026-11-11', status: 'queued', reason: null },
      { day: '2026-11-12', status: 'skipped', reason: 'sequence_checkin' },
      { day: '2026-11-13', status: 'queued', reason: null },
    ]);
  });

  it('GIVEN a 20:00 daily check-in WHEN the session\'s landing check-in already went out at 18:00 that day THEN the daily one is skipped, and the next evening it comes', async () => {
    h = await createHarness({ start: '2026-11-10T16:00:00Z' }); // Tue 10 Nov, 08:00 in Los Angeles
    await patient(h, 'alice', LA, '20:00');
    await h.say('carol', 'session alice 2026-11-10T14:00', { roles: ['clinician'] });
    await h.advanceTo('2026-11-12T06:00:00Z'); // Wed 11 Nov, 22:00 local
    expect(checkinsTo(h, 'alice', LA)).toEqual(['2026-11-10 18:00', '2026-11-11 20:00']);
    expect(dailies(h, LA).map((d) => d.reason)).toEqual(['sequence_checkin', null]);
  });

  it('GIVEN a session that was replaced by a later one WHEN the first session\'s day comes THEN its cancelled check-in does not take the day: the daily one comes', async () => {
    h = await createHarness({ start: '2026-11-09T20:00:00Z' });
    await patient(h, 'alice', LA, '08:00');
    await h.say('carol', 'session alice 2026-11-10T14:00', { roles: ['clinician'] });
    await h.say('carol', 'session alice 2026-11-17T14:00', { roles: ['clinician'] }); // rescheduled a week on
    await h.advanceTo('2026-11-11T00:00:00Z'); // Tue 10 Nov, 16:00 local
    expect(checkinsTo(h, 'alice', LA)).toEqual(['2026-11-10 08:00']);
  });
});
