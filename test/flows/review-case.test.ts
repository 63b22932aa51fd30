import { afterEach, describe, expect, it } from 'vitest';
import { alertsReport } from '../../src/safety/reports.js';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

const MIN = 60_000;
const DR = { roles: ['clinician' as const] };

const personId = (h: Harness, who: string) => h.app.store.people.findByIdentity('console', who)!.id;
const caring = (h: Harness, who: string) => h.app.store.outbox.pendingFor(personId(h, who)).filter((m) => m.purpose === 'caring_contact');
const posts = (h: Harness, caseId: number) => h.adapter.clinicianChannel().filter((s) => !s.message.replaces && s.message.alert?.caseId === caseId);

/** A review case: the patient asks for a person (the care-request path opens it at review). */
async function reviewCase(h: Harness): Promise<string[]> {
  await onboard(h, 'alice');
  const reply = await h.say('alice', 'can someone from my care team call me');
  expect(h.app.store.cases.get(1)!.severity).toBe('review');
  return reply;
}

describe('a review case, defined once', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a review case THEN it is listed in cases and report alerts, and the card says "For review" and offers Raise', async () => {
    h = await createHarness();
    await reviewCase(h);
    const [card] = posts(h, 1);
    expect(card!.message.text).toMatch(/^🔎 For review: case #1/);
    expect(card!.message.mention).toBeUndefined();
    expect(card!.message.choices?.map((c) => c.id)).toEqual(['case:ack:1', 'case:raise:1', 'case:note:1', 'case:resolve:1', 'feedback:false_alarm:1', 'feedback:wrong_category:1']);
    const listed = await h.say('dr_lee', 'cases', DR);
    expect(listed.join('\n')).toMatch(/#1\s+review/);
    expect(alertsReport(h.app.store)).toMatch(/#1\s+review\s+contact_request\s+open\s+1\b/);
  });

  it('GIVEN a plea for a person that the screener rates review THEN the reply is the warm review reply with the safety-plan offer, not a crisis script', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'checkin');
    const r = (await h.say('alice', 'please, can somebody talk to me, I need to talk to someone right now')).join('\n');
    expect(h.app.store.cases.get(1)).toMatchObject({ severity: 'review', category: 'distress' });
    expect(r).toMatch(/I've shared this with your care team/);
    expect(r).toMatch(/"my safety plan"/);
    // The distress script promises a check-in "within a few hours during clinic hours"; review promises no time.
    expect(r).not.toMatch(/within a few hours/);
  });

  for (const [what, text, reason] of [
    ['a review case', 'can someone from my care team call me', null],
    ['a high case', 'i want to kill myself', 'open_case'],
  ] as const) {
    it(`GIVEN ${what} open WHEN the daily check-in falls due THEN it is ${reason ? 'held back' : 'still sent'}`, async () => {
      h = await createHarness();
      await onboard(h, 'alice');
      await h.say('alice', 'checkin time 18:00');
      await h.say('alice', text);
      await h.advanceTo('2026-11-20T18:05:00Z');
      const d = h.app.store.db.prepare(`SELECT reason FROM deliveries WHERE source = 'checkin' ORDER BY due_at LIMIT 1`).get() as { reason: string | null };
      expect(d.reason).toBe(reason);
    });
  }

  it('GIVEN a review case resolved THEN no caring contacts are scheduled', async () => {
    h = await createHarness();
    await reviewCase(h);
    await h.say('dr_lee', 'resolve 1 called her back, all fine', DR);
    expect(h.app.store.cases.get(1)!.status).toBe('resolved');
    expect(caring(h, 'alice')).toHaveLength(0);
    expect(h.app.store.audit.forSubject('case', 1).map((a) => a.action)).not.toContain('case.caring_contacts_scheduled');
  });

  it('GIVEN a review case WHEN a clinician types raise 1 high THEN it pages like any alert, the raise is audited, and resolving it schedules caring contacts', async () => {
    h = await createHarness({ env: { AFTERGLOW_ESCALATION_MINUTES: '10' } });
    await reviewCase(h);
    const reply = await h.say('dr_lee', 'raise 1 high', DR);
    expect(reply.join('\n')).toMatch(/Case #1 raised to high/);
    const kase = h.app.store.cases.get(1)!;
    expect(kase).toMatchObject({ severity: 'high', status: 'open', escalationLevel: 0 });
    const audit = h.app.store.audit.forSubject('case', 1).find((a) => a.action === 'case.raised_by_clinician')!;
    expect(audit.actorPersonId).toBe(personId(h, 'dr_lee'));
    expect(audit.detail).toEqual({ from: 'review', to: 'high' });
    expect(posts(h, 1).at(-1)!.message.text).toMatch(/raised to HIGH/);
    await h.advance(10 * MIN);
    expect(posts(h, 1).at(-1)!.message).toMatchObject({ mention: 'oncall' });
    expect(posts(h, 1).at(-1)!.message.text).toMatch(/Still unacknowledged \(reminder 1 of 3\)/);
    await h.say('dr_lee', 'resolve 1 safe, plan agreed', DR);
    expect(caring(h, 'alice')).toHaveLength(4);
  });

  it('GIVEN a review card WHERE there is no modal WHEN a clinician presses Raise and types the severity THEN the case is raised', async () => {
    h = await createHarness();
    await reviewCase(h);
    const ask = await h.press('dr_lee', 'case:raise:1', DR);
    expect(ask.join('\n')).toMatch(/Type the severity for case #1: imminent, high, moderate/);
    await h.say('dr_lee', 'imminent', DR);
    expect(h.app.store.cases.get(1)!.severity).toBe('imminent');
  });

  it('GIVEN a review card WHEN a clinician submits the Raise form THEN the case is raised; a patient pressing it is refused and audited', async () => {
    h = await createHarness();
    await reviewCase(h);
    const refused = await h.press('alice', 'case:raise:1', { fields: { severity: 'high' } });
    expect(refused.join('\n')).toMatch(/only for clinic staff/);
    expect(h.app.store.audit.forSubject('case', 1).map((a) => a.action)).toContain('case.refused');
    await h.press('dr_lee', 'case:raise:1', { ...DR, fields: { severity: 'moderate' } });
    expect(h.app.store.cases.get(1)!.severity).toBe('moderate');
  });

  it('GIVEN a high case WHEN a clinician tries to raise it to moderate or gives no severity THEN it is refused with the reason and nothing changes', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    expect((await h.say('dr_lee', 'raise 1 moderate', DR)).join('\n')).toMatch(/already high/);
    expect((await h.say('dr_lee', 'raise 1', DR)).join('\n')).toMatch(/Usage: raise 1 <imminent\|high\|moderate>/);
    expect((await h.say('dr_lee', 'raise 9 high', DR)).join('\n')).toMatch(/There is no case #9/);
    expect(h.app.store.cases.get(1)!.severity).toBe('high');
  });
});

describe('side effects and explanations on the card', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a side-effect case THEN the card says "Side effect", never "Crisis alert", and resolving it schedules no caring contacts', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const person = h.app.store.people.get(personId(h, 'alice'))!;
    h.app.escalation.raise({ person, platform: 'console', severity: 'moderate', category: 'side_effect', source: 'instrument', ruleIds: ['side_effects.nausea'] });
    await h.advance(1000);
    const [card] = posts(h, 1);
    expect(card!.message.text.split('\n')[0]).toBe('💊 Side effect: case #1 — MODERATE · side effect');
    expect(card!.message.text).not.toMatch(/Crisis alert/);
    await h.say('dr_lee', 'resolve 1 advised fluids and rest', DR);
    expect(caring(h, 'alice')).toHaveLength(0);
  });

  it('GIVEN a case raised with a reason THEN the card and cases show why', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const person = h.app.store.people.get(personId(h, 'alice'))!;
    h.app.escalation.raise({ person, platform: 'console', severity: 'high', category: 'suicidal_ideation', source: 'screen', ruleIds: ['si.want_to_die'], why: 'rule si.want_to_die matched' });
    await h.advance(1000);
    expect(posts(h, 1)[0]!.message.text).toMatch(/^Why: rule si\.want_to_die matched$/m);
    expect(posts(h, 1)[0]!.message.alert?.why).toBe('rule si.want_to_die matched');
    expect((await h.say('dr_lee', 'cases', DR)).join('\n')).toMatch(/#1 why: rule si\.want_to_die matched/);
    expect(h.app.store.cases.get(1)!.why).toBe('rule si.want_to_die matched');
  });

  it('GIVEN a case with no reason given (a request for a person) THEN no "Why" line is shown', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'can someone from the clinic call me please');
    expect(posts(h, 1)[0]!.message.text).not.toMatch(/^Why:/m);
  });
});
