import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load-content.js';
import { isRedFlag, startInstrument } from '../../src/flows/instrument.js';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

// Every red-flag item of every instrument (a medical emergency, use outside
// the prescription, thoughts of self-harm) stops its questionnaire at that
// answer, sends the crisis reply for its category with the region's
// emergency number first, and raises a case that names the item and answer.
// The list comes from prompts/ itself, so a new red flag is tested too.

const content = loadContent({ dirs: ['prompts'] });
const redFlags = content
  .list()
  .filter((s) => s.kind === 'instrument')
  .flatMap((s) => {
    const inst = content.instrument(s.id, 'en')!;
    return inst.itemFlags.filter(isRedFlag).map((f) => ({ inst, flag: f, index: inst.items.findIndex((i) => i.id === f.itemId) }));
  });

async function patientIn(h: Harness, who: string, instrumentId: string): Promise<number> {
  await onboard(h, who);
  const id = h.app.store.people.findByIdentity('console', who)!.id;
  // Exactly what the scheduler stores when it sends the questionnaire.
  h.app.store.state.set(id, startInstrument(h.app.content, 'en', instrumentId)!.state, h.clock.now().toISOString());
  return id;
}

/** The lowest answer of each item before `index`: none of them flags anything. */
async function answerUpTo(h: Harness, who: string, instrumentId: string, index: number): Promise<void> {
  const inst = h.app.content.instrument(instrumentId, 'en')!;
  for (let i = 0; i < index; i++) await h.press(who, `instr:${instrumentId}:${i}:${Math.min(...inst.items[i]!.options.map((o) => o.value))}`);
}

describe('red flags in a questionnaire are answered at once', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('GIVEN the shipped instruments THEN the side-effect check has red flags for chest pain, stroke signs, blood pressure, oversedation and use outside the prescription, and PHQ-9 item 9 is one', () => {
    const ids = redFlags.map((r) => r.flag.itemId);
    expect(ids).toEqual(expect.arrayContaining(['se_chest_breathing', 'se_stroke', 'se_blood_pressure', 'se_oversedation', 'se_extra_use', 'phq9_9']));
    // Nausea, dizziness, bladder symptoms and lasting dissociation are side effects, never a crisis.
    const se = content.instrument('side_effects', 'en')!;
    for (const item of ['se_nausea', 'se_dizziness', 'se_bladder', 'se_lasting']) {
      expect(se.itemFlags.filter((f) => f.itemId === item).map((f) => f.category)).toEqual(['side_effect']);
    }
  });

  for (const { inst, flag, index } of redFlags) {
    const last = index === inst.items.length - 1;
    it(`GIVEN ${inst.id} WHEN item ${index + 1} (${flag.itemId}) is answered ${flag.atLeast} THEN ${last ? 'it completes' : 'it stops there'} with the ${flag.category} crisis reply, 911 first, and a ${flag.severity} case naming the item and answer`, async () => {
      h = await createHarness();
      const id = await patientIn(h, 'alice', inst.id);
      await answerUpTo(h, 'alice', inst.id, index);
      h.adapter.clear();
      const r = await h.press('alice', `instr:${inst.id}:${index}:${flag.atLeast}`);
      const reply = r.join('\n');
      const key = content.hasText(`crisis.reply.${flag.category}`) ? `crisis.reply.${flag.category}` : `crisis.reply.${flag.severity}`;
      // The crisis reply's own opening line, then the region's emergency number before any other line.
      expect(reply).toContain(content.text(key, 'en').split('\n')[0]!);
      expect(reply.indexOf('call 911')).toBeGreaterThan(-1);
      expect(reply.indexOf('call 911')).toBeLessThan(reply.search(/988|741741/) === -1 ? Infinity : reply.search(/988|741741/));
      expect(r.slice(1).join('\n')).not.toMatch(/\(\d+\/\d+\)/); // no next question after it
      const [kase] = h.app.store.cases.openForPerson(id);
      expect(kase).toMatchObject({ severity: flag.severity, category: flag.category, source: 'instrument' });
      const alert = h.adapter.clinicianChannel().at(-1)!.message.text;
      expect(alert).toContain(`item ${index + 1} (`);
      expect(alert).toContain(`= ${flag.atLeast}`);
      expect(h.app.store.state.get(id)).toBeUndefined();
      if (last) {
        expect(alert).toMatch(/completed: total \d+/);
        return;
      }
      // Stopped: nothing scored yet, the rest can be finished with "continue".
      expect(alert).toMatch(new RegExp(`stopped at item ${index + 1} of ${inst.items.length}`));
      expect(h.app.store.db.prepare(`SELECT COUNT(*) AS n FROM instrument_results`).get()).toEqual({ n: 0 });
      expect(reply).toMatch(/type "continue"/);
      const resumed = await h.say('alice', 'continue');
      expect(resumed.at(-1)).toBe(`(${index + 2}/${inst.items.length}) ${inst.items[index + 1]!.text}`);
    });
  }

  it('GIVEN a side-effect check stopped at chest pain WHEN the patient finishes it later THEN the score is stored once, no second crisis reply goes, and the care team gets the total and band on the same case', async () => {
    h = await createHarness();
    const id = await patientIn(h, 'alice', 'side_effects');
    await h.press('alice', 'instr:side_effects:0:1');
    await h.advance(60 * 60_000);
    await h.say('alice', 'continue');
    const inst = h.app.content.instrument('side_effects', 'en')!;
    h.adapter.clear();
    let r: string[] = [];
    for (let i = 1; i < inst.items.length; i++) r = await h.press('alice', `instr:side_effects:${i}:0`);
    expect(r.at(-1)).toBe(h.app.content.text('instrument.done', 'en'));
    expect(h.app.store.db.prepare(`SELECT instrument, score FROM instrument_results`).all()).toEqual([{ instrument: 'side_effects', score: 1 }]);
    expect(h.app.store.cases.all()).toHaveLength(1);
    const alert = h.adapter.clinicianChannel().at(-1)!.message.text;
    expect(alert).toMatch(/Side-effect check completed: total 1 \(few or mild effects\); first time answered/);
    expect(h.app.store.cases.openForPerson(id)[0]).toMatchObject({ severity: 'high', category: 'medical_emergency' });
  });

  it('GIVEN a patient in the UK WHEN they report fainting in the side-effect check THEN 999 is the first number they read', async () => {
    h = await createHarness();
    const id = await patientIn(h, 'alice', 'side_effects');
    h.app.store.people.set(id, 'region', 'GB');
    const r = await h.press('alice', 'instr:side_effects:0:1');
    const reply = r.join('\n');
    expect(reply.indexOf('999')).toBeGreaterThan(-1);
    expect(reply.indexOf('999')).toBeLessThan(reply.indexOf('116 123'));
    expect(reply).not.toMatch(/911|988/);
  });
});
