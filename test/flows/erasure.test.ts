// `delete my data` against a real SQLite file in WAL mode, as the app opens it:
// after deletion the raw bytes of the database file and its WAL are searched
// for a marker the patient typed everywhere the bot keeps words.
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/errors.js';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

const MARK = 'Qzv7Marker';

/** Every place a marker could hide on disk: the database file and its write-ahead log. */
function bytesOnDisk(h: Harness): string {
  const files = [h.dbPath, `${h.dbPath}-wal`].filter((f) => existsSync(f));
  return files.map((f) => readFileSync(f).toString('latin1')).join('\n');
}

/** A patient who put the marker into every kind of record: journal, check-in note, intention, safety plan, a crisis message. */
async function patientWithWords(h: Harness): Promise<number> {
  await onboard(h, 'alice');
  await h.say('alice', `journal the garden ${MARK} journal`);
  await h.say('alice', `intention to meet ${MARK} with care`);
  await h.say('alice', 'checkin');
  await h.press('alice', 'checkin:mood:4');
  await h.press('alice', 'checkin:anxiety:5');
  await h.press('alice', 'checkin:sleep:4');
  await h.say('alice', `slept badly ${MARK} note`);
  await h.say('alice', 'edit safety plan');
  for (let i = 1; i <= 6; i++) await h.say('alice', `step ${i} ${MARK} plan`);
  await h.say('alice', 'my data'); // the export itself is an outbox row full of words
  await h.say('alice', `i want to kill myself ${MARK} tonight`);
  const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
  expect(h.app.store.cases.forPerson(id)).toHaveLength(1);
  expect(bytesOnDisk(h)).toContain(MARK);
  return id;
}

describe('delete my data deletes', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('GIVEN a patient whose words are in every record and whose case is resolved WHEN they delete their data THEN the marker is in neither the database file nor its WAL', async () => {
    h = await createHarness();
    const id = await patientWithWords(h);
    await h.say('dr_lee', 'ack 1', { roles: ['clinician'] });
    await h.say('dr_lee', `resolve 1 called her, ${MARK} safe`, { roles: ['clinician'] });
    await h.say('alice', 'delete my data');
    const [confirmation] = await h.press('alice', 'delete:confirm');

    expect(bytesOnDisk(h)).not.toContain(MARK);
    // The case's non-text facts stay for the clinic's duty of care.
    expect(h.app.store.cases.get(1)).toMatchObject({ status: 'resolved', severity: 'imminent', excerpt: null, context: null });
    expect(h.app.store.cases.get(1)!.acknowledgedBy).not.toBeNull();
    // The confirmation counts what went and says what stayed.
    expect(confirmation).toMatch(/journal entries: 1/);
    expect(confirmation).toMatch(/check-ins, with their notes: 1/);
    expect(confirmation).toMatch(/safety alert records: 1/);
    expect(confirmation).toMatch(/already posted in your care team's private channel/);
    expect(confirmation).not.toMatch(/open safety alert/);
    // What it says it kept is kept; what it says it removed is gone.
    const p = h.app.store.people.get(id)!;
    expect(p).toMatchObject({ timezone: 'UTC', locale: 'en', region: 'US', intention: null, checkinTime: null, pausedUntil: null, quietStart: '21:00' });
    expect(h.app.store.people.identities(id)).toHaveLength(1);
  });

  it('GIVEN a patient with an open case WHEN they delete their data THEN the words the care team acts on stay until the case is resolved, and then leave the file', async () => {
    h = await createHarness();
    await patientWithWords(h);
    await h.say('alice', 'delete my data');
    const [confirmation] = await h.press('alice', 'delete:confirm');
    expect(confirmation).toMatch(/still working on 1 open safety alert/);
    expect(confirmation).toMatch(/safety alert records: 0/);
    // Held: the case still shows the crisis message to clinicians; everything else is gone.
    expect(h.app.store.cases.get(1)!.excerpt).toContain(MARK);
    expect(h.app.store.records.recentJournal(1)).toEqual([]);

    h.adapter.clear();
    await h.say('dr_lee', 'resolve 1 spoke with her', { roles: ['clinician'] });
    expect(h.app.store.cases.get(1)).toMatchObject({ status: 'resolved', excerpt: null, context: null });
    // The status edit that went to the clinician channel no longer quotes her either.
    const edits = h.adapter.clinicianChannel();
    expect(edits.length).toBeGreaterThan(0);
    for (const e of edits) expect(JSON.stringify(e.message)).not.toContain(MARK);
    expect(bytesOnDisk(h)).not.toContain(MARK);
  });

  it('GIVEN a crisis reply still waiting to be delivered WHEN the patient deletes their data THEN it still goes out whole', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    h.adapter.failWith = (to) => (to.kind === 'direct' ? new DeliveryError('transient', 'down') : undefined);
    await h.say('alice', 'i want to kill myself');
    await h.say('alice', 'delete my data');
    await h.press('alice', 'delete:confirm');
    h.adapter.failWith = undefined;
    h.adapter.clear();
    await h.advance(60_000);
    expect(h.adapter.to('alice').filter((t) => /988/.test(t))).toHaveLength(1);
    expect(h.app.store.db.prepare(`SELECT status FROM outbox WHERE purpose = 'crisis_reply'`).pluck().all()).toEqual(['sent']);
  });

  it('GIVEN a Spanish-speaking patient WHEN they delete their data THEN the question and the confirmation are in Spanish, with the same counts', async () => {
    h = await createHarness();
    await onboard(h, 'ana');
    await h.say('ana', 'language es');
    await h.say('ana', 'journal hoy fue difícil');
    const [question] = await h.say('ana', 'delete my data');
    expect(question).toMatch(/^Esto borra para siempre/);
    const [confirmation] = await h.press('ana', 'delete:confirm');
    expect(confirmation).toMatch(/^Listo\. Borré:/);
    expect(confirmation).toMatch(/entradas del diario: 1/);
    expect(confirmation).not.toMatch(/journal|removed|kept/i);
    // The language it promised to keep is kept.
    expect(h.app.store.people.findByIdentity('console', 'ana')!.locale).toBe('es');
  });
});
