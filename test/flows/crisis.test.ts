import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/errors.js';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

describe('crisis escalation', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  const clinicianAlerts = (hh: Harness) => hh.adapter.clinicianChannel().filter((s) => !s.message.replaces);

  it('GIVEN a patient WHEN they write that they want to kill themselves THEN they get resources at once and clinicians get an alert', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const replies = await h.say('alice', 'I want to kill myself tonight');
    const toAlice = h.adapter.to('alice').at(-1)!;
    expect(toAlice).toMatch(/988/);
    expect(toAlice).toMatch(/care team|clinician/i);
    const [alert] = clinicianAlerts(h);
    expect(alert!.message.text).toMatch(/case #1/);
    expect(alert!.message.text).toMatch(/alice/);
    expect(alert!.message.text).toMatch(/kill myself tonight/);
    expect(alert!.message.choices?.map((c) => c.id)).toEqual(['case:ack:1', 'case:note:1', 'case:resolve:1', 'feedback:false_alarm:1', 'feedback:wrong_category:1']);
    // The crisis reply goes ahead of anything else the message caused.
    expect(replies[0]).toBe(alert!.message.text);
    const kase = h.app.store.cases.get(1)!;
    expect(['imminent', 'high']).toContain(kase.severity);
    expect(h.app.store.audit.forSubject('case', 1).map((a) => a.action)).toEqual(
      expect.arrayContaining(['case.created', 'alert.queued', 'alert.delivered']),
    );
  });

  it('GIVEN minimal-data mode WHEN an alert is raised THEN no message text reaches the clinician channel or the case record', async () => {
    h = await createHarness({ env: { AFTERGLOW_MINIMAL_DATA: 'true' } });
    await onboard(h, 'alice');
    await h.say('alice', 'i want to end my life, i have the pills ready');
    const [alert] = clinicianAlerts(h);
    expect(alert!.message.text).not.toMatch(/pills/);
    expect(alert!.message.alert?.excerpt).toBeUndefined();
    expect(h.app.store.cases.get(1)!.excerpt).toBeNull();
  });

  it('GIVEN KAP integration talk WHEN a patient describes ego death or a k-hole THEN nobody is alerted', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'journal the session was intense, total ego death, felt like I was dying and being reborn');
    await h.say('alice', 'journal went into a k-hole and met my late grandmother, it was beautiful');
    expect(clinicianAlerts(h)).toHaveLength(0);
  });

  it('GIVEN a crisis in the middle of a check-in WHEN the note mentions suicide THEN the check-in is still saved and the alert still goes', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'checkin');
    await h.press('alice', 'checkin:mood:1');
    await h.press('alice', 'checkin:anxiety:9');
    await h.press('alice', 'checkin:sleep:1');
    await h.say('alice', 'honestly i keep thinking everyone would be better off if i was dead');
    expect(clinicianAlerts(h)).toHaveLength(1);
    const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
    expect(h.app.store.records.recentCheckins(id)[0]).toMatchObject({ mood: 1, anxiety: 9 });
  });

  it('GIVEN an open case WHEN a clinician acknowledges, notes and resolves THEN the alert updates, the patient is told and caring contacts are scheduled', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to die');
    const ack = await h.press('dr_lee', 'case:ack:1', { roles: ['clinician'] });
    expect(ack.join('\n')).toMatch(/Acknowledged by dr_lee/);
    expect(h.adapter.to('alice').at(-1)).toMatch(/clinician|care team/i);
    await h.say('dr_lee', 'note 1 called her, she is with her sister', { roles: ['clinician'] });
    await h.say('dr_lee', 'resolve 1 safe with family, follow-up booked', { roles: ['clinician'] });
    const kase = h.app.store.cases.get(1)!;
    expect(kase).toMatchObject({ status: 'resolved', resolutionNote: 'safe with family, follow-up booked' });
    expect(h.app.store.cases.notes(1)[0]!.text).toMatch(/sister/);
    const actions = h.app.store.audit.forSubject('case', 1).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['case.acknowledged', 'case.noted', 'case.resolved', 'case.caring_contacts_scheduled']));
    const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
    const caring = h.app.store.outbox.pendingFor(id).filter((m) => m.purpose === 'caring_contact');
    expect(caring).toHaveLength(4);
  });

  it('GIVEN an open case WHEN a patient presses Acknowledge or types resolve THEN they are refused and the refusal is audited', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await onboard(h, 'mallory');
    await h.say('alice', 'i am going to kill myself');
    const r1 = await h.press('mallory', 'case:ack:1');
    expect(r1[0]).toMatch(/only for clinic staff/);
    const r2 = await h.say('mallory', 'resolve 1 nothing to see');
    expect(r2[0]).toMatch(/only for clinic staff/);
    expect(h.app.store.cases.get(1)!.status).toBe('open');
    expect(h.app.store.audit.forSubject('case', 1).filter((a) => a.action === 'case.refused')).toHaveLength(2);
  });

  it('GIVEN an unacknowledged alert WHEN the timeout passes THEN it is re-sent with an on-call mention, then to the backup, up to the limit', async () => {
    h = await createHarness({ env: { AFTERGLOW_ESCALATION_MINUTES: '10', AFTERGLOW_ESCALATION_REPEATS: '2' } });
    await onboard(h, 'alice');
    await h.say('alice', 'i have decided to kill myself');
    expect(clinicianAlerts(h)).toHaveLength(1);
    await h.advance(60 * 60_000);
    const alerts = clinicianAlerts(h);
    const reminders = alerts.slice(1);
    expect(reminders.length).toBeGreaterThanOrEqual(2);
    expect(reminders.every((a) => a.message.mention === 'oncall')).toBe(true);
    expect(reminders.some((a) => a.to.kind === 'backup')).toBe(true);
    const actions = h.app.store.audit.forSubject('case', 1).map((a) => a.action);
    expect(actions.filter((a) => a === 'case.re_escalated')).toHaveLength(2);
    expect(actions).toContain('case.escalation_exhausted');
  });

  it('GIVEN an acknowledged case WHEN the timeout passes THEN nothing is re-sent', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    await h.say('dr_lee', 'ack 1', { roles: ['clinician'] });
    const count = clinicianAlerts(h).length;
    await h.advance(3 * 60 * 60_000);
    expect(clinicianAlerts(h)).toHaveLength(count);
  });

  it('GIVEN a failing clinician channel WHEN an alert is raised THEN the bot keeps retrying and copies it to the backup channel', async () => {
    h = await createHarness();
    h.adapter.failWith = (to) => (to.kind === 'clinicians' ? new DeliveryError('transient', 'channel_not_found') : undefined);
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    await h.advance(10_000);
    const backup = h.adapter.sent.filter((s) => s.to.kind === 'backup');
    expect(backup.length).toBeGreaterThanOrEqual(1);
    expect(backup[0]!.message.text).toMatch(/case #1/);
    h.adapter.failWith = undefined;
    await h.advance(10 * 60_000);
    expect(h.adapter.sent.filter((s) => s.to.kind === 'clinicians' && /case #1/.test(s.message.text)).length).toBeGreaterThanOrEqual(1);
  });

  it('GIVEN the learned screener on, and earlier emptiness that opened only a review WHEN a later message is only a goodbye THEN the two together page clinicians', async () => {
    h = await createHarness({ env: { AFTERGLOW_SCREENER_MODEL: 'page' } });
    await onboard(h, 'alice');
    // Emptiness is distress: the corpus labels it a review (read today, no page), and the model now opens one.
    await h.say('alice', 'journal i feel so empty lately');
    expect(clinicianAlerts(h)).toHaveLength(1);
    expect(h.app.store.cases.get(1)!.severity).toBe('review');
    // The goodbye alone is a review at most (next test); after the emptiness it pages.
    await h.say('alice', 'journal goodbye everyone');
    const severities = [1, 2].map((id) => h.app.store.cases.get(id)?.severity).filter(Boolean);
    expect(severities.some((s) => s !== 'review')).toBe(true);
  });

  it('GIVEN a goodbye with no earlier signal WHEN screened in a conversation THEN nobody is paged', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'journal goodbye everyone');
    // A bare farewell in a journal reaches a human today at most (a review), never a page.
    expect([undefined, 'review']).toContain(h.app.store.cases.get(1)?.severity);
    expect(h.app.store.cases.get(2)).toBeUndefined();
  });

  it('GIVEN a risky post in a group channel THEN the poster is answered privately and nothing is posted in the group', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself', { channel: 'circle-1' });
    const inGroup = h.adapter.sent.filter((s) => s.to.kind === 'channel');
    expect(inGroup).toHaveLength(0);
    expect(h.adapter.to('alice').at(-1)).toMatch(/988/);
    expect(clinicianAlerts(h)).toHaveLength(1);
  });

  it('GIVEN a patient with a safety plan WHEN they are in crisis THEN their own plan is in the reply', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'edit safety plan');
    for (const answer of ['racing thoughts at night', 'walk the dog', 'the library', 'my sister Jo', 'Dr Lee 555-0100', 'give my meds to Jo']) await h.say('alice', answer);
    const shown = await h.say('alice', 'my safety plan');
    expect(shown[0]).toMatch(/walk the dog/);
    await h.say('alice', 'i want to die');
    expect(h.adapter.to('alice').at(-1)).toMatch(/my sister Jo/);
  });

  it('GIVEN a patient with an open case WHEN they write again at the same level THEN clinicians are not alerted twice but the patient is answered', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const before = h.adapter.to('alice').length;
    await h.say('alice', 'i want to kill myself');
    await h.say('alice', 'i really want to kill myself');
    expect(clinicianAlerts(h)).toHaveLength(1);
    expect(h.adapter.to('alice').slice(before).filter((t) => /988/.test(t))).toHaveLength(2);
  });

  it('GIVEN clinicians WHEN they list cases THEN open cases show with severity and age', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    await h.advance(5 * 60_000);
    const r = await h.say('dr_lee', 'cases', { roles: ['clinician'] });
    expect(r[0]).toMatch(/#1\s+(high|imminent)\s+\S+\s+alice\s+open\s+5\.0 min/);
  });
});

describe('clinical work is not screened as the clinician’s own risk', () => {
  it('GIVEN a clinician WHEN they note what a patient said THEN no case opens against the clinician', async () => {
    const h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    await h.say('dr_lee', 'note 1 she said she wants to kill herself tonight, has pills', { roles: ['clinician'] });
    await h.press('dr_lee', 'case:resolve:1', { roles: ['clinician'], fields: { note: 'safe now, no longer wants to die' } });
    expect(h.app.store.cases.all()).toHaveLength(1);
    await h.close();
  });

  it('GIVEN a clinician who pressed "Add note" where there is no modal WHEN they type the note two hours later THEN it is the note, not a case against them', async () => {
    const h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    const asked = await h.press('dr_lee', 'case:note:1', { roles: ['clinician'] });
    expect(asked.at(-1)).toMatch(/Type your note for case #1/);
    await h.advance(2 * 3_600_000);
    const r = await h.say('dr_lee', 'reached her by phone; she said "i want to die" and has pills, agreed to go to her sister', { roles: ['clinician'] });
    expect(r.at(-1)).toMatch(/Note added to case #1/);
    expect(h.app.store.cases.all()).toHaveLength(1);
    await h.close();
  });
});

describe('clinical notes in other shapes', () => {
  it.each([
    ['on the next line', 'note 1\nshe said "i want to die" and has pills, safe with her sister now'],
    ['after a colon', 'note 1: she said "i want to die" and has pills, safe with her sister now'],
  ])('GIVEN a clinician WHEN they type a note with its text %s THEN it is added as a note, not screened as their own risk', async (_how, text) => {
    const h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    const r = await h.say('dr_lee', text, { roles: ['clinician'] });
    expect(r.at(-1)).toMatch(/Note added to case #1/);
    expect(h.app.store.cases.all()).toHaveLength(1);
    await h.close();
  });

  it('GIVEN a clinician who pressed "Add note" WHEN they instead run a command with their own risky words THEN those are screened like anyone\'s', async () => {
    const h = await createHarness();
    await onboard(h, 'alice');
    await onboard(h, 'dr_lee');
    await h.say('alice', 'i want to kill myself');
    await h.press('dr_lee', 'case:note:1', { roles: ['clinician'] });
    await h.say('dr_lee', 'journal honestly i want to kill myself too after this week', { roles: ['clinician'] });
    const drLee = h.app.store.people.findByIdentity('console', 'dr_lee')!.id;
    expect(h.app.store.cases.openForPerson(drLee)).toHaveLength(1);
    await h.close();
  });
});

describe('risky posts in group circles', () => {
  it('GIVEN a group with a channel and a facilitator WHEN a member posts something risky there THEN the facilitator gets a private note without the words', async () => {
    const h = await createHarness();
    await onboard(h, 'alice');
    await h.say('fran', 'group create thursday-circle', { roles: ['facilitator'] });
    await h.say('fran', 'group channel thursday-circle circle-1', { roles: ['facilitator'] });
    await h.say('fran', 'group add thursday-circle alice', { roles: ['facilitator'] });
    h.adapter.clear();
    await h.say('alice', 'honestly i want to kill myself', { channel: 'circle-1' });
    const note = h.adapter.to('fran');
    expect(note).toHaveLength(1);
    expect(note[0]).toMatch(/case #1/);
    expect(note[0]).not.toMatch(/kill/);
    expect(h.adapter.sent.filter((s) => s.to.kind === 'channel')).toHaveLength(0);
    await h.close();
  });
});

describe('edited messages', () => {
  it('GIVEN a harmless message WHEN it is edited into a risky one THEN it is screened again and alerts, without being run as a command', async () => {
    const h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'journal fine day');
    await h.say('alice', 'journal i am going to end my life tonight', { kind: 'edit' });
    expect(h.adapter.clinicianChannel()).toHaveLength(1);
    const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
    expect(h.app.store.records.recentJournal(id).map((e) => e.text)).toEqual(['fine day']);
    await h.close();
  });
});
