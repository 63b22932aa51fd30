import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../src/safety/screening/types.js';
import { shippedScreener } from './helpers.js';

// Lexicon 2025.5: Spanish. Patients can choose Spanish, and every message is
// screened in both languages whatever the setting. Our own sentences; written
// with accents and without, as people type.
const s = shippedScreener();
const rank = (sev: string | null) => (sev === null ? -1 : SEVERITIES.length - 1 - SEVERITIES.indexOf(sev as (typeof SEVERITIES)[number]));

describe('shipped lexicon (es): every category', () => {
  it.each([
    ['ya no quiero vivir', 'suicidal_ideation', 'moderate'],
    ['me quiero morir', 'suicidal_ideation', 'moderate'],
    ['ojalá no despertara mañana', 'suicidal_ideation', 'moderate'],
    ['todos estarían mejor sin mí', 'suicidal_ideation', 'moderate'],
    ['mi vida ya no tiene sentido', 'suicidal_ideation', 'moderate'],
    ['estoy cansada de vivir', 'suicidal_ideation', 'moderate'],
    ['he estado con pensamientos suicidas otra vez', 'suicidal_ideation', 'high'],
    ['a veces pienso en matarme', 'suicidal_ideation', 'high'],
    ['quiero matarme esta noche', 'plan_intent_means', 'imminent'],
    ['esta noche me quito la vida', 'plan_intent_means', 'imminent'],
    ['me voy a tomar todas las pastillas hoy', 'plan_intent_means', 'imminent'],
    ['ya tengo un plan para hacerlo', 'plan_intent_means', 'high'],
    ['¿cuántas pastillas hacen falta para morir?', 'plan_intent_means', 'high'],
    ['he estado guardando pastillas', 'plan_intent_means', 'high'],
    ['pienso tirarme del puente', 'plan_intent_means', 'high'],
    ['volví a cortarme los brazos', 'self_harm', 'high'],
    ['tengo ganas de lastimarme', 'self_harm', 'high'],
    ['voy a matar a mi jefe', 'harm_to_others', 'high'],
    ['no estoy a salvo en casa', 'abuse_unsafe', 'high'],
    ['mi pareja me pega cuando bebe', 'abuse_unsafe', 'high'],
    ['me tomé todas las pastillas', 'medical_emergency', 'imminent'],
    ['me duele el pecho y no puedo respirar', 'medical_emergency', 'imminent'],
    ['tengo sangre en la orina desde la sesión', 'medical_emergency', 'high'],
    ['no paro de vomitar', 'medical_emergency', 'high'],
    ['mi presión está en 190/125', 'medical_emergency', 'high'],
    ['tomé el doble de lo recetado', 'misuse', 'moderate'],
    ['compré ketamina en la calle', 'misuse', 'moderate'],
    ['necesito a alguien con quien hablar', 'distress', 'review'],
  ])('GIVEN "%s" WHEN screened THEN %s at %s or above', (t, category, at) => {
    const r = s.screen(t);
    expect(r.alert, JSON.stringify(r.matches)).toBe(true);
    expect(r.matches.map((m) => m.category)).toContain(category);
    expect(rank(r.severity)).toBeGreaterThanOrEqual(rank(at));
  });

  it('GIVEN loneliness, hopelessness and a goodbye together WHEN screened THEN the weak signals add up to an alert', () => {
    expect(s.screen('me siento sola, sin esperanza. adiós a todos').alert).toBe(true);
  });

  it('GIVEN the same words without accents WHEN screened THEN the same result', () => {
    const a = s.screen('estarían mejor sin mí, ya no quiero vivir');
    const b = s.screen('estarian mejor sin mi, ya no quiero vivir');
    expect(b).toMatchObject({ alert: a.alert, category: a.category, severity: a.severity });
  });
});

describe('shipped lexicon (es): negation lowers, never drops', () => {
  it('GIVEN "no me voy a matar" WHEN screened THEN a review alert marked negated', () => {
    const r = s.screen('no me voy a matar, tranquila');
    expect(r).toMatchObject({ alert: true, severity: 'review' });
    expect(r.matches.some((m) => m.negated)).toBe(true);
  });
});

describe('shipped lexicon (es): hyperbole and household accidents stay quiet', () => {
  it.each([
    'me muero de risa jajaja',
    'me muero de ganas de verte',
    'me quiero morir de vergüenza',
    'estoy muerta de cansancio',
    'me mato estudiando para el examen',
    'me corté el dedo cocinando',
    'me corté el pelo ayer',
    'el tráfico me está matando',
    'mi celular se murió',
    'la sesión fue intensa pero me siento en paz',
    'adiós, nos vemos el jueves en el círculo',
  ])('GIVEN "%s" WHEN screened THEN no alert', (t) => {
    const r = s.screen(t);
    expect(r.alert, JSON.stringify(r.matches)).toBe(false);
  });
});
