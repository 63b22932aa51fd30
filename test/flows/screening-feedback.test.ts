// Clinicians telling the screener where it was wrong: false alarm, wrong
// category, missed. Through the conversation harness over a real SQLite file;
// deletion is checked on the raw bytes of the database and its WAL.
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { alertsReport } from '../../src/safety/reports.js';
import { feedbackItems, feedbackLine } from '../../src/safety/feedback-report.js';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

const DR = { roles: ['clinician' as const] };
const MARK = 'Wq8Feedmark';

const personId = (h: Harness, who: string) => h.app.store.people.findByIdentity('console', who)!.id;
const audits = (h: Harness, action: string) => h.app.store.db.prepare(`SELECT detail FROM audit_log WHERE action = ?`).pluck().all(action) as string[];
const bytesOnDisk = (h: Harness) =>
  [h.dbPath, `${h.dbPath}-wal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');

/** Alice writes a crisis message with the marker in it: case #1. */
async function crisisCase(h: Harness, text = `i want to kill myself ${MARK}`): Promise<void> {
  await onboard(h, 'alice');
  await h.say('alice', text);
  expect(h.app.store.cases.get(1)).toBeDefined();
}

describe('clinician feedback on the screener', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('GIVEN a crisis case WHEN a clinician types "false alarm 1" THEN the item keeps who said it, the label, the rules, category, lexicon and words, it is audited, and the case stays open', async () => {
    h = await createHarness();
    await crisisCase(h);
    const kase = h.app.store.cases.get(1)!;
    const [reply] = await h.say('dr_lee', 'false alarm 1', DR);
    expect(reply).toMatch(/Case #1 marked as a false alarm \(feedback #1\)\. The case stays open/);
    const [item] = h.app.store.feedback.all();
    expect(item).toMatchObject({
      label: 'false_alarm',
      clinicianId: personId(h, 'dr_lee'),
      caseId: 1,
      personId: personId(h, 'alice'),
      severity: kase.severity,
      category: kase.category,
      ruleIds: kase.ruleIds,
      lexiconVersion: kase.lexiconVersion,
      words: `i want to kill myself ${MARK}`,
    });
    expect(item!.ruleIds.length).toBeGreaterThan(0);
    expect(item!.lexiconVersion).toEqual(expect.any(String));
    expect(audits(h, 'feedback.false_alarm')).toHaveLength(1);
    // The audit log never holds text.
    expect(audits(h, 'feedback.false_alarm')[0]).not.toContain(MARK);
    expect(h.app.store.cases.get(1)!.status).toBe('open');
    // Saying it twice does not count it twice.
    const [again] = await h.say('dr_lee', 'false alarm #1', DR);
    expect(again).toMatch(/already marked case #1 as a false alarm/);
    expect(h.app.store.feedback.all()).toHaveLength(1);
  });

  it('GIVEN the card WHEN a clinician presses False alarm THEN it is recorded like the command', async () => {
    h = await createHarness();
    await crisisCase(h);
    const card = h.adapter.clinicianChannel().find((s) => s.message.alert?.caseId === 1)!;
    expect(card.message.text).toMatch(/Screener feedback: false alarm 1 · wrong category 1 <category>/);
    const [reply] = await h.press('dr_lee', 'feedback:false_alarm:1', DR);
    expect(reply).toMatch(/marked as a false alarm/);
    expect(h.app.store.feedback.all().map((f) => f.label)).toEqual(['false_alarm']);
  });

  it('GIVEN a case WHEN a clinician says it was the wrong category, by command, by form and by typing after the button THEN each is stored with the category it should have been; an unknown category is refused', async () => {
    h = await createHarness();
    await crisisCase(h);
    const from = h.app.store.cases.get(1)!.category;
    const [bad] = await h.say('dr_lee', 'wrong category 1 sadness', DR);
    expect(bad).toMatch(/^Usage: wrong category 1 <category>, one of: .*self_harm/);
    expect(h.app.store.feedback.all()).toHaveLength(0);

    const [byCommand] = await h.say('dr_lee', 'wrong category 1 self harm', DR);
    expect(byCommand).toMatch(new RegExp(`Case #1 marked as self_harm, not ${from}`));
    await h.press('dr_lee', 'feedback:wrong_category:1', { ...DR, fields: { category: 'distress' } });
    const [ask] = await h.press('dr_lee', 'feedback:wrong_category:1', DR);
    expect(ask).toMatch(/Type the category case #1 should have been/);
    await h.say('dr_lee', 'misuse', DR);
    expect(h.app.store.feedback.all().map((f) => [f.label, f.category, f.correctCategory])).toEqual([
      ['wrong_category', from, 'self_harm'],
      ['wrong_category', from, 'distress'],
      ['wrong_category', from, 'misuse'],
    ]);
    expect(audits(h, 'feedback.wrong_category')).toHaveLength(3);
  });

  it('GIVEN a patient WHEN they type "false alarm 1" or press the buttons THEN they are refused and audited, and nothing is stored; a clinician cannot give feedback on their own case', async () => {
    h = await createHarness();
    await crisisCase(h);
    await onboard(h, 'bob');
    const [typed] = await h.say('bob', 'false alarm 1');
    expect(typed).toMatch(/only for clinic staff/);
    await h.press('bob', 'feedback:false_alarm:1');
    await h.press('bob', 'feedback:wrong_category:1', { fields: { category: 'distress' } });
    await h.press('bob', 'feedback:wrong_category:1');
    expect(audits(h, 'feedback.refused')).toHaveLength(4);
    expect(h.app.store.feedback.all()).toHaveLength(0);

    await h.say('dr_kim', 'i want to kill myself', DR);
    const own = h.app.store.cases.forPerson(personId(h, 'dr_kim'))[0]!;
    const [refused] = await h.say('dr_kim', `false alarm ${own.id}`, DR);
    expect(refused).toMatch(/is about you, so another clinician/);
    expect(h.app.store.feedback.all()).toHaveLength(0);
  });

  it('GIVEN a clinician in a DM WHEN they type "missed i want to die" THEN no case opens against them and no crisis reply comes; the item is stored, with the words only when a patient is named', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const reply = await h.say('dr_lee', 'missed i want to die', DR);
    expect(reply.join('\n')).not.toMatch(/988/);
    expect(reply.join('\n')).toMatch(/Recorded as missed by the screener \(feedback #1\); the message itself was not kept, because no patient was named/);
    expect(h.app.store.cases.all()).toHaveLength(0);
    expect(h.adapter.clinicianChannel()).toHaveLength(0);

    const alice = personId(h, 'alice');
    const [named] = await h.say('dr_lee', `missed #${alice} nobody would even notice ${MARK}`, DR);
    expect(named).toMatch(/kept with alice's data/);
    const [typo] = await h.say('dr_lee', 'missed #999 gave my things away', DR);
    expect(typo).toMatch(/I don't know anyone called "#999"/);
    expect(h.app.store.feedback.all().map((f) => [f.label, f.personId, f.words])).toEqual([
      ['missed', null, null],
      ['missed', alice, `nobody would even notice ${MARK}`],
    ]);
    expect(h.app.store.cases.all()).toHaveLength(0);
    const [help] = await h.say('dr_lee', 'help', DR);
    expect(help).toMatch(/• false alarm <case> — .*\n• wrong category <case> <category> — .*\n• missed \[#person\] <text> — /);
  });

  it('GIVEN a patient WHEN they type "missed ..." THEN it is screened as their own words (a crisis reply and a case) and ordinary chat is not refused as a command', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const crisis = await h.say('alice', 'missed my chance, i want to kill myself');
    expect(crisis.join('\n')).toMatch(/988/);
    expect(h.app.store.cases.forPerson(personId(h, 'alice'))).toHaveLength(1);
    const chat = await h.say('alice', 'missed my session today');
    expect(chat.join('\n')).not.toMatch(/only for clinic staff/);
    expect(h.app.store.feedback.all()).toHaveLength(0);
  });

  it('GIVEN a patient WHEN they write "missed our call, can someone from my care team call me" THEN it reaches the care team as a request, not swallowed as a command', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'missed our call, can someone from my care team call me');
    expect(h.app.store.cases.forPerson(personId(h, 'alice')).map((c) => [c.severity, c.category])).toEqual([['review', 'contact_request']]);
    expect(h.app.store.feedback.all()).toHaveLength(0);
  });

  it('GIVEN minimal-data mode WHEN clinicians give feedback THEN no patient words are stored or listed', async () => {
    h = await createHarness({ env: { AFTERGLOW_MINIMAL_DATA: 'true' } });
    await crisisCase(h);
    await h.say('dr_lee', 'false alarm 1', DR);
    const [missed] = await h.say('dr_lee', `missed #${personId(h, 'alice')} picked sunday ${MARK}`, DR);
    expect(missed).toMatch(/not kept \(minimal-data mode\)/);
    expect(h.app.store.feedback.all().map((f) => f.words)).toEqual([null, null]);
    const listed = feedbackItems(h.app.store, { minimalData: true }).map(feedbackLine).join('\n');
    expect(listed).toMatch(/false_alarm · case #1/);
    expect(listed).not.toContain(MARK);
  });

  it('GIVEN feedback quoting a patient WHEN the patient deletes their data THEN the words leave the database file and its WAL, and the label stays', async () => {
    h = await createHarness();
    await crisisCase(h);
    await h.say('dr_lee', 'false alarm 1', DR);
    await h.say('dr_lee', `missed #${personId(h, 'alice')} the box is in the car ${MARK}`, DR);
    await h.say('dr_lee', 'resolve 1 spoke with her', DR);
    expect(bytesOnDisk(h)).toContain(`the box is in the car ${MARK}`);
    // What is kept about her is in her own export too.
    expect(JSON.stringify(h.app.store.exportPerson(personId(h, 'alice')).quotedInScreenerFeedback)).toContain(`the box is in the car ${MARK}`);
    await h.say('alice', 'delete my data');
    await h.press('alice', 'delete:confirm');
    expect(h.app.store.feedback.all().map((f) => [f.label, f.words, f.why])).toEqual([
      ['false_alarm', null, null],
      ['missed', null, null],
    ]);
    expect(bytesOnDisk(h)).not.toContain(`the box is in the car ${MARK}`);
    expect(bytesOnDisk(h)).not.toContain(`kill myself ${MARK}`);
  });

  it('GIVEN an open case WHEN its patient deletes their data THEN the feedback forgets the words at once while the case keeps them for the care team', async () => {
    h = await createHarness();
    await crisisCase(h);
    await h.say('dr_lee', 'false alarm 1', DR);
    await h.say('alice', 'delete my data');
    await h.press('alice', 'delete:confirm');
    expect(h.app.store.feedback.all()[0]!.words).toBeNull();
    expect(h.app.store.cases.get(1)!.excerpt).toContain(MARK);
  });

  it('GIVEN a retention period WHEN housekeeping runs after it THEN the words in older feedback go and the item stays', async () => {
    h = await createHarness();
    await crisisCase(h);
    await h.say('dr_lee', 'false alarm 1', DR);
    h.app.store.housekeeping(new Date(h.clock.now().getTime() + 29 * 86_400_000), 30);
    expect(h.app.store.feedback.all()[0]!.words).toContain(MARK);
    h.app.store.housekeeping(new Date(h.clock.now().getTime() + 31 * 86_400_000), 30);
    expect(h.app.store.feedback.all().map((f) => [f.label, f.words])).toEqual([['false_alarm', null]]);
  });

  it('GIVEN cases over two weeks with feedback WHEN report alerts runs THEN each week shows its cases, false alarms, rate, wrong category and missed reports', async () => {
    h = await createHarness({ start: '2026-11-16T10:00:00Z' }); // a Monday
    await onboard(h, 'alice');
    await onboard(h, 'bob');
    await h.say('alice', 'i want to kill myself');
    await h.say('bob', 'i want to die');
    await h.say('dr_lee', 'false alarm 2', DR);
    await h.advanceTo('2026-11-24T10:00:00Z');
    await h.say('carol', 'i want to kill myself');
    await h.say('dan', 'i am going to kill myself');
    await h.say('erin', 'i want to die');
    await h.say('dr_lee', 'false alarm 1', DR); // counted in the week case #1 opened
    await h.say('dr_lee', 'wrong category 3 distress', DR);
    await h.say('dr_kim', 'false alarm 3', DR); // one case, two clinicians: one false alarm
    await h.say('dr_lee', 'missed gave my cat to my sister for good', DR);
    expect(h.app.store.cases.all()).toHaveLength(5);
    const report = alertsReport(h.app.store, 'UTC');
    expect(report).toMatch(/week of\s+cases\s+false alarms\s+false-alarm rate\s+wrong category\s+missed reported/);
    expect(report).toMatch(/2026-11-16\s+2\s+2\s+100%\s+0\s+0/);
    expect(report).toMatch(/2026-11-23\s+3\s+1\s+33%\s+1\s+1/);
  });

  it('GIVEN no feedback THEN report alerts says there is none yet and how to give it', async () => {
    h = await createHarness();
    await crisisCase(h);
    expect(alertsReport(h.app.store, 'UTC')).toMatch(/Screener feedback from clinicians: none yet \(false alarm <case>/);
  });
});
