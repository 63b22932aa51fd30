import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

// Dosing-day safety guidance goes after every recorded session, whichever
// sequence the clinic uses, and any time with "safety"; the numbers in it,
// the help and the notices are the patient's region's, never hard-coded.

const NY = 'America/New_York';

function guidanceTo(h: Harness, who: string): string[] {
  const start = h.app.content.text('dosing.guidance', 'en').split('\n')[0]!;
  return h.adapter.to(who).filter((t) => t.startsWith(start));
}

describe('dosing-day safety guidance', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a session recorded for 09:00 WHEN two hours have passed THEN the guidance arrives once, with 911 for emergency signs', async () => {
    h = await createHarness({ start: '2026-11-10T13:00:00Z' });
    await onboard(h, 'alice');
    await h.say('alice', `timezone ${NY}`);
    await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
    await h.advanceTo('2026-11-10T15:59:00Z');
    expect(guidanceTo(h, 'alice')).toEqual([]);
    await h.advanceTo('2026-11-10T16:01:00Z'); // 11:01 local
    const [text] = guidanceTo(h, 'alice');
    expect(text).toMatch(/Don't drive[\s\S]*No alcohol[\s\S]*Get up slowly[\s\S]*someone with you/);
    expect(text).toMatch(/Get emergency help now \(call 911\) if you have chest pain[\s\S]*180\/120/);
    await h.advanceTo('2026-11-12T16:01:00Z');
    expect(guidanceTo(h, 'alice')).toHaveLength(1);
  });

  it('GIVEN a clinic whose sequence has no safety step at all WHEN a session is recorded THEN the guidance still arrives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afterglow-clinic-'));
    mkdirSync(join(dir, 'sequences'));
    writeFileSync(
      join(dir, 'sequences', 'default.yaml'),
      'id: default\ntitle: Gentle\nsteps:\n  - { id: week1, offset: { days: 7, at: "10:00" }, kind: prompt, ref: days-meaning-2 }\n',
    );
    h = await createHarness({ start: '2026-11-10T13:00:00Z', env: { AFTERGLOW_CONTENT_DIR: dir } });
    await onboard(h, 'alice');
    await h.say('alice', `timezone ${NY}`);
    await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
    await h.advanceTo('2026-11-10T16:01:00Z');
    expect(guidanceTo(h, 'alice')).toHaveLength(1);
  });

  it('GIVEN a session recorded the day after it happened WHEN the 24 hours are over THEN no guidance goes (it would no longer be about today)', async () => {
    h = await createHarness({ start: '2026-11-11T16:00:00Z' });
    await onboard(h, 'alice');
    await h.say('alice', `timezone ${NY}`);
    await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
    await h.advance(3_600_000);
    expect(guidanceTo(h, 'alice')).toEqual([]);
  });

  it('GIVEN a patient in the UK, in Spanish or English WHEN they type "safety" THEN they get the guidance with 999, and "safety plan" still shows their plan', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
    h.app.store.people.set(id, 'region', 'GB');
    const [en] = await h.say('alice', 'safety');
    expect(en).toMatch(/^Staying safe[\s\S]*\(call 999 or 112\)/);
    expect(en).not.toMatch(/911|988/);
    h.app.store.people.set(id, 'locale', 'es');
    const [es] = await h.say('alice', 'seguridad');
    expect(es).toMatch(/^Para cuidarte[\s\S]*\(llama al 999 o al 112\)/);
    const plan = await h.say('alice', 'safety plan');
    expect(plan.join('\n')).not.toMatch(/Staying safe|Para cuidarte/);
  });

  it('GIVEN a patient in the UK WHEN they read help and the not-a-human notice THEN no US number appears', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
    h.app.store.people.set(id, 'region', 'GB');
    const help = (await h.say('alice', 'help')).join('\n');
    expect(help).toMatch(/If you are in danger, call 999 or 112 now\./);
    await h.advance(4 * 3_600_000);
    const notice = (await h.say('alice', 'hello again')).join('\n');
    expect(notice).toMatch(/call 999 or 112 now/);
    expect(help + notice).not.toMatch(/911|988/);
  });
});
