import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

const NY = 'America/New_York';
const local = (d: Date, zone = NY) => DateTime.fromJSDate(d, { zone }).toFormat('yyyy-LL-dd HH:mm');

async function patient(h: Harness, who: string, zone = NY): Promise<number> {
  await onboard(h, who);
  await h.say(who, `timezone ${zone}`);
  return h.app.store.people.findByIdentity('console', who)!.id;
}

/** Scheduled messages (not replies) to one person, with their local send times. */
function scheduledTo(h: Harness, who: string, zone = NY): { at: string; text: string }[] {
  return h.adapter.sent
    .filter((s) => s.to.kind === 'direct' && s.to.id === who && !s.message.inReplyTo)
    .map((s) => ({ at: local(s.at, zone), text: s.message.text }));
}

describe('scheduled integration', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a session on Sat 31 Oct 2026 in New York WHEN time passes the DST change THEN each step arrives at its local time', async () => {
    h = await createHarness({ start: '2026-10-31T16:00:00Z' }); // 12:00 EDT
    await patient(h, 'alice');
    await h.say('alice', 'intention to be gentler with myself');
    const r = await h.say('carol', 'session alice 2026-10-31T14:00', { roles: ['clinician'] });
    expect(r.join('\n')).toMatch(/Session recorded for alice at Sat 31 Oct 2026, 14:00 EDT/);
    h.adapter.clear();
    await h.advanceTo('2026-11-03T12:00:00-05:00');
    const got = scheduledTo(h, 'alice');
    expect(got.map((g) => g.at)).toEqual([
      '2026-10-31 17:00', // +3h landing prompt (EDT)
      '2026-10-31 18:00', // +4h landing check-in
      '2026-11-01 09:30', // next morning, now EST
      '2026-11-01 12:00', // side-effect check
      '2026-11-01 19:00', // exercise offer
      '2026-11-02 09:30',
      '2026-11-02 18:00',
      '2026-11-03 09:30',
    ]);
    // 09:30 EST is 14:30 UTC after the change (13:30 UTC before).
    const nextMorning = h.adapter.sent.find((s) => local(s.at) === '2026-11-01 09:30')!;
    expect(nextMorning.at.toISOString()).toBe('2026-11-01T14:30:00.000Z');
  });

  it('GIVEN a daily 09:00 check-in in New York WHEN the clocks go back THEN it still arrives at 09:00 local and starts the check-in flow', async () => {
    h = await createHarness({ start: '2026-10-30T14:00:00Z' });
    const id = await patient(h, 'alice');
    await h.say('alice', 'checkin time 09:00');
    await h.advanceTo('2026-11-02T15:00:00Z');
    const got = scheduledTo(h, 'alice').filter((g) => /short check-in/.test(g.text));
    expect(got.map((g) => g.at)).toEqual(['2026-10-31 09:00', '2026-11-01 09:00', '2026-11-02 09:00']);
    expect(h.app.store.state.get(id)?.flow).toBe('checkin');
    const r = await h.press('alice', 'checkin:mood:7');
    expect(r.at(-1)).toMatch(/anxious/i);
  });

  it('GIVEN a check-in time inside quiet hours WHEN it falls due THEN it waits until the quiet hours end', async () => {
    h = await createHarness({ start: '2026-11-10T12:00:00Z' });
    await patient(h, 'alice');
    await h.say('alice', 'quiet hours 22:00-07:30');
    await h.say('alice', 'checkin time 23:00');
    await h.advanceTo('2026-11-11T18:00:00Z');
    const got = scheduledTo(h, 'alice');
    expect(got.map((g) => g.at)).toEqual(['2026-11-11 07:30']);
    const d = h.app.store.db.prepare(`SELECT due_at, send_at, reason FROM deliveries WHERE source = 'checkin'`).get() as Record<string, string>;
    expect(d).toMatchObject({ due_at: '2026-11-11T04:00:00.000Z', send_at: '2026-11-11T12:30:00.000Z', reason: 'quiet_hours' });
  });

  it('GIVEN a paused or opted-out patient WHEN a check-in falls due THEN nothing is sent and the skip is recorded', async () => {
    h = await createHarness({ start: '2026-11-10T12:00:00Z' });
    await patient(h, 'alice');
    await h.say('alice', 'checkin time 09:00');
    await h.say('alice', 'pause 2d');
    await h.advanceTo('2026-11-12T12:00:00Z');
    expect(scheduledTo(h, 'alice')).toEqual([]);
    const reasons = h.app.store.db.prepare(`SELECT reason FROM deliveries ORDER BY due_at`).all() as { reason: string }[];
    expect(reasons.map((r) => r.reason)).toEqual(['paused', 'paused']);
    await h.say('alice', 'stop');
    await h.advanceTo('2026-11-13T16:00:00Z');
    expect(scheduledTo(h, 'alice')).toEqual([]);
  });

  it('GIVEN the bot was down over a check-in WHEN it starts within the grace period THEN the check-in goes out once at start', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    await patient(h, 'alice');
    await h.say('alice', 'checkin time 09:00');
    await h.advanceTo('2026-11-11T13:00:00Z'); // 08:00 local, nothing due yet
    h.clock.set('2026-11-11T15:30:00Z'); // down until 10:30 local: 90 minutes late
    await h.restart();
    await h.app.settle();
    expect(scheduledTo(h, 'alice').map((g) => g.at)).toEqual(['2026-11-11 10:30']);
    await h.restart();
    await h.advanceTo('2026-11-11T20:00:00Z');
    expect(scheduledTo(h, 'alice')).toHaveLength(0); // the adapter is new after a restart: nothing repeated
    expect(h.app.store.outbox.counts().sent).toBeGreaterThan(0);
    const rows = h.app.store.db.prepare(`SELECT status FROM deliveries`).all();
    expect(rows).toEqual([{ status: 'queued' }]);
  });

  it('GIVEN the bot was down over a check-in WHEN it starts after the grace period THEN the check-in is recorded as skipped, and the next day\'s arrives', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    await patient(h, 'alice');
    await h.say('alice', 'checkin time 09:00');
    await h.advanceTo('2026-11-11T13:00:00Z');
    h.clock.set('2026-11-11T17:30:00Z'); // 12:30 local: 3.5 h late, grace is 2 h
    await h.restart();
    await h.advanceTo('2026-11-12T15:00:00Z');
    expect(scheduledTo(h, 'alice').map((g) => g.at)).toEqual(['2026-11-12 09:00']);
    const rows = h.app.store.db.prepare(`SELECT status, reason FROM deliveries ORDER BY due_at`).all();
    expect(rows).toEqual([
      { status: 'skipped', reason: 'missed' },
      { status: 'queued', reason: null },
    ]);
  });

  it('GIVEN a new session WHEN one was already scheduled THEN the rest of the earlier sequence is replaced', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    await patient(h, 'alice');
    await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
    await h.say('carol', 'session alice 2026-11-17T09:00', { roles: ['clinician'] });
    const rows = h.app.store.db.prepare(`SELECT source_id, status, reason FROM deliveries WHERE status != 'skipped' ORDER BY source_id, due_at`).all() as { source_id: number; status: string }[];
    const first = rows.filter((r) => r.source_id === 1);
    const second = rows.filter((r) => r.source_id === 2);
    // Both lists must have rows, or the checks below would pass on nothing.
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect(first.every((r) => r.status === 'cancelled')).toBe(true);
    expect(second.every((r) => r.status === 'planned')).toBe(true);
  });

  it('GIVEN a patient WHEN they ask "schedule" THEN they see what is coming in their local time', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    await patient(h, 'alice');
    await h.say('alice', 'checkin time 18:00');
    expect((await h.say('alice', 'schedule'))[0]).toMatch(/Tue 10 Nov, 18:00 — Check-in/);
    await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
    const r = await h.say('alice', 'schedule');
    expect(r[0]).toMatch(/Coming up \(your time, America\/New_York\)/);
    expect(r[0]).toMatch(/Tue 10 Nov, 13:00 — Check-in/);
    // One check-in a day: the session's at 13:00 takes the day, so the next daily one is tomorrow's.
    expect(r[0]).not.toMatch(/Tue 10 Nov, 18:00/);
    expect(r[0]).toMatch(/Wed 11 Nov, 18:00 — Check-in/);
  });

  it('GIVEN a PHQ-9 in the sequence WHEN item 9 is answered above 0 THEN a high suicidal-ideation case opens and the crisis reply is sent', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    const id = await patient(h, 'alice');
    await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
    await h.advanceTo('2026-11-17T16:01:00Z'); // day 7, 11:01 local
    expect(scheduledTo(h, 'alice').at(-1)!.text).toMatch(/PHQ-9[\s\S]*\(1\/9\) Little interest/);
    for (let i = 0; i < 8; i++) await h.press('alice', `instr:phq9:${i}:1`);
    h.adapter.clear();
    const r = await h.press('alice', 'instr:phq9:8:1');
    const [kase] = h.app.store.cases.openForPerson(id);
    expect(kase).toMatchObject({ severity: 'high', category: 'suicidal_ideation', source: 'instrument' });
    expect(r.join('\n')).toMatch(/988/);
    expect(h.adapter.clinicianChannel()).toHaveLength(1);
    expect(h.app.store.db.prepare(`SELECT instrument, score FROM instrument_results`).get()).toEqual({ instrument: 'phq9', score: 9 });
  });
});

describe('facilitator groups', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });
  const fac = { roles: ['facilitator' as const] };

  it('GIVEN a patient or another group\'s facilitator WHEN they try to change a group THEN they are refused, it is audited, and nothing changes', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    await patient(h, 'bob');
    expect((await h.say('bob', 'group create circle'))[0]).toMatch(/only for clinic staff/);
    await h.say('fran', 'group create circle America/New_York', fac);
    const r = await h.say('gail', 'group add circle bob', fac);
    expect(r[0]).toMatch(/Only the facilitators of "circle" and admins can add members/);
    expect(h.app.store.db.prepare(`SELECT COUNT(*) AS n FROM group_members WHERE role = 'member'`).get()).toEqual({ n: 0 });
    const audit = h.app.store.db.prepare(`SELECT action FROM audit_log WHERE action IN ('command.refused', 'group.refused')`).all();
    expect(audit).toEqual([{ action: 'command.refused' }, { action: 'group.refused' }]);
    expect((await h.say('root', 'group add circle bob', { roles: ['admin'] }))[0]).toMatch(/Added bob/);
  });

  it('GIVEN bad input WHEN a facilitator schedules or enrols THEN a clear error names the problem and nothing changes', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    await patient(h, 'bob');
    await h.say('fran', 'group create circle America/New_York', fac);
    await h.say('fran', 'group add circle bob', fac);
    const cases: [string, RegExp][] = [
      ['schedule circle "daily 25:00" "hello"', /"25:00" is not a time of day/],
      ['schedule circle "weekly mon,funday 19:30" "hello"', /"funday" is not a day/],
      ['schedule circle "daily 09:00 Mars/Olympus" "hello"', /"Mars\/Olympus" is not a time zone/],
      ['schedule circle "once 2020-01-01 18:00" "hello"', /is in the past/],
      ['schedule circle "0 0 31 2 *" "hello"', /cron pattern|never fires/],
      ['schedule circle "every tuesday" "hello"', /not a schedule/],
      ['schedule circle "daily 09:00" no-such-prompt', /not a prompt or exercise id/],
      ['schedule circle "daily 09:00" "hello" to channel', /has no channel/],
      ['schedule nowhere "daily 09:00" "hello"', /no group called "nowhere"/],
      ['group add circle bob', /bob is already in "circle"/],
      ['group add circle nobody', /don't know anyone called "nobody"/],
      ['group create circle', /already exists/],
    ];
    for (const [cmd, expected] of cases) expect((await h.say('fran', cmd, fac))[0], cmd).toMatch(expected);
    expect(h.app.store.db.prepare(`SELECT COUNT(*) AS n FROM schedules`).get()).toEqual({ n: 0 });
    expect(h.app.store.db.prepare(`SELECT COUNT(*) AS n FROM group_members WHERE role = 'member'`).get()).toEqual({ n: 1 });
    expect((await h.say('carol', 'session bob next-tuesday', { roles: ['clinician'] }))[0]).toMatch(/not an ISO 8601 date-time/);
    expect((await h.say('carol', 'session bob 2026-01-01T10:00', { roles: ['clinician'] }))[0]).toMatch(/in the past/);
  });

  it('GIVEN a weekly group schedule WHEN previewed and run THEN the next runs show in local time and each member gets it by DM with participation counted', async () => {
    h = await createHarness({ start: '2026-10-28T15:00:00Z' });
    await patient(h, 'bob');
    await patient(h, 'dee');
    await h.say('fran', 'group create circle America/New_York', fac);
    await h.say('fran', 'group add circle bob dee', fac);
    const created = await h.say('fran', 'schedule circle "weekly mon,thu 19:30" "How are you arriving this evening?" to members', fac);
    expect(created[0]).toMatch(/Schedule #1 created/);
    const preview = await h.say('fran', 'schedule preview 1', fac);
    expect(preview[0]).toContain('Thu 29 Oct 2026, 19:30 EDT');
    expect(preview[0]).toContain('Mon 2 Nov 2026, 19:30 EST');
    await h.advanceTo('2026-10-29T23:31:00Z');
    expect(h.adapter.to('bob').at(-1)).toBe('How are you arriving this evening?');
    expect(h.adapter.to('dee').at(-1)).toBe('How are you arriving this evening?');
    await h.say('bob', 'Calmer than last week, thanks');
    const part = await h.say('fran', 'participation 1', fac);
    expect(part[0]).toMatch(/1\/2 — bob/);
    await h.say('fran', 'schedule pause 1', fac);
    await h.advanceTo('2026-11-03T12:00:00Z');
    expect(h.adapter.to('bob').filter((t) => /arriving/.test(t))).toHaveLength(1);
  });
});
