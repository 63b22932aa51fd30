import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

// Check-ins that notice: an extreme answer gets a caring word and one
// fitting offer at most once an hour; the clinic's threshold (default mood
// ≤ 1 or anxiety ≥ 9 twice in three days) opens a review case; the day-2
// check-in asks about thoughts of self-harm and a non-zero answer escalates.

const NY = 'America/New_York';

async function checkin(h: Harness, who: string, mood: number, anxiety: number, sleep: number): Promise<string[]> {
  await h.say(who, 'checkin');
  await h.press(who, `checkin:mood:${mood}`);
  await h.press(who, `checkin:anxiety:${anxiety}`);
  await h.press(who, `checkin:sleep:${sleep}`);
  return h.press(who, 'checkin:note:skip');
}

describe('check-ins that notice', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a patient with no safety plan WHEN mood is 0 THEN a caring word and the offer of a person follow, and a second within the hour gets the word without another offer', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const r = await checkin(h, 'alice', 0, 4, 3);
    expect(r).toContain(h.app.content.text('checkin.notice.mood', 'en'));
    expect(r.at(-1)).toBe(h.app.content.text('checkin.offer.person', 'en'));
    await h.advance(30 * 60_000);
    const again = await checkin(h, 'alice', 1, 4, 3);
    expect(again.at(-1)).toBe(h.app.content.text('checkin.notice.mood', 'en'));
    await h.advance(31 * 60_000);
    expect((await checkin(h, 'alice', 1, 4, 3)).at(-1)).toBe(h.app.content.text('checkin.offer.person', 'en'));
  });

  it('GIVEN an ordinary check-in WHEN answered mood 6, anxiety 4, sleep 3 THEN only the thank-you comes, no offer and no case', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const r = await checkin(h, 'alice', 6, 4, 3);
    expect(r.at(-1)).toMatch(/Thank you for checking in/);
    expect(h.app.store.cases.all()).toEqual([]);
  });

  it('GIVEN anxiety 10 WHEN it is the day after a session THEN box breathing is offered, but within 24 hours of the session an exercise without breath holds is', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    await onboard(h, 'alice');
    await h.say('alice', `timezone ${NY}`);
    await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] }); // an hour ago
    const onDosingDay = await checkin(h, 'alice', 5, 10, 3);
    expect(onDosingDay).toContain(h.app.content.text('checkin.notice.anxiety', 'en'));
    expect(h.adapter.sent.at(-1)!.message.choices?.[0]!.id).toBe('sched:exercise:grounding-5-4-3-2-1');
    await h.advanceTo('2026-11-11T15:00:00Z'); // 25 h after the session
    await checkin(h, 'alice', 5, 10, 3);
    expect(h.adapter.sent.filter((s) => s.to.kind === 'direct').at(-1)!.message.choices?.[0]!.id).toBe('sched:exercise:box-breathing');
  });

  it('GIVEN mood 1 once WHEN it comes again within three days THEN a review case opens with both check-ins, and nobody is paged', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await checkin(h, 'alice', 1, 3, 3);
    expect(h.app.store.cases.all()).toEqual([]);
    await h.advance(2 * 86_400_000);
    await checkin(h, 'alice', 0, 3, 3);
    const [kase] = h.app.store.cases.all();
    expect(kase).toMatchObject({ severity: 'review', category: 'checkin_threshold' });
    // A review case never pages: a week on, nothing it posted to staff carried a mention.
    await h.advance(7 * 86_400_000);
    const staffPosts = [...h.adapter.clinicianChannel(), ...h.adapter.sent.filter((s) => s.to.kind === 'backup')];
    expect(staffPosts.length).toBeGreaterThan(0);
    expect(staffPosts.filter((s) => s.message.mention !== undefined)).toEqual([]);
    const alert = h.adapter.clinicianChannel().find((s) => s.message.alert?.caseId === kase!.id)!.message.text;
    expect(alert).toMatch(/2 at the clinic's threshold \(mood ≤ 1 or anxiety ≥ 9\) within 3 days/);
    expect(alert).toMatch(/mood 1, anxiety 3[\s\S]*mood 0, anxiety 3/);
  });

  it('GIVEN anxiety 9 twice WHEN four days apart THEN no case opens', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await checkin(h, 'alice', 5, 9, 3);
    await h.advance(4 * 86_400_000);
    await checkin(h, 'alice', 5, 9, 3);
    expect(h.app.store.cases.all()).toEqual([]);
  });

  it('GIVEN a clinic that sets the threshold to mood ≤ 3 once WHEN a patient answers mood 3 THEN a review case opens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afterglow-clinic-'));
    mkdirSync(join(dir, 'clinical'));
    writeFileSync(join(dir, 'clinical', 'settings.yaml'), 'checkinReview:\n  moodAtMost: 3\n  anxietyAtLeast: null\n  times: 1\n  withinDays: 1\n');
    h = await createHarness({ env: { AFTERGLOW_CONTENT_DIR: dir } });
    await onboard(h, 'alice');
    await checkin(h, 'alice', 3, 10, 3);
    expect(h.app.store.cases.all()).toEqual([expect.objectContaining({ severity: 'review', category: 'checkin_threshold' })]);
  });

  it('GIVEN the day-2 check-in of the sequence WHEN the patient answers the thoughts question "Once or briefly" THEN the crisis reply comes at once and a high case names the answer', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    await onboard(h, 'alice');
    await h.say('alice', `timezone ${NY}`);
    const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
    await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
    await h.advanceTo('2026-11-12T23:01:00Z'); // day 2, 18:01 local
    await h.press('alice', 'checkin:mood:5');
    await h.press('alice', 'checkin:anxiety:5');
    const q = await h.press('alice', 'checkin:sleep:3');
    expect(q.at(-1)).toBe(h.app.content.text('checkin.ask_thoughts', 'en'));
    const r = await h.press('alice', 'checkin:thoughts:1');
    expect(r.join('\n')).toMatch(/call 911[\s\S]*988/);
    expect(h.app.store.cases.openForPerson(id)[0]).toMatchObject({ severity: 'high', category: 'suicidal_ideation' });
    expect(h.adapter.clinicianChannel().at(-1)!.message.text).toContain('thoughts of ending their life or of self-harm since the session = 1 “Once or briefly”');
    expect(h.app.store.records.recentCheckins(id)[0]).toMatchObject({ mood: 5, anxiety: 5, sleep: 3 });
  });

  it('GIVEN the day-2 check-in WHEN the thoughts question is answered "No" THEN the note is asked next and no case opens; a typed check-in never asks it', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    await onboard(h, 'alice');
    await h.say('alice', `timezone ${NY}`);
    await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
    await h.advanceTo('2026-11-12T23:01:00Z');
    await h.press('alice', 'checkin:mood:5');
    await h.press('alice', 'checkin:anxiety:5');
    await h.press('alice', 'checkin:sleep:3');
    expect((await h.press('alice', 'checkin:thoughts:0')).at(-1)).toBe(h.app.content.text('checkin.ask_note', 'en'));
    await h.press('alice', 'checkin:note:skip');
    await h.say('alice', 'checkin');
    await h.press('alice', 'checkin:mood:5');
    await h.press('alice', 'checkin:anxiety:5');
    expect((await h.press('alice', 'checkin:sleep:3')).at(-1)).toBe(h.app.content.text('checkin.ask_note', 'en'));
    expect(h.app.store.cases.all()).toEqual([]);
  });
});
