import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

// Crisis replies list the region's emergency number first. A peer line with
// limited hours is no answer to someone who may act now: it appears only in
// replies below imminent, always with its hours.

describe('crisis resources in replies', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a US patient WHEN they write they are going to kill themselves tonight THEN 911 comes first and the Fireside peer line is left out', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const reply = (await h.say('alice', 'i am going to kill myself tonight')).join('\n');
    expect(reply.indexOf('call 911')).toBeGreaterThan(-1);
    expect(reply.indexOf('call 911')).toBeLessThan(reply.indexOf('988'));
    expect(reply).not.toMatch(/Fireside/);
  });

  it('GIVEN a US patient WHEN they write they want to kill themselves (high) THEN the peer line is listed, with its limited hours', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    const reply = (await h.say('alice', 'i want to kill myself')).join('\n');
    expect(reply).toMatch(/Fireside Project \(psychedelic peer support\): call or text 62-FIRESIDE \(623-473-7433\), limited hours that vary/);
  });

  it('GIVEN a patient in Australia WHEN in crisis THEN they get 000 and Lifeline, not US numbers', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    h.app.store.people.set(h.app.store.people.findByIdentity('console', 'alice')!.id, 'region', 'AU');
    const reply = (await h.say('alice', 'i want to kill myself')).join('\n');
    expect(reply).toMatch(/call 000[\s\S]*13 11 14/);
    expect(reply).not.toMatch(/911|988/);
  });
});
