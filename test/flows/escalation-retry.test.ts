import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, directMessage, onboard, type Harness } from '../fakes/harness.js';

// A case that cannot be written is kept and written on a later tick,
// whichever path raised it: a screened message, a request for a person, or a
// flagged questionnaire. The refusal comes from SQLite itself: a trigger on
// the cases table that aborts the insert (as a constraint would), or that
// rolls back the whole transaction (as a full disk or an I/O error does).
function refuseNewCases(h: Harness): () => void {
  h.app.store.db.exec(`CREATE TRIGGER refuse_cases BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
  return () => h.app.store.db.exec('DROP TRIGGER refuse_cases');
}

describe('an escalation the database cannot take yet', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN the database refuses new cases WHEN a patient writes they want to die THEN they get the crisis reply at once, and the alert goes out once the database has room', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const recover = refuseNewCases(h);
    const r = await h.say('alice', 'i want to kill myself');
    expect(r.join('\n')).toMatch(/988/);
    expect(h.app.store.cases.all()).toHaveLength(0);
    await h.advance(60_000);
    expect(h.app.store.cases.all()).toHaveLength(0);
    recover();
    await h.advance(60_000);
    expect(h.app.store.cases.all()).toHaveLength(1);
    expect(h.adapter.clinicianChannel()).toHaveLength(1);
  });

  it('GIVEN the database refuses new cases WHEN a patient asks for someone to call them THEN they are still told it was passed on, and the request reaches the care team later', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const recover = refuseNewCases(h);
    const r = await h.say('alice', 'could someone from the clinic call me today please');
    expect(r.at(-1)).toMatch(/asked your care team to reach out/);
    recover();
    await h.advance(60_000);
    expect(h.app.store.cases.all()).toEqual([expect.objectContaining({ severity: 'review', category: 'contact_request', source: 'patient_request' })]);
    expect(h.adapter.clinicianChannel()).toHaveLength(1);
  });

  it('GIVEN the database refuses new cases WHEN a PHQ-9 ends in a flagged band THEN the patient is told the care team will know, and the case is written later', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    await onboard(h, 'alice', 'America/New_York');
    await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
    await h.advanceTo('2026-11-17T16:01:00Z'); // day 7: the PHQ-9 of the sequence
    for (let i = 0; i < 8; i++) await h.press('alice', `instr:phq9:${i}:2`);
    const recover = refuseNewCases(h);
    const r = await h.press('alice', 'instr:phq9:8:0');
    expect(r.at(-1)).toMatch(/I've let them know/);
    expect(h.app.store.cases.all()).toHaveLength(0);
    recover();
    await h.advance(60_000);
    expect(h.app.store.cases.all()).toEqual([expect.objectContaining({ severity: 'moderate', source: 'instrument' })]);
  });
});

describe('a transaction SQLite rolls back on its own (disk full, I/O error)', () => {
  it('GIVEN two crisis messages committed in one batch WHEN writing the second case rolls the batch back THEN the first still gets its case, alert and one reply, and the second once the database recovers', async () => {
    const h = await createHarness();
    await onboard(h, 'bob');
    await onboard(h, 'alice');
    const alice = h.app.store.people.findByIdentity('console', 'alice')!.id;
    h.app.store.db.exec(
      `CREATE TRIGGER lose_transaction BEFORE INSERT ON cases WHEN NEW.person_id = ${alice} BEGIN SELECT RAISE(ROLLBACK, 'database or disk is full'); END`,
    );
    h.adapter.clear();
    // Pushed together, so they share one transaction: bob's case is written first, then alice's loses it all.
    await Promise.all([h.app.bot.handle(directMessage('bob', 'i want to kill myself')), h.app.bot.handle(directMessage('alice', 'i am going to end my life tonight'))]);
    await h.app.settle();
    const bob = h.app.store.people.findByIdentity('console', 'bob')!.id;
    expect(h.app.store.cases.openForPerson(bob)).toHaveLength(1);
    expect(h.adapter.to('bob').filter((t) => /988/.test(t))).toHaveLength(1);
    expect(h.adapter.to('alice').filter((t) => /988/.test(t))).toHaveLength(1);
    h.app.store.db.exec('DROP TRIGGER lose_transaction');
    await h.advance(60_000);
    expect(h.app.store.cases.openForPerson(alice)).toHaveLength(1);
    expect(h.adapter.clinicianChannel()).toHaveLength(2);
    expect(h.adapter.to('alice').filter((t) => /988/.test(t))).toHaveLength(1);
    await h.close();
  });
});
