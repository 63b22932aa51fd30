import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness';

const NY = 'America/New_York';
const local = (d: Date, zone = NY) => DateTime.fromJSDate(d, { zone }).toFormat('yyyy-LL-dd HH:mm');

async function patient(h: Harness, who: string, zone = NY): Promise<number> {
  await onboard(h, who);
  await h.say(who, `timezone ${zone}`);
  return h.app.store.people.findByIdentity('console', who)!.id;
}

/** Scheduled messages (not replies) to one person, with their local send times. */
function scheduledTo(h: Harness, who: string, zone = NY): { at: string; text: string }[] {
  return h.adapter.sent
    .filter((s) => s.to.kind === 'direct' && s.to.id === who && !s.message.inReplyTo)
    .map((s) => ({ at: local(s.at, zone), text: s.message.text }));
}

describe('scheduled integration', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a session on Sat 31 Oct 2026 in New York WHEN time passes the DST change THEN each step arrives at its local time', async () => {
    h = await createHarness({ start: '2026-10-31T16:00:00Z' }); // 12:00 EDT
    await patient(h, 'alice');
    await h.say('alice', 'intention to be gentler with myself');
    const r = await h.say('carol', 'session alice 2026-10-31T14:00', { roles: ['clinician'] });
    expect(r.join('\n')).toMatch(/Session recorded for alice at Sat 31 Oct 2026, 14:00 EDT/);
    h.adapter.clear();
    await h.advanceTo('2026-11-03T12:00:00-05:00');
    const got = scheduledTo(h, 'alice');
    expect(got.map((g) => g.at)).toEqual([
      '2026-10-31 17:00', // +3h landing prompt (EDT)
      '2026-10-31 18:00', // +4h landing check-in
      '2026-11-01 09:30', // next morning, now EST
      '2026-11-01 12:00', // side-effect check
      '2026-11-01 19:00', // exercise offer
      '2026-11-02 09:30',
      '2026-11-02 18:00',
      '2026-11-03 09:30',
    ]);
    // 09:30 EST is 14:30 UTC after the change (13:30 UTC before).
    const nextMorning = h.adapter.sent.find((s) => local(s.at) === '2026-11-01 09:30')!;
    expect(nextMorning.at.toISOString()).toBe('2026-11-01T14:30:00.000Z');
  });
});
