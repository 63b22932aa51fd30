import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

// What a patient sees when they type a word meaning "stop this" in the middle
// of a flow. Commands run before the active flow (src/flows/router.ts), so
// "cancel" and "stop" are always the global commands; the other words reach
// the flow, which answers with its own words.

const t = (h: Harness, key: string) => h.app.content.text(key, 'en');

async function patient(h: Harness, who: string): Promise<number> {
  await onboard(h, who);
  await h.say(who, 'timezone America/New_York');
  return h.app.store.people.findByIdentity('console', who)!.id;
}

/** How each flow is begun for an onboarded patient, one answer in where there is one to give. */
const flows: Record<string, { begin: (h: Harness) => Promise<unknown>; own: string; words: string[] }> = {
  'a check-in': {
    begin: async (h) => {
      await h.say('alice', 'checkin');
      await h.press('alice', 'checkin:mood:6');
    },
    own: 'checkin.cancelled',
    words: ['quit', 'exit', 'leave'],
  },
  'a questionnaire': {
    begin: async (h) => {
      await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
      await h.advanceTo('2026-11-11T17:01:00Z'); // day 1, 12:01 in New York: the side-effect check has arrived
      await h.press('alice', 'instr:side_effects:0:1');
    },
    own: 'instrument.cancelled',
    words: ['quit', 'exit'],
  },
  'a safety-plan edit': {
    begin: async (h) => {
      await h.say('alice', 'edit safety plan');
      await h.say('alice', 'Feeling numb and not sleeping');
    },
    own: 'plan.cancelled',
    words: ['quit', 'exit'],
  },
  'a journal prompt': { begin: (h) => h.say('alice', 'journal'), own: 'journal.cancelled', words: ['quit', 'exit'] },
};

describe('leaving a flow part-way', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  /** Nothing the flow asked for was kept: no check-in, questionnaire result, plan or journal entry. */
  function nothingSaved(id: number): void {
    expect(h.app.store.records.recentCheckins(id)).toEqual([]);
    expect(h.app.store.records.recentJournal(id)).toEqual([]);
    expect(h.app.store.db.prepare(`SELECT COUNT(*) AS n FROM instrument_results`).get()).toEqual({ n: 0 });
    expect(h.app.store.cases.safetyPlan(id)?.steps.some((s) => s.trim()) ?? false).toBe(false);
  }

  for (const [name, flow] of Object.entries(flows)) {
    it(`GIVEN ${name} WHEN the patient types "cancel" THEN the cancel command stops it in the flow's own words and nothing from it is saved`, async () => {
      h = await createHarness({ start: '2026-11-10T15:00:00Z' });
      const id = await patient(h, 'alice');
      await flow.begin(h);
      expect(h.app.store.state.get(id)).toBeDefined();
      expect(await h.say('alice', 'cancel')).toEqual([t(h, flow.own)]);
      expect(h.app.store.state.get(id)).toBeUndefined();
      nothingSaved(id);
    });

    it(`GIVEN ${name} WHEN the patient types "stop" THEN only it stops, they are told how to stop scheduled messages too, and they are not opted out`, async () => {
      h = await createHarness({ start: '2026-11-10T15:00:00Z' });
      const id = await patient(h, 'alice');
      await flow.begin(h);
      expect(await h.say('alice', 'stop')).toEqual([t(h, 'cancel.stopped_this')]);
      expect(h.app.store.state.get(id)).toBeUndefined();
      expect(h.app.store.people.get(id)!.optedOutAt).toBeNull();
      nothingSaved(id);
    });

    for (const word of flow.words) {
      it(`GIVEN ${name} WHEN the patient types "${word}" THEN the flow itself stops with its own words and nothing from it is saved`, async () => {
        h = await createHarness({ start: '2026-11-10T15:00:00Z' });
        const id = await patient(h, 'alice');
      await flow.begin(h);
        expect(await h.say('alice', word.toUpperCase())).toEqual([t(h, flow.own)]);
        expect(h.app.store.state.get(id)).toBeUndefined();
        nothingSaved(id);
      });
    }
  }
});
