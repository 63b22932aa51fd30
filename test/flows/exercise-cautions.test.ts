import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';
import { tempContentDir } from '../unit/content/helpers.js';
import { loadContent } from '../../src/content/load-content.js';

// An exercise marked notOnDosingDay (breath holds) is neither started nor
// scheduled in the 24 hours after a session; every exercise's caution is
// shown before its first step.

const NY = 'America/New_York';

describe('exercise cautions', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a session an hour ago WHEN the patient types "breathe" THEN box breathing is not started and grounding is offered; the next day it starts with its caution', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    await onboard(h, 'alice');
    await h.say('alice', `timezone ${NY}`);
    await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
    h.adapter.clear();
    const r = await h.say('alice', 'breathe');
    expect(r[0]).toMatch(/^Box breathing uses breath holds/);
    expect(h.adapter.sent.at(-1)!.message.choices?.[0]!.id).toBe('sched:exercise:grounding-5-4-3-2-1');
    expect(h.app.store.outbox.pendingFor(h.app.store.people.findByIdentity('console', 'alice')!.id).filter((i) => i.purpose === 'exercise_step')).toEqual([]);
    await h.advanceTo('2026-11-11T15:00:00Z');
    const next = await h.say('alice', 'breathe');
    expect(next.join('\n')).toContain(h.app.content.exercise('box', 'en')!.caution!);
  });

  it('GIVEN the shipped exercises THEN those with breath holds are notOnDosingDay and every practice credits where it comes from', () => {
    const lib = loadContent({ dirs: ['prompts'] });
    const byId = new Map(lib.exercises('en').map((e) => [e.id, e]));
    expect(byId.get('box-breathing')!.notOnDosingDay).toBe(true);
    expect(byId.get('breathing-4-7-8')!.notOnDosingDay).toBe(true);
    expect(byId.get('grounding-5-4-3-2-1')!.notOnDosingDay).toBe(false);
    expect(byId.get('grounding-5-4-3-2-1')!.caution).toMatch(/Stay seated/);
    expect(byId.get('body-scan')!.caution).toMatch(/tell your care team/);
    for (const e of byId.values()) expect(e.credit, e.id).toMatch(/our own words|our own wording/);
    expect(byId.get('self-compassion-break')!.credit).toMatch(/Neff/);
    expect(byId.get('rain')!.credit).toMatch(/Brach/);
    expect(byId.get('breathing-4-7-8')!.credit).toMatch(/Weil/);
  });

  it('GIVEN a clinic sequence that schedules 4-7-8 breathing 6 hours after a session WHEN the content loads THEN it fails naming the step', () => {
    const { dir, cleanup } = tempContentDir({
      'sequences/fast.yaml': 'id: fast\ntitle: Fast\nsteps:\n  - { id: evening-breath, offset: { hours: 6 }, kind: exercise, ref: breathing-4-7-8 }\n',
    });
    try {
      expect(() => loadContent({ dirs: ['prompts', dir] })).toThrow(/fast evening-breath: exercise "breathing-4-7-8" is marked notOnDosingDay/);
    } finally {
      cleanup();
    }
  });
});
