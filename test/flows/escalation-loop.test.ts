import { DeliveryError } from '../../src/core/errors.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

const alertsAbout = (h: Harness, caseId: number) =>
  h.adapter.clinicianChannel().filter((s) => !s.message.replaces && new RegExp(`case #${caseId}\\b`, 'i').test(s.message.text));

describe('the closed loop after the first alert', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN an acknowledged case WHEN the patient writes something risky again later THEN clinicians see a follow-up, at most every half hour', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to die');
    await h.say('dr_lee', 'ack 1', { roles: ['clinician'] });
    const before = alertsAbout(h, 1).length;
    await h.advance(40 * 60_000);
    await h.say('alice', 'i still want to die');
    const followUps = alertsAbout(h, 1).slice(before);
    expect(followUps).toHaveLength(1);
    expect(followUps[0]!.message.text).toMatch(/New message on case #1 \(acknowledged\)/);
    expect(followUps[0]!.message.text).toMatch(/still want to die/);
    await h.say('alice', 'i really want to die');
    expect(alertsAbout(h, 1).slice(before)).toHaveLength(1);
    expect(h.app.store.cases.all()).toHaveLength(1);
  });

  it('GIVEN an acknowledged case WHEN the patient writes something more severe THEN the case is reopened and must be acknowledged again', async () => {
    h = await createHarness({ env: { AFTERGLOW_ESCALATION_MINUTES: '10' } });
    await onboard(h, 'alice');
    await h.say('alice', 'i feel like a burden and i wish i was dead');
    await h.say('dr_lee', 'ack 1', { roles: ['clinician'] });
    await h.say('alice', 'i have the pills ready and i am going to kill myself tonight');
    const kase = h.app.store.cases.get(1)!;
    expect(kase.status).toBe('open');
    expect(kase.nextEscalationAt).not.toBeNull();
    const raised = alertsAbout(h, 1).at(-1)!;
    expect(raised.message.text).toMatch(/raised to/);
    expect(raised.message.choices?.map((c) => c.id)).toContain('case:ack:1');
    await h.advance(60 * 60_000);
    expect(alertsAbout(h, 1).some((a) => /Still unacknowledged/.test(a.message.text))).toBe(true);
  });

  it('GIVEN nobody acknowledges WHEN every reminder has gone out THEN paging stops and a summary keeps coming every 4 hours until someone acknowledges', async () => {
    h = await createHarness({ env: { AFTERGLOW_ESCALATION_MINUTES: '10', AFTERGLOW_ESCALATION_REPEATS: '1' } });
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    await h.advance(10 * 60 * 60_000);
    const posts = alertsAbout(h, 1);
    // The first alert, one reminder, then summaries at 4 h 10 min and 8 h 10 min: not one every half hour.
    expect(posts.map((a) => a.message.text.split(':')[0])).toEqual(['🚨 Crisis alert', '⏰ Still unacknowledged (reminder 1 of 1)', '📋 Summary', '📋 Summary']);
    await h.say('dr_lee', 'ack 1', { roles: ['clinician'] });
    const count = alertsAbout(h, 1).length;
    await h.advance(24 * 60 * 60_000);
    expect(alertsAbout(h, 1)).toHaveLength(count);
  });

  it('GIVEN a clinician who is also in crisis WHEN they write about themselves THEN it is screened and they cannot close their own case', async () => {
    h = await createHarness();
    await h.say('dr_lee', 'note to self: i am going to kill myself tonight', { roles: ['clinician'] });
    expect(h.app.store.cases.all()).toHaveLength(1);
    const refusal = await h.say('dr_lee', 'resolve 1 fine', { roles: ['clinician'] });
    expect(refusal[0]).toMatch(/another clinician/);
    expect(h.app.store.cases.get(1)!.status).toBe('open');
  });

  it('GIVEN the database refuses to write the case WHEN a crisis message arrives THEN the patient still gets the crisis reply and the case is written on a later tick', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    h.app.store.db.exec(`CREATE TRIGGER refuse_cases BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;`);
    await h.say('alice', 'i want to kill myself');
    expect(h.adapter.to('alice').at(-1)).toMatch(/988/);
    expect(h.app.store.cases.all()).toHaveLength(0);
    // Clinicians are paged at once, from memory, without a case number.
    expect(h.adapter.clinicianChannel().map((s) => s.message.text)).toEqual([expect.stringMatching(/^🚨 Crisis alert — NOT RECORDED/)]);
    h.app.store.db.exec('DROP TRIGGER refuse_cases');
    await h.advance(20_000);
    expect(h.app.store.cases.all()).toHaveLength(1);
    expect(h.adapter.clinicianChannel()).toHaveLength(2);
    expect(h.adapter.clinicianChannel()[1]!.message.text).toMatch(/^🚨 Crisis alert: case #1/);
  });

  it('GIVEN a patient writing their safety plan WHEN a warning sign names suicidal thoughts THEN it reaches a human for review without paging', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'edit safety plan');
    await h.say('alice', 'when i start thinking about killing myself at night');
    expect(h.app.store.cases.get(1)!.severity).toBe('review');
    await h.advance(3 * 24 * 60 * 60_000);
    const posts = h.adapter.clinicianChannel().filter((s) => !s.message.replaces);
    expect(posts.some((p) => p.message.mention !== undefined || /Still unacknowledged/.test(p.message.text))).toBe(false);
  });

  it('GIVEN a very long message with the risk at the end THEN the alert shows the risky words', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const calm = 'today was quiet and i walked by the river and watched the ducks for a while. '.repeat(120);
    await h.say('alice', `journal ${calm} and honestly i have decided to kill myself tonight.`);
    const [alert] = h.adapter.clinicianChannel();
    expect(alert!.message.text).toMatch(/kill myself tonight/);
    expect(alert!.message.text.length).toBeLessThan(2000);
    const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
    expect(h.app.store.records.recentJournal(id)).toHaveLength(1);
  });

  it('GIVEN a pending alert WHEN the patient deletes their data THEN the alert still reaches clinicians', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    h.adapter.failWith = (to) => (to.kind === 'clinicians' ? new DeliveryError('transient', 'down') : undefined);
    await h.say('alice', 'i want to kill myself');
    await h.say('alice', 'delete my data');
    await h.press('alice', 'delete:confirm');
    h.adapter.failWith = undefined;
    await h.advance(60_000);
    expect(h.adapter.clinicianChannel().filter((s) => /case #1/.test(s.message.text)).length).toBeGreaterThanOrEqual(1);
  });

  it('GIVEN a command typed in a group channel THEN the answer is only for the sender', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'journal a private thought');
    await h.say('alice', 'journal list', { channel: 'circle-1', viaCommand: true });
    const answers = h.adapter.sent.filter((s) => s.to.kind === 'channel');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.message.text).toMatch(/a private thought/);
    expect(answers[0]!.message.ephemeralTo).toBe('alice');
  });
});

describe('alert messages that moved', () => {
  it('GIVEN an alert whose message was deleted WHEN it is acknowledged and then resolved THEN the second edit goes to the re-posted message', async () => {
    const h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    h.adapter.editsRepost = true;
    await h.say('dr_lee', 'ack 1', { roles: ['clinician'] });
    const firstEdit = h.adapter.sent.filter((s) => s.message.replaces).at(-1)!;
    h.adapter.editsRepost = false;
    await h.say('dr_lee', 'resolve 1 safe', { roles: ['clinician'] });
    const secondEdit = h.adapter.sent.filter((s) => s.message.replaces).at(-1)!;
    expect(secondEdit.message.replaces!.messageId).not.toBe(firstEdit.message.replaces!.messageId);
    expect(secondEdit.message.text).toMatch(/resolved/);
    await h.close();
  });
});

describe('words that are not commands', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a patient who chose Spanish WHEN they ask for someone to call them THEN a case for review is opened', async () => {
    h = await createHarness();
    await onboard(h, 'lucia');
    await h.say('lucia', 'idioma es');
    await h.say('lucia', '¿alguien del equipo podría llamarme hoy?');
    expect(h.app.store.cases.get(1)).toMatchObject({ severity: 'review', category: 'contact_request' });
    expect(h.adapter.clinicianChannel()).toHaveLength(1);
  });

  it('GIVEN a patient WHEN they write Spanish that only looks like a request ("ayudé a mi madre") THEN no case is opened', async () => {
    h = await createHarness();
    await onboard(h, 'lucia');
    await h.say('lucia', 'hoy ayudé a mi madre con la mudanza y me siento bien');
    expect(h.app.store.cases.get(1)).toBeUndefined();
  });

  it('GIVEN a patient WHEN they ask to talk to their care team THEN a case for review is opened and they are told what happens', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const r = await h.say('alice', 'I would like to talk with my care team please');
    expect(r.at(-1)).toMatch(/asked your care team to reach out/);
    expect(h.app.store.cases.get(1)).toMatchObject({ severity: 'review', category: 'contact_request' });
    expect(h.adapter.clinicianChannel()).toHaveLength(1);
  });

  it('GIVEN a patient with an open case WHEN they write anything THEN it is passed on to the care team, never shrugged off', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to die');
    await h.advance(40 * 60_000);
    const r = await h.say('alice', 'I feel really sad today');
    // The model reads this as distress (a review): the reply may be the review's own, which also says it was passed on.
    expect(r.join('\n')).toMatch(/passed (this on|your message) to your care team/);
    expect(r.join('\n')).not.toMatch(/not sure what you mean/);
    expect(h.adapter.clinicianChannel().some((a) => /New message on case #1/.test(a.message.text) && /really sad today/.test(a.message.text))).toBe(true);
  });

  it('GIVEN an onboarded patient WHEN they answer a prompt in their own words THEN it is kept in their journal', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const r = await h.say('alice', 'heavy and a bit floaty, but calm underneath');
    expect(r.at(-1)).toMatch(/kept it in your journal/);
    const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
    expect(h.app.store.records.recentJournal(id)[0]!.text).toBe('heavy and a bit floaty, but calm underneath');
  });

  it('GIVEN a mistyped command WHEN it starts with a command word THEN the right form is shown', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const r = await h.say('alice', 'timezone is new york please');
    expect(r.at(-1)).toMatch(/timezone <IANA zone>/);
  });

  it('GIVEN a clinician channel WHEN clinicians chat there THEN the bot stays quiet and starts no onboarding', async () => {
    h = await createHarness();
    const before = h.adapter.sent.length;
    await h.app.bot.handle({
      id: 'clin-chat',
      platform: 'console',
      kind: 'message',
      from: { platform: 'console', userId: 'colleague', handle: 'colleague' },
      conversation: { platform: 'console', kind: 'clinicians' },
      text: 'morning all, who is on call?',
    });
    await h.app.settle();
    expect(h.adapter.sent.slice(before)).toHaveLength(0);
  });
});

describe('scheduling through a form', () => {
  it('GIVEN a facilitator WHEN they submit the schedule form THEN the same schedule is created as the typed command would', async () => {
    const h = await createHarness({ start: '2026-11-20T15:00:00Z' });
    await h.say('fran', 'group create circle America/New_York', { roles: ['facilitator'] });
    const offer = await h.say('fran', 'schedule form', { roles: ['facilitator'] });
    expect(offer[0]).toMatch(/Schedule a prompt/);
    const form = h.adapter.sent.at(-1)!.message.choices![0]!.form!;
    expect(form.fields.map((f) => f.type ?? 'text')).toEqual(['text', 'text', 'date', 'time', 'text']);
    const r = await h.press('fran', 'schedform:submit', {
      roles: ['facilitator'],
      fields: { group: 'circle', repeat: 'weekly thu', date: '', time: '19:30', content: 'What are you noticing this week?' },
    });
    expect(r.at(-1)).toMatch(/Schedule #1 created/);
    const missing = await h.press('fran', 'schedform:submit', { roles: ['facilitator'], fields: { group: 'circle', repeat: 'once', time: '', content: 'x' } });
    expect(missing.at(-1)).toMatch(/Please fill in: time, date/);
    const refused = await h.press('pat', 'schedform:submit', { fields: { group: 'circle', repeat: 'daily', time: '09:00', content: 'hello there' } });
    expect(refused.at(-1)).toMatch(/only for clinic staff/);
    await h.close();
  });
});

describe('what people write in the middle of something else', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a patient mid check-in WHEN they ask for someone to call them THEN the care team is asked, not the mood question again', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'checkin');
    const r = await h.say('alice', 'can someone from the clinic call me tomorrow about my next session');
    expect(r.join('\n')).toMatch(/asked your care team to reach out/);
    expect(r.join('\n')).not.toMatch(/number from 0 to 10/);
    expect(h.app.store.cases.get(1)).toMatchObject({ category: 'contact_request' });
  });

  it('GIVEN a patient writing a journal entry WHEN the entry asks for their therapist THEN the care team is asked and the entry is kept, with one answer', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'journal');
    const before = h.adapter.to('alice').length;
    await h.say('alice', 'memories of my dad came up again; I need to talk to my therapist about them');
    const answers = h.adapter.to('alice').slice(before);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatch(/asked your care team to reach out/);
    const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
    expect(h.app.store.records.recentJournal(id)[0]!.text).toMatch(/memories of my dad/);
    expect(h.app.store.cases.get(1)).toMatchObject({ category: 'contact_request', ruleIds: ['ask-talk-to-person'], lexiconVersion: expect.any(String) });
  });

  it('GIVEN a patient filling in their safety plan WHEN a step names talking to their therapist THEN it is part of the plan, not a request', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'edit safety plan');
    for (let i = 0; i < 4; i++) await h.say('alice', 'skip');
    const r = await h.say('alice', 'talk to my therapist, Dr Lee, on her clinic line');
    expect(r.join('\n')).toMatch(/6\/6/);
    expect(r.join('\n')).not.toMatch(/asked your care team to reach out/);
    expect(h.app.store.cases.all()).toHaveLength(0);
  });

  it('GIVEN a patient mid check-in WHEN they plead for someone to talk to THEN the screener opens a distress case for review and answers with the review reply', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'checkin');
    const r = await h.say('alice', 'please, can somebody talk to me, I need to talk to someone right now');
    // A review case gets the review reply (warm, with the safety-plan offer), never a category's crisis script.
    expect(r.join('\n')).toMatch(/shared this with your care team/);
    expect(r.join('\n')).toMatch(/safety plan/);
    expect(r.join('\n')).not.toMatch(/number from 0 to 10/);
    expect(h.app.store.cases.get(1)).toMatchObject({ category: 'distress', severity: 'review' });
  });

  it('GIVEN a newcomer WHEN their first words ask for help from a person THEN the care team is asked before any onboarding', async () => {
    h = await createHarness();
    const r = await h.say('newbie', 'could a real person call me please');
    expect(h.adapter.to('newbie')).toEqual([expect.stringMatching(/asked your care team to reach out/)]);
    expect(r).toHaveLength(2);
    expect(h.adapter.clinicianChannel()).toHaveLength(1);
  });

  it('GIVEN a patient mid check-in WHEN they write something risky at the mood question THEN the crisis reply is the only answer', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'checkin');
    const r = await h.say('alice', 'i want to kill myself');
    expect(r.filter((t) => /number from 0 to 10|How is your mood/.test(t))).toEqual([]);
    expect(h.adapter.to('alice').at(-1)).toMatch(/988/);
  });

  it('GIVEN an exercise being paced out WHEN a crisis message arrives THEN the remaining steps are withdrawn', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'breathe');
    await h.say('alice', 'i want to kill myself');
    const before = h.adapter.to('alice').length;
    await h.advance(10 * 60_000);
    expect(h.adapter.to('alice').slice(before)).toEqual([]);
  });

  it('GIVEN a check-in left unanswered for a day WHEN the patient writes THEN it is not taken as the answer', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'checkin');
    await h.advance(25 * 3_600_000);
    const r = await h.say('alice', 'walked by the sea today and felt lighter');
    expect(r.at(-1)).toMatch(/kept it in your journal/);
  });

  it('GIVEN a questionnaire or exercise in progress WHEN the patient types stop THEN only that stops', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'checkin');
    const r = await h.say('alice', 'stop');
    expect(r[0]).toMatch(/type "stop" again/);
    expect(h.app.store.people.findByIdentity('console', 'alice')!.optedOutAt).toBeNull();
  });

  it('GIVEN a patient who deleted their data WHEN they are in crisis later THEN no earlier words appear in the alert', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'journal my secret: something private about Sam');
    await h.say('alice', 'delete my data');
    await h.press('alice', 'delete:confirm');
    await h.say('alice', 'i want to kill myself');
    const alert = h.adapter.clinicianChannel().at(-1)!;
    expect(alert.message.text).not.toMatch(/Sam/);
    expect(h.app.store.cases.get(1)!.context ?? []).not.toContainEqual(expect.stringMatching(/Sam/));
  });
});

describe('when a batch of events cannot be committed', () => {
  it('GIVEN one event in a burst that makes the commit fail THEN the others, a crisis among them, are still handled and sent', async () => {
    const h = await createHarness();
    await onboard(h, 'alice');
    await onboard(h, 'bob');
    // A deferred foreign key that only fails at COMMIT, set off by one particular journal entry.
    h.app.store.db.exec(`
      CREATE TABLE poison (person INTEGER REFERENCES people(id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TRIGGER poison_pill AFTER INSERT ON journal_entries WHEN NEW.text = 'poison' BEGIN INSERT INTO poison VALUES (999999); END;
    `);
    const base = (who: string, id: string, text: string) => ({
      id,
      platform: 'console' as const,
      kind: 'message' as const,
      from: { platform: 'console' as const, userId: who, handle: who },
      conversation: { platform: 'console' as const, kind: 'direct' as const, id: who },
      text,
    });
    await Promise.all([h.app.bot.handle(base('bob', 'b1', 'journal poison')), h.app.bot.handle(base('alice', 'a1', 'i want to kill myself'))]);
    await h.app.settle();
    expect(h.app.store.cases.all()).toHaveLength(1);
    expect(h.adapter.to('alice').at(-1)).toMatch(/988/);
    expect(h.adapter.clinicianChannel()).toHaveLength(1);
    const bob = h.app.store.people.findByIdentity('console', 'bob')!.id;
    expect(h.app.store.records.recentJournal(bob)).toHaveLength(0);
    await h.close();
  });
});

describe('naming people in staff commands', () => {
  it('GIVEN two people with the same display name WHEN an admin grants a role by that name THEN it is refused with the candidates', async () => {
    const h = await createHarness();
    await h.say('u1', 'hi');
    await h.say('u2', 'hi');
    // Display handles are user-chosen: make both look like dr_lee.
    for (const id of ['u1', 'u2']) h.app.store.people.set(h.app.store.people.findByIdentity('console', id)!.id, 'handle', 'dr_lee');
    const r = await h.say('boss', 'grant dr_lee clinician', { roles: ['admin'] });
    expect(r.at(-1)).toMatch(/More than one person is called "dr_lee": #1, #2/);
    const ok = await h.say('boss', 'grant #2 clinician', { roles: ['admin'] });
    expect(ok.at(-1)).toMatch(/dr_lee \(#2, console u2\) is now a clinician/);
    await h.close();
  });
});

describe('my data', () => {
  it('GIVEN a patient with a session and a group WHEN they ask for their data THEN those are in the export too', async () => {
    const h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    await onboard(h, 'alice');
    await h.say('carol', 'session alice 2026-11-12T10:00', { roles: ['clinician'] });
    await h.say('fran', 'group create circle UTC', { roles: ['facilitator'] });
    await h.say('fran', 'group add circle alice', { roles: ['facilitator'] });
    const exported = (await h.say('alice', 'my data')).at(-1)!;
    const doc = JSON.parse(exported.slice(exported.indexOf('{')));
    expect(doc.sessions).toHaveLength(1);
    expect(doc.groups).toEqual([expect.objectContaining({ name: 'circle', role: 'member' })]);
    expect(doc.scheduledMessages.length).toBeGreaterThan(0);
    await h.close();
  });
});
