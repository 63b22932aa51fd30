import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness';

const DAY = 24 * 3_600_000;

/** Every row the bot queued for the care team (channel posts and direct pages to staff), read from SQLite. */
function staffPosts(h: Harness, caseId: number, since?: string): { at: string; kind: string }[] {
  const rows = h.app.store.db
    .prepare(`SELECT created_at AS at, address FROM outbox WHERE case_id = ? AND purpose LIKE 'alert%' AND purpose != 'alert_update' ORDER BY id`)
    .all(caseId) as { at: string; address: string }[];
  return rows
    .map((r) => ({ at: r.at, kind: (JSON.parse(r.address) as { kind: string }).kind }))
    .filter((r) => r.kind !== 'direct' || true)
    .filter((r) => since === undefined || r.at >= since);
}

describe('paging without alarm fatigue', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN the default settings WHEN one high case is left open for 7 days THEN staff get no more than 60 posts in all and still get them after day 2', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    const kase = h.app.store.cases.get(1)!;
    expect(kase.severity).toBe('high');
    const start = h.clock.now().getTime();
    await h.advance(7 * DAY);
    const posts = staffPosts(h, 1);
    expect(posts.length).toBeLessThanOrEqual(60);
    expect(staffPosts(h, 1, new Date(start + 2 * DAY).toISOString()).length).toBeGreaterThan(0);
    expect(h.app.store.cases.get(1)!.status).toBe('open');
  });
});
