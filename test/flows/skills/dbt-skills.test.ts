import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../../fakes/harness.js';
import { last, personId, skillsRepo } from './helpers.js';

const PRACTICE_SKILLS = ['tipp', 'stop', 'self-soothe', 'accepts', 'radical-acceptance', 'check-the-facts', 'opposite-action', 'abc-please', 'wise-mind'];

describe('DBT skills: menu, cards and paced practice', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    await onboard(h, 'alice');
  });
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a patient WHEN they type "skills" THEN the skills come grouped by need, each with a button', async () => {
    const [menu] = await h.say('alice', 'skills');
    const crisis = menu!.indexOf('In a crisis of feeling');
    const facts = menu!.indexOf("When a feeling doesn't fit the facts");
    const everyday = menu!.indexOf('Every day, to stay steady');
    expect(crisis).toBeGreaterThan(0);
    expect(facts).toBeGreaterThan(crisis);
    expect(everyday).toBeGreaterThan(facts);
    expect(menu!.slice(crisis, facts)).toMatch(/TIPP[\s\S]*STOP[\s\S]*Self-soothe[\s\S]*ACCEPTS[\s\S]*Radical acceptance/);
    expect(menu!.slice(facts, everyday)).toMatch(/Thought record[\s\S]*Check the facts[\s\S]*Opposite action/);
    expect(menu!.slice(everyday)).toMatch(/One small thing[\s\S]*ABC PLEASE[\s\S]*Wise mind/);
    expect(last(h, 'alice').choices?.map((c) => c.id)).toContain('sk:card:wise-mind');
  });

  for (const id of PRACTICE_SKILLS) {
    it(`GIVEN the ${id} card WHEN the patient presses Practise THEN the steps arrive paced, one after another, and the end comes last`, async () => {
      await h.press('alice', `sk:card:${id}`);
      const card = last(h, 'alice');
      expect(card.text).toMatch(/Why this helps:/);
      expect(card.choices).toEqual([{ id: `sk:go:${id}`, label: 'Practise now' }]);
      const skill = h.app.content.skill(id, 'en')!;
      const before = h.adapter.to('alice').length;
      await h.press('alice', `sk:go:${id}`);
      // Only the intro goes at once; the first step follows straight away, the rest wait their seconds.
      const now = h.adapter.to('alice').slice(before);
      expect(now[0]).toMatch(new RegExp(`^${skill.title}`));
      expect(now).toHaveLength(2);
      const total = skill.practice!.reduce((s, p) => s + p.seconds, 0);
      await h.advance(total * 1000);
      const all = h.adapter.to('alice').slice(before);
      expect(all.slice(1, -1)).toEqual(skill.practice!.map((p) => p.text));
      expect(all.at(-1)).toMatch(/end of the practice/);
      expect(skillsRepo(h).useCounts(personId(h, 'alice'), '2000-01-01').find((u) => u.skill === id)!.n).toBe(2);
    });
  }

  it('GIVEN the same skills WHEN a Spanish-speaking patient practises each THEN the card and every step are in Spanish', async () => {
    await h.say('alice', 'language es');
    for (const id of PRACTICE_SKILLS) {
      await h.press('alice', `sk:card:${id}`);
      expect(last(h, 'alice').text).toMatch(/Por qué ayuda:/);
      expect(last(h, 'alice').choices?.[0]?.label).toBe('Practicar ahora');
      const before = h.adapter.to('alice').length;
      await h.press('alice', `sk:go:${id}`);
      const skill = h.app.content.skill(id, 'es')!;
      await h.advance(skill.practice!.reduce((s, p) => s + p.seconds, 0) * 1000);
      const all = h.adapter.to('alice').slice(before);
      expect(all.slice(1, -1)).toEqual(skill.practice!.map((p) => p.text));
      expect(all.at(-1)).toMatch(/Aquí termina la práctica/);
    }
  });

  it('GIVEN TIPP WHEN a patient opens it THEN the card says plainly: not on a dosing day, and ask the clinician first with a heart condition, an eating disorder or heart medicines', async () => {
    await h.say('alice', 'tipp');
    const card = last(h, 'alice').text;
    expect(card).toMatch(/Not on a dosing day: for the 24 hours after a session/);
    expect(card).toMatch(/heart condition, an eating disorder,\s+or take medicine for your heart, ask your clinician/);
    expect(card).not.toMatch(/A session was recorded for you/);
    expect(h.app.content.skill('tipp', 'en')!.notOnDosingDay).toBe(true);
  });

  it('GIVEN a session recorded an hour ago WHEN the patient practises TIPP THEN they are told today is a dosing day and to use only breathing and muscles', async () => {
    await h.say('carol', `session alice ${new Date(h.clock.now().getTime() - 3_600_000).toISOString()}`, { roles: ['clinician'] });
    await h.say('alice', 'tipp');
    expect(last(h, 'alice').text).toMatch(/today is a dosing day/);
    const r = await h.press('alice', 'sk:go:tipp');
    expect(r[0]).toMatch(/today is a dosing day: please leave out the cold water and the hard exercise/);
  });

  it('GIVEN a practice under way WHEN the patient types cancel THEN the remaining steps are withdrawn', async () => {
    await h.press('alice', 'sk:go:stop');
    await h.say('alice', 'cancel');
    const before = h.adapter.to('alice').length;
    await h.advance(10 * 60_000);
    expect(h.adapter.to('alice').length).toBe(before);
  });

  it('GIVEN the skill command WHEN the patient names a skill by its Spanish alias or an unknown one THEN the card, or the menu with a note', async () => {
    await h.say('alice', 'habilidad mente sabia');
    expect(last(h, 'alice').text).toMatch(/^Wise mind/);
    const r = await h.say('alice', 'skill juggling');
    expect(r[0]).toMatch(/I don't know a skill called "juggling"/);
    expect(r[1]).toMatch(/Skills you can practise here/);
  });
});
