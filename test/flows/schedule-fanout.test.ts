import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { advanceClock, createAfterglow, type Afterglow } from '../../src/app';
import { loadConfig } from '../../src/config';
import { ManualClock } from '../../src/core/clock';
import { silentLogger } from '../../src/core/logger';
import type { InboundEvent, Role } from '../../src/core/types';
import { createStore } from '../../src/store/store';
import { FakeAdapter } from '../fakes/harness';

describe('group fan-out', () => {
  let app: Afterglow;
  let dir: string;
  afterEach(async () => {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN a prompt to 40 members at 5 messages/s WHEN a member posts a crisis message mid-fan-out THEN the crisis reply and alert go before the remaining prompts, and every member gets exactly one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'afterglow-fanout-'));
    const config = loadConfig({ AFTERGLOW_DB: join(dir, 'db.sqlite') });
    const clock = new ManualClock('2026-11-10T15:00:00Z');
    const adapter = new FakeAdapter(clock);
    app = createAfterglow({ config, adapters: [adapter], clock, logger: silentLogger(), store: createStore(config.dbPath), rateLimits: { console: { perSecond: 5, burst: 5 } } });
    await app.start();
    let seq = 0;
    const say = async (from: string, text: string, roles?: Role[]) => {
      const e: InboundEvent = {
        id: `e${++seq}`,
        platform: 'console',
        kind: 'message',
        from: { platform: 'console', userId: from, handle: from },
        conversation: { platform: 'console', kind: 'direct', id: from },
        text,
        ...(roles ? { platformRoles: roles } : {}),
      };
      await app.bot.handle(e);
      await app.settle();
    };
    const members = Array.from({ length: 40 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    for (const m of members) await say(m, 'hello');
    await advanceClock(app, clock, new Date('2026-11-10T15:10:00Z')); // let the welcome messages drain
    await say('fran', 'group create circle America/New_York', ['facilitator']);
    await say('fran', `group add circle ${members.join(' ')}`, ['facilitator']);
    await say('fran', 'schedule circle "once 2026-11-10 11:00" "What did you notice today?" to members', ['facilitator']);
    await advanceClock(app, clock, new Date('2026-11-10T15:59:00Z'));
    adapter.clear();

    clock.set('2026-11-10T16:00:00Z');
    await app.tick(); // due: 40 queued, a burst of 5 sent, the rest wait for tokens
    const before = adapter.sent.length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(40);
    await say('m39', 'I want to kill myself tonight');
    await advanceClock(app, clock, new Date('2026-11-10T16:01:00Z'));

    const order = adapter.sent.map((s) => (s.message.text === 'What did you notice today?' ? 'prompt' : s.to.kind === 'clinicians' ? 'alert' : 'crisis'));
    const firstAfter = order.slice(before, before + 2).sort();
    expect(firstAfter).toEqual(['alert', 'crisis']);
    const prompts = adapter.sent.filter((s) => s.message.text === 'What did you notice today?');
    expect(prompts).toHaveLength(40);
    expect(new Set(prompts.map((p) => p.to.kind === 'direct' && p.to.id)).size).toBe(40);
    // Rate respected: no more than burst + rate × elapsed in any window.
    const span = (prompts.at(-1)!.at.getTime() - prompts[0]!.at.getTime()) / 1000;
    expect(span).toBeGreaterThanOrEqual((40 + 2 - 5) / 5 - 1);
  });
});
