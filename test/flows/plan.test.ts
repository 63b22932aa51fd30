import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

const CLIN = { roles: ['clinician' as const] };

describe('a plan the clinician shapes', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ start: '2026-11-20T15:00:00Z' });
    await onboard(h, 'alice');
    await h.say('carol', 'hello', CLIN);
    h.adapter.clear();
  });
  afterEach(() => h.close());

  it('GIVEN a clinician sets the gentle sequence WHEN a session is recorded THEN the gentle steps are planned, and the plan says who chose it', async () => {
    expect((await h.say('carol', 'plan alice sequence gentle', CLIN)).join()).toMatch(/From the next session on, alice gets "After a session, gently/);
    const r = await h.say('carol', 'session alice 2026-11-21T10:00', CLIN);
    expect(r.join()).toMatch(/7 steps of "After a session, gently/);
    const shown = (await h.say('carol', 'plan alice', CLIN)).join('\n');
    expect(shown).toMatch(/^alice, times in UTC:\nPlan \(changed .* by carol\)[\s\S]*sequence after each session: gentle/);
  });

  it('GIVEN an unknown sequence WHEN a clinician picks it THEN nothing changes and they are told', async () => {
    expect((await h.say('carol', 'plan alice sequence turbo', CLIN)).join()).toMatch(/There is no sequence "turbo"/);
    expect(h.app.store.care.plan(h.app.store.people.findByHandle('alice')[0]!.id)).toBeUndefined();
  });

  it('GIVEN an exercise assigned with a due time WHEN the time comes THEN the patient gets it, and "my plan" shows it and who assigned it', async () => {
    expect((await h.say('carol', 'plan alice assign exercise box-breathing 2026-11-21T18:00', CLIN)).join()).toMatch(/Assigned exercise box-breathing to alice, due Sat 21 Nov 2026 18:00/);
    const mine = (await h.say('alice', 'my plan')).join('\n');
    expect(mine).toMatch(/Short exercise \(box-breathing\), due Sat 21 Nov, 18:00, from carol/);
    expect(mine).toMatch(/my safety plan/);
    h.adapter.clear();
    await h.advanceTo('2026-11-21T18:01:00Z');
    expect(h.adapter.to('alice').join('\n')).toMatch(/box breathing/i);
    expect((await h.say('carol', 'plan alice', CLIN)).join('\n')).toMatch(/assigned exercise box-breathing due .* by carol \(queued\)/);
  });

  it('GIVEN PHQ-9 weekly and GAD-7 every two weeks WHEN the weeks pass THEN the questionnaires come on that rhythm, and turning one off cancels the rest', async () => {
    await h.say('carol', 'plan alice phq9 every 7 days', CLIN);
    expect((await h.say('carol', 'plan alice gad7 every 14 days', CLIN)).join()).toMatch(/GAD-7 for alice every 14 days at 11:00 UTC, from Sat 21 Nov for 12 weeks/);
    const planned = () => h.app.store.db.prepare(`SELECT ref, due_at FROM deliveries WHERE source = 'plan' AND status = 'planned' ORDER BY due_at`).all() as { ref: string; due_at: string }[];
    expect(planned().filter((d) => d.ref === 'phq9')).toHaveLength(12);
    expect(planned().filter((d) => d.ref === 'gad7').map((d) => d.due_at.slice(0, 10)).slice(0, 2)).toEqual(['2026-11-21', '2026-12-05']);
    h.adapter.clear();
    await h.advanceTo('2026-11-21T11:05:00Z');
    expect(h.adapter.to('alice').join('\n')).toMatch(/PHQ-9|Over the last 2 weeks/i);
    await h.say('carol', 'plan alice gad7 off', CLIN);
    expect(planned().filter((d) => d.ref === 'gad7')).toHaveLength(0);
    expect((await h.say('alice', 'my plan')).join('\n')).toMatch(/PHQ-9 every 7 days/);
  });

  it('GIVEN a note to the patient WHEN the clinician writes it THEN the patient receives it and sees it in "my plan", and the audit records the change without the words', async () => {
    await h.say('carol', 'plan alice note Try the body scan before bed this week.', CLIN);
    await h.advance(60_000);
    expect(h.adapter.to('alice').join('\n')).toMatch(/A note from carol: Try the body scan before bed this week\./);
    expect((await h.say('alice', 'my plan')).join('\n')).toMatch(/A note from carol: Try the body scan/);
    const audit = h.app.store.audit.forSubject('person', h.app.store.people.findByHandle('alice')[0]!.id).filter((e) => e.action === 'plan.changed');
    expect(JSON.stringify(audit)).not.toContain('body scan');
  });

  it('GIVEN a patient WHEN they try to change someone\'s plan THEN they are refused and nothing is saved', async () => {
    await onboard(h, 'bob');
    const r = await h.say('bob', 'plan alice sequence intensive');
    expect(r.join()).not.toMatch(/From the next session/);
    expect(h.app.store.care.plan(h.app.store.people.findByHandle('alice')[0]!.id)).toBeUndefined();
  });

  it('GIVEN a group with a schedule WHEN its facilitator asks for the group plan THEN the schedule is listed with who set it', async () => {
    const F = { roles: ['facilitator' as const] };
    await h.say('fran', 'group create circle', F);
    expect((await h.say('fran', 'schedule circle "daily 09:00" days-meaning-2', F)).join()).not.toMatch(/usage|didn't/i);
    const r = (await h.say('fran', 'plan group circle', F)).join('\n');
    expect(r).toMatch(/Plan for group circle/);
    expect(r).toMatch(/daily 09:00 .* by fran/);
  });
});

describe('the plan command and risk', () => {
  it('GIVEN a patient WHEN they write "plan to kill myself tonight" (which starts like the staff command) THEN it is screened and reaches the care team, not refused as a command', async () => {
    const h = await createHarness();
    await onboard(h, 'alice');
    h.adapter.clear();
    const r = await h.say('alice', 'plan to kill myself tonight');
    expect(h.app.store.cases.all()).toHaveLength(1);
    expect(r.join('\n')).not.toMatch(/not allowed|can't use|only clinicians/i);
    expect(h.adapter.clinicianChannel().length).toBeGreaterThan(0);
    await h.close();
  });
});
