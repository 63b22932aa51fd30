import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../../fakes/harness.js';
import { last, personId, skillsRepo } from './helpers.js';

const HOUR = 3_600_000;

/** A check-in by buttons: mood, anxiety, sleep, no note. */
async function checkin(h: Harness, who: string, mood: number, anxiety: number): Promise<void> {
  await h.say(who, 'checkin');
  await h.press(who, `checkin:mood:${mood}`);
  await h.press(who, `checkin:anxiety:${anxiety}`);
  await h.press(who, 'checkin:sleep:3');
  await h.press(who, 'checkin:note:skip');
}

const offersTo = (h: Harness, who: string) => h.adapter.sent.filter((s) => s.to.kind === 'direct' && s.to.id === who && s.message.choices?.[0]?.id.startsWith('offer:yes:'));

describe('the single offer policy', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a low check-in WHEN it is saved THEN one fitting skill is offered with "yes" and "not now", and yes starts it', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await checkin(h, 'alice', 2, 4);
    const offer = last(h, 'alice');
    expect(offer.text).toMatch(/^Would it help to try Thought record\?/);
    expect(offer.choices?.map((c) => c.label)).toEqual(['Yes, let\'s try', 'Not now']);
    const r = await h.press('alice', offer.choices![0]!.id);
    expect(r.at(-1)).toMatch(/^\(1\/9\) What happened\?/);
    expect(skillsRepo(h).lastOffer(personId(h, 'alice'))).toMatchObject({ skill: 'thought-record', answer: 'yes' });
  });

  it('GIVEN an extreme check-in (mood 0) WHEN it is saved THEN the notice makes the one offer (a person or the plan) and no skill is offered beside it', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const before = h.adapter.sent.length;
    await checkin(h, 'alice', 0, 3);
    const after = h.adapter.sent.slice(before).filter((s) => s.to.kind === 'direct');
    expect(after.map((s) => s.message.text)).toContain(h.app.content.text('checkin.offer.person', 'en'));
    expect(offersTo(h, 'alice')).toHaveLength(0);
  });

  it('GIVEN a good check-in WHEN it is saved THEN nothing is offered', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await checkin(h, 'alice', 7, 2);
    expect(offersTo(h, 'alice')).toHaveLength(0);
  });

  // Low but not extreme answers: an extreme one (mood ≤ 1, anxiety ≥ 9) gets the check-in
  // notice's own offer instead (test/flows/checkin-notice.test.ts), one offer per moment.
  it('GIVEN an offer WHEN another low moment comes within the hour THEN no second offer; after the hour, one again', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await checkin(h, 'alice', 2, 3);
    await h.advance(30 * 60_000);
    await checkin(h, 'alice', 3, 3);
    expect(offersTo(h, 'alice')).toHaveLength(1);
    await h.advance(HOUR);
    await checkin(h, 'alice', 3, 3);
    expect(offersTo(h, 'alice')).toHaveLength(2);
  });

  it('GIVEN "not now" WHEN low moments follow THEN nothing is offered for the clinic-set 12 hours, and after them an offer comes again', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await checkin(h, 'alice', 2, 3);
    const declined = await h.press('alice', last(h, 'alice').choices![1]!.id);
    expect(declined.at(-1)).toMatch(/won't suggest it again for a while/);
    await h.advance(11 * HOUR);
    await checkin(h, 'alice', 2, 3);
    expect(offersTo(h, 'alice')).toHaveLength(1);
    await h.advance(HOUR + 60_000);
    await checkin(h, 'alice', 2, 3);
    expect(offersTo(h, 'alice')).toHaveLength(2);
  });

  it('GIVEN a clinic that sets "not now" to 2 hours WHEN the patient types "ahora no" THEN offers come back after 2 hours', async () => {
    h = await createHarness({ env: { AFTERGLOW_SKILL_NOT_NOW_HOURS: '2' } });
    await onboard(h, 'alice');
    await h.say('alice', 'language es');
    await checkin(h, 'alice', 8, 8);
    expect(last(h, 'alice').text).toMatch(/^¿Te ayudaría probar TIPP\?/);
    expect(last(h, 'alice').choices?.[1]?.label).toBe('Ahora no');
    const r = await h.say('alice', 'ahora no');
    expect(r.at(-1)).toMatch(/No te lo volveré a sugerir/);
    await h.advance(HOUR + 60_000);
    await checkin(h, 'alice', 8, 8);
    expect(offersTo(h, 'alice')).toHaveLength(1);
    await h.advance(HOUR);
    await checkin(h, 'alice', 8, 8);
    expect(offersTo(h, 'alice')).toHaveLength(2);
  });

  it('GIVEN an open alert case WHEN the check-in is low THEN no offer; a review case does not block one', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await onboard(h, 'bob');
    const base = { category: 'suicide', source: 'screen', excerpt: null, context: null, ruleIds: ['test'], at: h.clock.now().toISOString(), nextEscalationAt: null };
    h.app.store.cases.create({ ...base, personId: personId(h, 'alice'), severity: 'high' });
    h.app.store.cases.create({ ...base, personId: personId(h, 'bob'), severity: 'review', category: 'contact_request' });
    await checkin(h, 'alice', 2, 8);
    await checkin(h, 'bob', 2, 8);
    expect(offersTo(h, 'alice')).toHaveLength(0);
    expect(offersTo(h, 'bob')).toHaveLength(1);
  });

  it('GIVEN a session recorded 3 hours ago WHEN an anxious check-in comes THEN TIPP (not for a dosing day) is never offered, STOP is; a day later TIPP is', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('carol', `session alice ${new Date(h.clock.now().getTime() - 3 * HOUR).toISOString()}`, { roles: ['clinician'] });
    await checkin(h, 'alice', 5, 8);
    expect(offersTo(h, 'alice').at(-1)!.message.text).toMatch(/^Would it help to try STOP\?/);
    await h.advance(21 * HOUR + 60_000);
    h.app.store.state.clear(personId(h, 'alice'));
    await checkin(h, 'alice', 5, 8);
    expect(offersTo(h, 'alice').at(-1)!.message.text).toMatch(/^Would it help to try TIPP\?/);
  });

  it('GIVEN a crisis message WHEN it is screened THEN the crisis reply is the answer and no skill is offered beside it', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'checkin');
    await h.press('alice', 'checkin:mood:0');
    await h.press('alice', 'checkin:anxiety:10');
    await h.press('alice', 'checkin:sleep:1');
    const r = await h.say('alice', 'I want to kill myself tonight');
    expect(r.join('\n')).toMatch(/988/);
    expect(offersTo(h, 'alice')).toHaveLength(0);
  });

  it('GIVEN an old offer WHEN its button is pressed after a newer one THEN it is not taken as an answer', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await checkin(h, 'alice', 2, 3);
    const old = last(h, 'alice').choices![0]!.id;
    await h.press('alice', old);
    const again = await h.press('alice', old);
    expect(again.at(-1)).toMatch(/That suggestion has passed/);
  });
});

describe('one offer policy for every offer', () => {
  it('GIVEN small talk just offered an exercise WHEN a low check-in follows within the hour THEN no skill is offered beside it', async () => {
    const h = await createHarness();
    try {
      await onboard(h, 'alice');
      await h.say('alice', "i'm anxious");
      const smallTalkOffered = h.app.store.audit.forSubject('person', personId(h, 'alice')).some((e) => e.action === 'offer.made');
      expect(smallTalkOffered).toBe(true);
      await h.advance(10 * 60_000);
      await checkin(h, 'alice', 2, 4);
      expect(offersTo(h, 'alice')).toHaveLength(0);
    } finally {
      await h.close();
    }
  });
});
