import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

// Typed answers to a questionnaire are screened by the lexicon floor only;
// anything else typed mid-questionnaire is read by the model as usual.
async function sideEffectCheck(h: Harness): Promise<void> {
  await onboard(h, 'alice');
  await h.say('alice', 'timezone America/New_York');
  await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
  await h.advanceTo('2026-11-11T17:01:00Z'); // day 1, 12:01 local: the side-effect check arrives
}

describe('screening the answers to a questionnaire', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN the side-effect check WHEN the patient types every answer as its label THEN no case opens', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z', env: { AFTERGLOW_SCREENER_MODEL: 'page' } });
    await sideEffectCheck(h);
    const inst = h.app.content.instrument('side_effects', 'en')!;
    for (const item of inst.items) await h.say('alice', item.options[0]!.label);
    expect(h.app.store.db.prepare(`SELECT score FROM instrument_results`).get()).toEqual({ score: 0 });
    expect(h.app.store.cases.get(1)).toBeUndefined();
  });

  it('GIVEN the side-effect check in progress WHEN the patient types something that is not an answer THEN the model reads it and a case opens', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z', env: { AFTERGLOW_SCREENER_MODEL: 'page' } });
    await sideEffectCheck(h);
    await h.say('alice', 'nobody would even notice if I was gone');
    expect(h.app.store.cases.get(1)).toMatchObject({ personId: expect.any(Number) });
    expect(h.app.store.cases.get(1)!.severity).not.toBe('review');
  });
});
