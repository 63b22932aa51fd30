import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

// One language at a time: a patient who chose Spanish is answered in Spanish,
// with Spanish commands, and the crisis reply carries no English phrase.
describe('a patient who chose Spanish', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  async function spanishPatient(env: Record<string, string> = {}): Promise<string> {
    h = await createHarness({ env });
    await onboard(h, 'lucia');
    await h.say('lucia', 'idioma es');
    return 'lucia';
  }

  it('GIVEN Spanish WHEN they type "ayuda" alone THEN the command list comes in Spanish with the emergency line first', async () => {
    const who = await spanishPatient();
    const [help] = await h.say(who, 'ayuda');
    const lines = help!.split('\n');
    expect(lines[0]).toMatch(/Si estás en peligro, llama al 911 ahora/);
    expect(help).toMatch(/mi plan de seguridad/);
    expect(help).toMatch(/borrar mis datos/);
    expect(help).not.toMatch(/Here's what you can type/);
  });

  it('GIVEN English WHEN they type "help" THEN the emergency line comes first too', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const [help] = await h.say('alice', 'help');
    expect(help!.split('\n')[0]).toMatch(/If you are in danger, call 911 now/);
  });

  it('GIVEN Spanish WHEN they use the Spanish commands THEN each one runs and answers in Spanish', async () => {
    const who = await spanishPatient();
    const id = h.app.store.people.findByIdentity('console', who)!.id;
    expect((await h.say(who, 'diario hoy fue un día tranquilo')).join('\n')).toMatch(/Guardado en tu diario/);
    expect(h.app.store.records.recentJournal(id).map((e) => e.text)).toEqual(['hoy fue un día tranquilo']);
    expect((await h.say(who, 'mi diario')).join('\n')).toMatch(/Tus entradas recientes/);
    expect((await h.say(who, 'mi plan de seguridad')).join('\n')).toMatch(/plan de seguridad/);
    expect((await h.say(who, 'respirar')).join('\n')).toMatch(/cuadrado|cuadrada/);
    expect((await h.say(who, 'cancelar')).join('\n')).toMatch(/Detenido/);
    expect((await h.say(who, 'ejercicios')).join('\n')).toMatch(/Exploración del cuerpo/);
    expect((await h.say(who, 'zona horaria Europe/Madrid')).join('\n')).toMatch(/Tu zona horaria ahora es Europe\/Madrid/);
    expect((await h.say(who, 'registro')).join('\n')).toMatch(/Hagamos un registro breve/);
    await h.say(who, 'cancelar');
    expect((await h.say(who, 'mis datos')).join('\n')).toMatch(/Esto es todo lo que guardo sobre ti/);
    expect((await h.say(who, 'borrar mis datos')).join('\n')).toMatch(/Esto borra para siempre/);
  });

  it('GIVEN Spanish WHEN they type "pausa 2 días" THEN scheduled messages stop until then, as the reply says, and "reanudar" restarts them', async () => {
    const who = await spanishPatient();
    const id = h.app.store.people.findByIdentity('console', who)!.id;
    const [paused] = await h.say(who, 'pausa 2 días');
    expect(paused).toMatch(/en pausa hasta el dom 22 nov/);
    expect(h.app.store.people.get(id)!.pausedUntil).toBe('2026-11-22T15:00:00.000Z');
    expect((await h.say(who, 'reanudar'))[0]).toMatch(/vuelven a estar activos/);
    expect(h.app.store.people.get(id)!.pausedUntil).toBeNull();
  });

  it('GIVEN a clinic ETA in both languages WHEN a Spanish patient writes something risky THEN the reply carries the Spanish ETA', async () => {
    const who = await spanishPatient({ AFTERGLOW_CLINICIAN_ETA: 'within 30 minutes on weekdays', AFTERGLOW_CLINICIAN_ETA_ES: 'en 30 minutos los días laborables' });
    await h.say(who, 'ya no quiero vivir');
    const reply = h.adapter.to(who).at(-1)!;
    expect(reply).toMatch(/en 30 minutos los días laborables/);
    expect(reply).not.toMatch(/within 30 minutes/);
  });

  it('GIVEN a clinic ETA in both languages WHEN a Spanish patient asks for someone to call THEN the request reply carries the Spanish ETA', async () => {
    const who = await spanishPatient({ AFTERGLOW_CLINICIAN_ETA: 'within 30 minutes on weekdays', AFTERGLOW_CLINICIAN_ETA_ES: 'en 30 minutos los días laborables' });
    await h.say(who, '¿alguien podría llamarme?');
    const reply = h.adapter.to(who).at(-1)!;
    expect(h.app.store.cases.all().at(-1)).toMatchObject({ category: 'contact_request' });
    expect(reply).toMatch(/en 30 minutos los días laborables/);
    expect(reply).not.toMatch(/within 30 minutes/);
  });

  it('GIVEN a clinic ETA in English only WHEN a Spanish patient writes something risky THEN no English phrase lands in the Spanish reply', async () => {
    const who = await spanishPatient({ AFTERGLOW_CLINICIAN_ETA: 'within 30 minutes on weekdays' });
    await h.say(who, 'ya no quiero vivir');
    const reply = h.adapter.to(who).at(-1)!;
    expect(reply).not.toMatch(/within|weekdays/);
    expect(reply).toMatch(/en unas horas, dentro del horario de la clínica/);
  });

  it('GIVEN a Spanish patient WHEN they open the PHQ-9 THEN it is in its Spanish wording', async () => {
    const who = await spanishPatient();
    const id = h.app.store.people.findByIdentity('console', who)!.id;
    const inst = h.app.content.instrument('phq9', h.app.store.people.get(id)!.locale)!;
    expect(inst.items[0]!.text).toBe('Poco interés o placer en hacer cosas');
    expect(inst.items[0]!.options.map((o) => o.label)).toEqual(['Ningún día', 'Varios días', 'Más de la mitad de los días', 'Casi todos los días']);
  });
});
