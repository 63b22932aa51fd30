import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function seed(h: Harness, handle: string): number {
  const person = h.app.store.people.findByHandle(handle)[0]!;
  const { store } = h.app;
  for (let d = 20; d >= 1; d--) {
    const at = new Date(Date.parse('2026-11-20T15:00:00Z') - d * 86_400_000).toISOString();
    store.records.recordCheckin(person.id, at, { mood: 3 + (d % 5), anxiety: 7 - (d % 4), sleep: 5, note: 'private words about the week' });
  }
  const put = store.db.prepare(`INSERT INTO instrument_results (person_id, instrument, at, score, band, answers) VALUES (?, ?, ?, ?, ?, ?)`);
  put.run(person.id, 'phq9', '2026-11-06T11:00:00Z', 16, 'moderately severe', '{}');
  put.run(person.id, 'phq9', '2026-11-13T11:00:00Z', 11, 'moderate', '{}');
  put.run(person.id, 'gad7', '2026-11-13T11:15:00Z', 9, 'mild', '{}');
  put.run(person.id, 'side_effects', '2026-11-11T12:00:00Z', 3, null, JSON.stringify({ se_nausea: 2, se_dizziness: 1, se_headache: 0 }));
  return person.id;
}

describe('patient view and trend charts', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ start: '2026-11-10T09:00:00Z' });
    await onboard(h, 'alice');
    await h.say('carol', 'session alice 2026-11-10T10:00', { roles: ['clinician'] });
    await h.advanceTo('2026-11-20T15:00:00Z');
    seed(h, 'alice');
    h.adapter.clear();
  });
  afterEach(() => h.close());

  it('GIVEN a patient with sessions, check-ins, questionnaires and side effects WHEN a clinician asks for the patient view THEN it shows them with bands and trends and carries a PNG chart, and the viewing is audited', async () => {
    await h.say('carol', 'patient alice', { roles: ['clinician'] });
    const sent = h.adapter.sent.at(-1)!;
    const text = sent.message.text;
    expect(text).toContain('Patient alice');
    expect(text).toMatch(/Consent: granted/);
    expect(text).toMatch(/sequence default · recorded by carol/);
    expect(text).toMatch(/side effects 26 h after: nausea 2, dizziness 1/);
    expect(text).toMatch(/PHQ-9: 11 moderate .*-5 since .*\(moderately severe\); history 16 → 11/);
    expect(text).toMatch(/GAD-7: 9 mild/);
    expect(text).toMatch(/mood {5}\S+ latest/);
    expect(text).toMatch(/Cases: 0 open, 0 resolved/);
    expect(text).toMatch(/sequence after each session: default/);
    expect(text).toMatch(/check-ins: none \(no check-in time set\)/);
    const png = Buffer.from(sent.message.image!.pngBase64, 'base64');
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.byteLength).toBeGreaterThan(5_000);
    expect(png.byteLength).toBeLessThan(200_000);
    const person = h.app.store.people.findByHandle('alice')[0]!;
    expect(h.app.store.audit.forSubject('person', person.id).filter((e) => e.action === 'patient.viewed')).toHaveLength(1);
  });

  it('GIVEN a patient WHEN they (not a clinician) ask for the patient view of someone THEN they are refused and no chart is drawn', async () => {
    await onboard(h, 'bob');
    h.adapter.clear();
    const r = await h.say('bob', 'patient alice');
    expect(r.join('\n')).not.toContain('PHQ-9');
    expect(h.adapter.sent.some((s) => s.message.image)).toBe(false);
  });

  it('GIVEN a patient with check-ins WHEN they ask "my trends" or "mis tendencias" THEN they get their own chart as a picture and a sparkline', async () => {
    const r = await h.say('alice', 'my trends');
    expect(r.at(-1)).toMatch(/Your last 60 days:\nMood: \S+ \(/);
    const image = h.adapter.sent.at(-1)!.message.image!;
    expect(image.alt).toMatch(/sessions marked/);
    expect([...Buffer.from(image.pngBase64, 'base64').subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    await h.say('alice', 'language es');
    const es = await h.say('alice', 'mis tendencias');
    expect(es.at(-1)).toMatch(/Tus últimos 60 días:\nÁnimo:/);
  });

  it('GIVEN a patient with no check-ins WHEN they ask for their trends THEN they are told there is nothing yet and no picture is sent', async () => {
    await onboard(h, 'bob');
    h.adapter.clear();
    const r = await h.say('bob', 'my trends');
    expect(r).toEqual([expect.stringMatching(/nothing to chart yet/)]);
    expect(h.adapter.sent.some((s) => s.message.image)).toBe(false);
  });

  it('GIVEN minimal-data mode and a case with a note WHEN the view is shown THEN the note text is withheld but who wrote it when is shown', async () => {
    await h.close();
    h = await createHarness({ env: { AFTERGLOW_MINIMAL_DATA: 'true' } });
    await onboard(h, 'alice');
    await h.say('alice', 'I want to kill myself tonight');
    const c = h.app.store.cases.all()[0]!;
    await h.say('carol', `note ${c.id} called her, she is with her sister`, { roles: ['clinician'] });
    const r = await h.say('carol', 'patient alice', { roles: ['clinician'] });
    const text = r.join('\n');
    expect(text).toMatch(new RegExp(`#${c.id} \\w+ \\w+ · open`));
    expect(text).toMatch(/note .* by carol \(text withheld: minimal-data mode\)/);
    expect(text).not.toContain('sister');
  });
});
