import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../../fakes/harness.js';
import { clinicianAlerts, last, personId, skillsRepo } from './helpers.js';

describe('CBT thought record', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    await onboard(h, 'alice');
  });
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a patient WHEN they walk every step of a thought record THEN one readable journal entry is saved and the change in strength is kept', async () => {
    const first = await h.say('alice', 'thought record');
    expect(first.join('\n')).toMatch(/one short step at a time/);
    expect(first.at(-1)).toMatch(/^\(1\/9\) What happened\?/);
    expect(last(h, 'alice').choices?.map((c) => c.id)).toEqual(['tr:situation:skip']);
    await h.say('alice', 'My friend did not answer my message all day');
    await h.say('alice', 'anxious');
    const strength = await h.say('alice', '80');
    expect(strength.at(-1)).toMatch(/^\(4\/9\) What went through your mind/);
    const traps = await h.say('alice', 'She is angry with me and I ruined it');
    expect(traps.at(-1)).toMatch(/thinking traps/);
    expect(traps.at(-1)).toMatch(/2\. Mind reading — "She went quiet/);
    await h.press('alice', 'tr:traps:mind_reading');
    expect(h.adapter.to('alice').at(-1)).toMatch(/Mind reading ✓/);
    await h.say('alice', '8');
    expect(h.adapter.to('alice').at(-1)).toMatch(/^\(6\/9\) What makes the thought seem true/);
    await h.say('alice', 'She usually answers fast');
    await h.say('alice', 'She told me she has a deadline this week');
    await h.say('alice', 'She is probably busy; I can ask tomorrow');
    const end = await h.say('alice', '35');
    expect(end.join('\n')).toMatch(/saved in your journal/);
    expect(end.join('\n')).toMatch(/from 80 to 35/);

    const id = personId(h, 'alice');
    const [entry] = h.app.store.records.recentJournal(id, 1);
    expect(entry!.text).toBe(
      [
        'Thought record',
        'Situation: My friend did not answer my message all day',
        'Feeling (strength before → after): anxious (80 → 35)',
        'Thought: She is angry with me and I ruined it',
        'Thinking traps: Mind reading, Fortune telling',
        'Evidence for: She usually answers fast',
        'Evidence against: She told me she has a deadline this week',
        'Balanced thought: She is probably busy; I can ask tomorrow',
      ].join('\n'),
    );
    expect(skillsRepo(h).thoughtRecords(id)).toEqual([{ at: h.clock.now().toISOString(), before: 80, after: 35, traps: ['mind_reading', 'fortune_telling'] }]);
    expect(h.app.store.state.get(id)).toBeUndefined();

    const mine = await h.say('alice', 'my skills');
    expect(mine.join('\n')).toMatch(/Thought records[^\n]*\n• \w{3} \d+ \w{3}: 80 → 35/);
    const summary = await h.say('carol', 'summary alice', { roles: ['clinician'] });
    expect(summary.join('\n')).toMatch(/Thought records \(feeling 0-100 before → after\): \w{3} \d+ \w{3} 80→35/);
    expect(summary.join('\n')).toMatch(/Skills used \(30 days\): thought-record ×1/);
  });

  it('GIVEN a thought record WHEN the patient skips steps by button and by word THEN skipped steps are left out of the entry', async () => {
    await h.say('alice', 'thought record');
    await h.press('alice', 'tr:situation:skip');
    await h.say('alice', 'sad');
    await h.say('alice', 'skip');
    await h.say('alice', 'Nothing ever works out for me');
    await h.press('alice', 'tr:traps:done');
    await h.press('alice', 'tr:for:skip');
    await h.press('alice', 'tr:against:skip');
    await h.press('alice', 'tr:balanced:skip');
    await h.press('alice', 'tr:after:40');
    const [entry] = h.app.store.records.recentJournal(personId(h, 'alice'), 1);
    expect(entry!.text).toBe(['Thought record', 'Feeling (strength before → after): sad (– → 40)', 'Thought: Nothing ever works out for me'].join('\n'));
    expect(skillsRepo(h).thoughtRecords(personId(h, 'alice'))[0]).toMatchObject({ before: null, after: 40, traps: [] });
  });

  it('GIVEN a thought record WHEN every step is skipped THEN nothing is saved and the patient is told so', async () => {
    await h.say('alice', 'thought record');
    for (let i = 0; i < 9; i++) await h.say('alice', 'skip');
    expect(h.adapter.to('alice').at(-1)).toMatch(/nothing to save/);
    expect(h.app.store.records.recentJournal(personId(h, 'alice'), 5)).toEqual([]);
    expect(skillsRepo(h).thoughtRecords(personId(h, 'alice'))).toEqual([]);
  });

  it('GIVEN a patient halfway through a thought record WHEN the bot restarts THEN the next answer lands on the same step and the earlier answers are kept', async () => {
    await h.say('alice', 'thought record');
    await h.say('alice', 'Work meeting went badly');
    await h.say('alice', 'ashamed');
    await h.restart();
    const resumed = await h.say('alice', 'thought record');
    expect(resumed.join('\n')).toMatch(/Picking up your thought record/);
    expect(resumed.at(-1)).toMatch(/^\(3\/9\) How strong was ashamed/);
    await h.say('alice', '70');
    for (let i = 0; i < 2; i++) await h.say('alice', 'skip');
    await h.restart();
    // After a second restart the patient simply answers: it lands on the open step (evidence for).
    await h.say('alice', 'I stumbled over the numbers');
    expect(h.app.store.state.get(personId(h, 'alice'))).toMatchObject({ step: 'against', data: { for: 'I stumbled over the numbers' } });
    for (let i = 0; i < 2; i++) await h.say('alice', 'skip');
    await h.say('alice', '50');
    const [entry] = h.app.store.records.recentJournal(personId(h, 'alice'), 1);
    expect(entry!.text).toMatch(/Situation: Work meeting went badly\nFeeling \(strength before → after\): ashamed \(70 → 50\)/);
  });

  it('GIVEN a thought record WHEN a crisis message comes in the middle THEN the crisis reply and the alert come first, the words are not taken as an answer, and the record resumes after', async () => {
    await h.say('alice', 'thought record');
    await h.say('alice', 'Argument with my partner');
    const crisis = await h.say('alice', 'I want to kill myself tonight');
    // Only the crisis reply: no next thought-record question beside it.
    expect(crisis.join('\n')).not.toMatch(/\(3\/9\)/);
    expect(crisis.join('\n')).toMatch(/988/);
    expect(clinicianAlerts(h)).toHaveLength(1);
    const id = personId(h, 'alice');
    expect(h.app.store.state.get(id)).toMatchObject({ flow: 'thought_record', step: 'feeling' });
    expect(h.app.store.state.get(id)!.data.feeling).toBeUndefined();
    const after = await h.say('alice', 'ok');
    expect(after.join('\n')).toMatch(/carry on with your thought record/);
    expect(after.at(-1)).toMatch(/^\(2\/9\) What did you feel\?/);
    await h.say('alice', 'angry');
    expect(h.app.store.state.get(id)).toMatchObject({ step: 'before', data: { situation: 'Argument with my partner', feeling: 'angry' } });
  });

  it('GIVEN a patient who chose Spanish WHEN they walk a thought record THEN every step is in Spanish and the entry reads in Spanish', async () => {
    await h.say('alice', 'language es');
    const first = await h.say('alice', 'registro de pensamientos');
    expect(first.join('\n')).toMatch(/paso a paso/);
    expect(last(h, 'alice').choices?.[0]?.label).toBe('Saltar');
    await h.say('alice', 'Llegué tarde al trabajo');
    await h.say('alice', 'vergüenza');
    expect(h.adapter.to('alice').at(-1)).toMatch(/¿Qué intensidad tenía vergüenza/);
    await h.say('alice', '90');
    await h.say('alice', 'Soy un desastre');
    expect(h.adapter.to('alice').at(-1)).toMatch(/5\. Etiquetar — "Olvidé la cita/);
    await h.say('alice', '5 y 1');
    expect(h.app.store.state.get(personId(h, 'alice'))?.step).toBe('for');
    await h.say('alice', 'Llegué tarde');
    await h.say('alice', 'Es la primera vez en meses');
    await h.say('alice', 'Un retraso no me define');
    const end = await h.say('alice', '40');
    expect(end.join('\n')).toMatch(/pasó de 90 a 40/);
    const [entry] = h.app.store.records.recentJournal(personId(h, 'alice'), 1);
    expect(entry!.text).toMatch(/^Registro de pensamientos\nSituación: Llegué tarde al trabajo\nSentimiento \(intensidad antes → después\): vergüenza \(90 → 40\)/);
    expect(entry!.text).toMatch(/Trampas de pensamiento: Etiquetar, Todo o nada/);
    const mine = await h.say('alice', 'mis habilidades');
    expect(mine.join('\n')).toMatch(/Registros de pensamientos/);
  });

  it('GIVEN a thought record in progress WHEN the patient types a score that is not a number THEN they are told what is expected and asked again', async () => {
    await h.say('alice', 'thought record');
    await h.say('alice', 'x');
    await h.say('alice', 'tense');
    const r = await h.say('alice', 'very');
    expect(r[0]).toMatch(/number from 0 to 100/);
    expect(r.at(-1)).toMatch(/^\(3\/9\)/);
  });

  it('GIVEN saved skills data WHEN the patient deletes their data THEN the thought records, uses and plans are gone', async () => {
    await h.say('alice', 'thought record');
    for (const answer of ['x', 'sad', '60', 'y', '1', 'a', 'b', 'c', '30']) await h.say('alice', answer);
    expect(skillsRepo(h).thoughtRecords(personId(h, 'alice'))).toHaveLength(1);
    const exported = (await h.say('alice', 'my data')).join('\n');
    expect(exported).toMatch(/"thoughtRecords": \[\s*\{[^}]*"before": 60,\s*"after": 30/);
    await h.say('alice', 'delete my data');
    await h.press('alice', 'delete:confirm');
    expect(skillsRepo(h).thoughtRecords(personId(h, 'alice'))).toEqual([]);
    expect(skillsRepo(h).useCounts(personId(h, 'alice'), '2000-01-01')).toEqual([]);
  });
});
