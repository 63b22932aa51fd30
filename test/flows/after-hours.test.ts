import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

function rotaFile(body: object): string {
  const file = join(mkdtempSync(join(tmpdir(), 'afterglow-rota-')), 'rota.yaml');
  writeFileSync(file, JSON.stringify(body));
  return file;
}

/** The crisis reply, the last thing sent to alice. */
const lastTo = (h: Harness, who: string) => h.adapter.to(who).at(-1)!;

describe('the crisis reply tells the truth about clinic hours', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN clinic hours (Friday 15:00, default Monday–Friday 09:00–17:00) WHEN a patient is in crisis THEN the reply is today\'s wording', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    const reply = lastTo(h, 'alice');
    expect(reply).toMatch(/^Thank you for telling me\./);
    expect(reply).toMatch(/a clinician will try to reach you within a few hours during clinic hours/);
    expect(reply).not.toMatch(/closed/);
  });

  it('GIVEN Saturday night WHEN a patient is in crisis THEN the reply opens with the emergency numbers, says nobody is watching, and when the clinic opens', async () => {
    h = await createHarness({ start: '2026-11-21T22:00:00Z' });
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    const reply = lastTo(h, 'alice');
    expect(reply).toMatch(/^Your care team's clinic is closed right now, and nobody from the team is watching messages until it opens on Monday 23 November at 09:00 \(UTC\)\./);
    expect(reply.indexOf('988')).toBeGreaterThan(0);
    expect(reply.indexOf('988')).toBeLessThan(reply.indexOf('Thank you for telling me'));
    expect(reply).toMatch(/a clinician will try to reach you when the clinic opens on Monday 23 November at 09:00 \(UTC\)/);
    expect(reply).not.toMatch(/within a few hours during clinic hours/);
  });

  it('GIVEN a holiday on a weekday in the rota WHEN a patient writes at 11:00 THEN the clinic is closed and opens tomorrow', async () => {
    h = await createHarness({ start: '2026-11-26T11:00:00Z', env: { AFTERGLOW_ROTA_FILE: rotaFile({ holidays: ['2026-11-26'] }) } });
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    expect(lastTo(h, 'alice')).toMatch(/until it opens tomorrow at 09:00 \(UTC\)/);
  });

  it('GIVEN a rota in New York with someone on call at night WHEN a patient writes at 23:00 local THEN the reply says the on-call clinician is being told and when the clinic opens', async () => {
    const rota = { timezone: 'America/New_York', oncall: [{ who: 'console:dr_on', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '17:00', to: '09:00' }] };
    // Tuesday 24 November 2026, 23:00 in New York (04:00 UTC on the 25th).
    h = await createHarness({ start: '2026-11-25T04:00:00Z', env: { AFTERGLOW_ROTA_FILE: rotaFile(rota) } });
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    expect(lastTo(h, 'alice')).toMatch(/^Your care team's clinic is closed right now\. The clinician on call is being told, but they may not be able to answer before the clinic opens tomorrow at 09:00 \(EST\)\./);
  });

  it('GIVEN a Spanish-speaking patient on Sunday WHEN they are in crisis THEN the after-hours words are in Spanish, numbers first', async () => {
    h = await createHarness({ start: '2026-11-22T10:00:00Z' });
    await onboard(h, 'sofia');
    await h.say('sofia', 'language es');
    await h.say('sofia', 'me quiero matar');
    const reply = lastTo(h, 'sofia');
    expect(reply).toMatch(/^La clínica de tu equipo de atención está cerrada ahora, y nadie del equipo mira los mensajes hasta que abra mañana a las 09:00 \(UTC\)\./);
    expect(reply).toMatch(/cuando la clínica abra mañana a las 09:00/);
  });

  it('GIVEN a review case out of hours THEN the review reply is unchanged (it promises no time)', async () => {
    h = await createHarness({ start: '2026-11-21T22:00:00Z' });
    await onboard(h, 'alice');
    await h.say('alice', 'can someone from my care team call me');
    expect(h.app.store.cases.get(1)?.severity).toBe('review');
    expect(h.adapter.to('alice').join('\n')).not.toMatch(/clinic is closed/);
  });
});
