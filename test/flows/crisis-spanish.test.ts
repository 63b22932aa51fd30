import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

// A patient who chose Spanish writes in Spanish: the screener must read it
// (before lexicon 2025.5 it read English only, so "ya no quiero vivir" passed
// unseen), the reply must be in Spanish, and the clinicians must be told.
describe('crisis escalation in Spanish', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  const clinicianAlerts = (hh: Harness) => hh.adapter.clinicianChannel().filter((s) => !s.message.replaces);

  it('GIVEN a patient who chose Spanish WHEN they write that they will take their life tonight THEN a Spanish crisis reply at once and an imminent alert', async () => {
    h = await createHarness();
    await onboard(h, 'lucia');
    await h.say('lucia', 'idioma es');
    await h.say('lucia', 'ya no quiero vivir, esta noche me quito la vida');
    const toLucia = h.adapter.to('lucia').at(-1)!;
    expect(toLucia).toMatch(/tu seguridad es lo más importante/);
    expect(toLucia).toMatch(/988/);
    const [alert] = clinicianAlerts(h);
    expect(alert!.message.text).toMatch(/case #1/);
    expect(h.app.store.cases.get(1)!.severity).toBe('imminent');
  });

  it('GIVEN a patient who kept English WHEN they write in Spanish THEN the message is still screened and alerted', async () => {
    h = await createHarness();
    await onboard(h, 'marco');
    await h.say('marco', 'me siento una carga, estarían mejor sin mí');
    expect(clinicianAlerts(h)).toHaveLength(1);
  });

  it('GIVEN Spanish hyperbole WHEN a patient laughs about dying of embarrassment THEN nobody is alerted', async () => {
    h = await createHarness();
    await onboard(h, 'lucia');
    await h.say('lucia', 'idioma es');
    await h.say('lucia', 'jaja me muero de vergüenza, me mato estudiando para el examen');
    expect(clinicianAlerts(h)).toHaveLength(0);
  });
});
