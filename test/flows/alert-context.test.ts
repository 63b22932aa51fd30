import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../fakes/harness.js';

// The "Earlier" context of an alert quotes what the patient wrote, never
// the commands they typed or their answers to set-up questions.

describe('the earlier context on an alert', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a patient who typed their time zone, "journal list" and a few words WHEN they write they want to die THEN the alert quotes only their words', async () => {
    h = await createHarness();
    await h.say('alice', 'hi');
    await h.press('alice', 'onb:consent:yes');
    await h.say('alice', 'America/New_York'); // answering the onboarding question
    await h.press('alice', 'onb:time:none');
    await h.say('alice', 'journal list');
    await h.say('alice', 'timezone Europe/London');
    await h.say('alice', 'the night was long and I could not stop crying');
    await h.say('alice', 'i want to kill myself');
    const alert = h.adapter.clinicianChannel().at(-1)!.message.text;
    // Their greeting and their words; nothing they typed as a command or a set-up answer.
    expect(alert).toMatch(/^Earlier: “hi” \/ “the night was long and I could not stop crying”$/m);
    expect(alert).not.toMatch(/journal list|America\/New_York|Europe\/London/);
    expect(h.app.store.cases.get(1)!.context).toEqual(['hi', 'the night was long and I could not stop crying']);
  });
});
