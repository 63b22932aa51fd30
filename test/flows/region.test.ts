import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

describe('the patient region', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a patient WHEN they type "region GB" THEN the reply lists the UK lines and their next crisis reply uses them, never a question first', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const set = await h.say('alice', 'region uk');
    expect(set.join('\n')).toMatch(/United Kingdom \(GB\)/);
    expect(set.join('\n')).toMatch(/116 123/);
    const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
    expect(h.app.store.people.get(id)!.region).toBe('GB');
    await h.say('alice', 'i want to kill myself tonight');
    const reply = h.adapter.to('alice').at(-1)!;
    expect(reply).toMatch(/116 123/);
    expect(reply).toMatch(/999/);
    expect(reply).not.toMatch(/988/);
  });

  it('GIVEN a Spanish-speaking patient WHEN they type "región MX" THEN they get the Mexican lines in Spanish', async () => {
    h = await createHarness();
    await onboard(h, 'ana');
    await h.say('ana', 'idioma es');
    const set = (await h.say('ana', 'región MX')).join('\n');
    expect(set).toMatch(/Tu región ahora es México/);
    expect(set).toMatch(/800 911 2000/);
    await h.say('ana', 'quiero morirme');
    expect(h.adapter.to('ana').at(-1)).toMatch(/800 911 2000/);
  });

  it('GIVEN a region with no lines of its own WHEN it is set THEN the patient is told so and gets the international directory', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const set = (await h.say('alice', 'region DE')).join('\n');
    expect(set).toMatch(/don't have crisis lines for it yet/);
    expect(set).toMatch(/findahelpline\.com/);
    await h.say('alice', 'i want to kill myself tonight');
    const reply = h.adapter.to('alice').at(-1)!;
    expect(reply).toMatch(/findahelpline\.com/);
    expect(reply).not.toMatch(/988|911/);
  });

  it('GIVEN an unreadable code WHEN typed THEN the region is unchanged and the codes are named', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const r = (await h.say('alice', 'region 12')).join('\n');
    expect(r).toMatch(/country code/);
    expect(h.app.store.people.get(h.app.store.people.findByIdentity('console', 'alice')!.id)!.region).toBe('US');
  });

  it('GIVEN a clinic serving several regions WHEN a new patient onboards THEN they are asked their region and the choice is kept', async () => {
    h = await createHarness({ env: { AFTERGLOW_DEFAULT_REGION: 'US', AFTERGLOW_REGIONS: 'US,CA,MX' } });
    await h.say('bea', 'hi');
    const asked = await h.press('bea', 'onb:consent:yes');
    expect(asked.join('\n')).toMatch(/Where are you\?/);
    await h.press('bea', 'onb:region:CA');
    await h.press('bea', 'onb:tz:keep');
    await h.press('bea', 'onb:time:none');
    expect(h.app.store.people.get(h.app.store.people.findByIdentity('console', 'bea')!.id)!.region).toBe('CA');
  });

  it('GIVEN a clinic serving one region WHEN a new patient onboards THEN no region question is asked and the clinic default is used', async () => {
    h = await createHarness({ env: { AFTERGLOW_DEFAULT_REGION: 'IE' } });
    await h.say('cai', 'hi');
    const next = await h.press('cai', 'onb:consent:yes');
    expect(next.join('\n')).not.toMatch(/Where are you\?/);
    await h.press('cai', 'onb:tz:keep');
    await h.press('cai', 'onb:time:none');
    await h.say('cai', 'i want to kill myself tonight');
    expect(h.adapter.to('cai').at(-1)).toMatch(/116 123/);
  });
});
