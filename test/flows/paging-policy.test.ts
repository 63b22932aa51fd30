import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alertsReport } from '../../src/safety/reports.js';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

interface StaffRow {
  at: string;
  kind: string;
  id?: string;
  mention?: string;
  text: string;
}

/** Outbox rows (SQLite) queued for staff about a case: channel posts and direct pages. */
function outboxCount(h: Harness, caseId: number): number {
  return (h.app.store.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE case_id = ? AND purpose = 'alert'`).get(caseId) as { n: number }).n;
}

/** What reached staff about a case, as the platform saw it (sent payloads are blanked in the outbox). */
function staffRows(h: Harness, caseId: number): StaffRow[] {
  return h.adapter.sent
    .filter((s) => !s.message.replaces && s.message.alert?.caseId === caseId)
    .map((s) => ({
      at: s.at.toISOString(),
      kind: s.to.kind,
      ...(s.to.kind === 'direct' ? { id: s.to.id } : {}),
      ...(s.message.mention ? { mention: s.message.mention } : {}),
      text: s.message.text,
    }));
}
const channelRows = (h: Harness, caseId: number) => staffRows(h, caseId).filter((r) => r.kind === 'clinicians' || r.kind === 'backup');

function rotaFile(body: object): string {
  const file = join(mkdtempSync(join(tmpdir(), 'afterglow-rota-')), 'rota.json');
  writeFileSync(file, JSON.stringify(body));
  return file;
}
const ALWAYS_ON_CALL = { oncall: [{ who: 'console:dr_on', name: 'Dr On', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '00:00' }] };

describe('paging without alarm fatigue', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN the default settings WHEN one high case is left open for 7 days THEN staff channels get no more than 60 posts in all and still get them after day 2', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    expect(h.app.store.cases.get(1)!.severity).toBe('high');
    const start = h.clock.now().getTime();
    await h.advance(7 * DAY);
    const posts = channelRows(h, 1);
    expect(outboxCount(h, 1)).toBe(posts.length);
    // Nobody is named on call by default, so nothing went anywhere but the two channels.
    expect(staffRows(h, 1)).toHaveLength(posts.length);
    expect(posts.length).toBeLessThanOrEqual(60);
    const afterDay2 = posts.filter((p) => new Date(p.at).getTime() > start + 2 * DAY);
    expect(afterDay2.length).toBeGreaterThan(0);
    // Summaries keep coming through the last day, day and night.
    expect(posts.filter((p) => new Date(p.at).getTime() > start + 6 * DAY).length).toBeGreaterThanOrEqual(5);
    expect(h.app.store.cases.get(1)!.status).toBe('open');
  });

  it('GIVEN a rota with someone on call WHEN a high case is not acknowledged THEN it climbs primary, backup, the on-call person directly, then summaries every 4 hours', async () => {
    h = await createHarness({ env: { AFTERGLOW_ROTA_FILE: rotaFile(ALWAYS_ON_CALL) } });
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    await h.advance(31 * MIN);
    const ladder = staffRows(h, 1);
    expect(ladder.map((r) => `${r.kind}${r.id ? `:${r.id}` : ''}${r.mention ? '@' : ''}`)).toEqual(['clinicians', 'clinicians@', 'backup@', 'direct:dr_on']);
    // The on-call person's own DM carries no patient words.
    expect(ladder[3]!.text).toMatch(/You are on call: case #1/);
    expect(ladder[3]!.text).not.toMatch(/kill myself/);
    await h.advance(4 * HOUR - 2 * MIN);
    expect(staffRows(h, 1)).toHaveLength(4);
    await h.advance(2 * MIN);
    const summary = staffRows(h, 1).slice(4);
    expect(summary.map((r) => r.kind)).toEqual(['backup', 'direct']);
    expect(summary[0]!.text).toMatch(/^📋 Summary: case #1 is still unacknowledged after 4 h 30 min — HIGH · suicidal ideation\. 6 posts to staff so far; reminders have stopped\. Next summary 2026-11-20 23:30 UTC\./);
    expect(summary[0]!.mention).toBeUndefined();
    expect(h.app.store.audit.forSubject('case', 1).map((a) => a.action)).toContain('case.escalation_exhausted');
  });

  it('GIVEN a high case already down to summaries WHEN the patient writes something more severe THEN paging starts again from the first rung', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    await h.advance(2 * DAY);
    await h.say('alice', 'i have the pills ready and i am going to kill myself tonight');
    expect(h.app.store.cases.get(1)).toMatchObject({ severity: 'imminent', escalationLevel: 0 });
    const before = staffRows(h, 1).length;
    await h.advance(5 * MIN);
    const next = staffRows(h, 1).slice(before);
    expect(next.map((r) => r.text.split('\n')[0])).toEqual(['⏰ Still unacknowledged (reminder 1 of 3): case #1 — IMMINENT · plan intent means']);
  });

  it('GIVEN a moderate case left open THEN after the ladder it is summarised once a clinic day, at opening, and not at weekends', async () => {
    // Friday 15:00 UTC; the default clinic is Monday to Friday, 09:00–17:00 in UTC.
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'I am too exhausted to keep living');
    expect(h.app.store.cases.get(1)!.severity).toBe('moderate');
    await h.advance(7 * DAY);
    const summaries = channelRows(h, 1).filter((r) => /Summary/.test(r.text));
    expect(summaries.map((r) => r.at.slice(0, 16))).toEqual(['2026-11-23T09:00', '2026-11-24T09:00', '2026-11-25T09:00', '2026-11-26T09:00', '2026-11-27T09:00']);
  });
});

describe('re-send timing, both ways, for every severity', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  for (const [severity, text, minutes] of [
    ['imminent', 'i have the pills ready and i am going to kill myself tonight', 5],
    ['high', 'i want to kill myself', 10],
    ['moderate', 'I am too exhausted to keep living', 30],
  ] as const) {
    it(`GIVEN an unacknowledged ${severity} alert THEN nothing is re-sent before ${minutes} minutes and the reminder is out by then`, async () => {
      h = await createHarness({ env: { AFTERGLOW_ESCALATION_MINUTES: '10' } });
      await onboard(h, 'alice');
      await h.say('alice', text);
      expect(h.app.store.cases.get(1)!.severity).toBe(severity);
      await h.advance(minutes * MIN - 1000);
      expect(channelRows(h, 1)).toHaveLength(1);
      await h.advance(1000);
      const rows = channelRows(h, 1);
      expect(rows).toHaveLength(2);
      expect(rows[1]!.text).toMatch(/Still unacknowledged \(reminder 1 of 3\)/);
      expect(rows[1]!.mention).toBe('oncall');
      // The next rung waits a whole timeout again.
      await h.advance(minutes * MIN - 1000);
      expect(channelRows(h, 1)).toHaveLength(2);
      await h.advance(1000);
      expect(channelRows(h, 1)).toHaveLength(3);
    });
  }

  it('GIVEN an unacknowledged review case THEN it is never re-sent as a page: one post without a mention, then a daily summary at clinic opening', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'can someone from my care team call me');
    expect(h.app.store.cases.get(1)!.severity).toBe('review');
    await h.advance(DAY);
    expect(channelRows(h, 1)).toHaveLength(1);
    await h.advance(6 * DAY);
    const rows = channelRows(h, 1);
    expect(rows.every((r) => r.mention === undefined)).toBe(true);
    expect(rows.some((r) => /Still unacknowledged|You are on call/.test(r.text))).toBe(false);
    expect(rows.slice(1).every((r) => /Summary/.test(r.text) && r.at.slice(11, 16) === '09:00')).toBe(true);
  });
});

describe('the alerts report', () => {
  it('GIVEN one case acknowledged in 5 minutes by day and one in an hour at night THEN report alerts shows pages per case and time to acknowledge by hour of day', async () => {
    const h = await createHarness();
    await onboard(h, 'alice');
    await onboard(h, 'bob');
    await h.say('alice', 'i want to kill myself');
    await h.advance(5 * MIN);
    await h.say('dr_lee', 'ack 1', { roles: ['clinician'] });
    await h.advanceTo('2026-11-20T22:00:00Z');
    await h.say('bob', 'i want to kill myself');
    await h.advance(60 * MIN);
    await h.say('dr_lee', 'ack 2', { roles: ['clinician'] });
    const report = alertsReport(h.app.store, 'UTC');
    // Case 1: the alert only. Case 2: the alert and three reminders before the hour was up.
    expect(report).toMatch(/^#1\s+high\s+suicidal_ideation\s+acknowledged\s+1\s+5\.0 min$/m);
    expect(report).toMatch(/^#2\s+high\s+suicidal_ideation\s+acknowledged\s+4\s+1\.0 h$/m);
    expect(report).toMatch(/^15:00\s+1\s+1\s+5\.0 min\s+5\.0 min$/m);
    expect(report).toMatch(/^22:00\s+1\s+1\s+1\.0 h\s+1\.0 h$/m);
    await h.close();
  });
});
