import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

// Questionnaire alerts carry the facts a clinician needs to decide: the
// instrument, the item and its answer, the total and band, the change since
// the last one, and for side effects the hours since the dose.

const NY = 'America/New_York';

async function patient(h: Harness, who: string): Promise<number> {
  await onboard(h, who);
  await h.say(who, `timezone ${NY}`);
  return h.app.store.people.findByIdentity('console', who)!.id;
}

describe('questionnaire alerts carry the facts', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a second PHQ-9 WHEN item 9 is answered 2 THEN the alert names PHQ-9 item 9 = 2, the total and band, and the change since the first', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    const id = await patient(h, 'alice');
    h.app.store.db
      .prepare(`INSERT INTO instrument_results (person_id, instrument, at, score, band, answers) VALUES (?, 'phq9', '2026-11-03T15:00:00.000Z', 9, 'mild', '{}')`)
      .run(id);
    await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
    await h.advanceTo('2026-11-17T16:01:00Z'); // day 7: the PHQ-9 of the sequence
    for (let i = 0; i < 8; i++) await h.press('alice', `instr:phq9:${i}:1`);
    h.adapter.clear();
    await h.press('alice', 'instr:phq9:8:2');
    const alert = h.adapter.clinicianChannel().at(-1)!.message.text;
    expect(alert).toContain('PHQ-9 completed: total 10 (moderate); last time 9 (mild) on 2026-11-03: +1');
    expect(alert).toContain('PHQ-9 item 9 (thoughts of being better off dead or of self-harm) = 2 “More than half the days”');
  });

  it('GIVEN the side-effect check a day after a session WHEN dizziness is severe THEN a side_effect case names the symptom, severity and hours since the dose, and the patient gets no crisis reply', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    const id = await patient(h, 'alice');
    await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
    await h.advanceTo('2026-11-11T17:01:00Z'); // day 1, 12:01 local: 27 h after the session
    const inst = h.app.content.instrument('side_effects', 'en')!;
    let r: string[] = [];
    for (const [i, item] of inst.items.entries()) r = await h.press('alice', `instr:side_effects:${i}:${item.id === 'se_dizziness' ? 3 : 0}`);
    expect(r.at(-1)).toBe(h.app.content.text('instrument.flagged', 'en', { eta: h.config.clinicianEta }));
    expect(r.join('\n')).not.toMatch(/988|741741/);
    expect(h.app.store.cases.openForPerson(id)[0]).toMatchObject({ category: 'side_effect', severity: 'moderate', source: 'instrument' });
    const alert = h.adapter.clinicianChannel().at(-1)!.message.text;
    expect(alert).toContain('Side-effect check item 7 (dizziness) = 3 “Severe”');
    expect(alert).toContain('27 h since the session started');
    expect(alert).toContain('total 3 (few or mild effects)');
  });
});
