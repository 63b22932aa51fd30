import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';
import { COMMAND_WORD_REPLIES, EXACT_COMMANDS, REPLIES } from '../fixtures/conversation/replies.js';
import { createReplay, QUESTION_KINDS, watchScreening, type ReplayResult } from '../fixtures/conversation/replay.js';

const t = (h: Harness, key: string, vars?: Record<string, string>) => h.app.content.text(key, 'en', vars);

describe('replies to a pending question', () => {
  let h: Harness;
  let replay: ReturnType<typeof createReplay>;
  let seen: string[];
  beforeAll(async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    replay = createReplay(h);
    seen = await replay.setup();
  });
  afterAll(async () => {
    await h.close();
  });

  it(`GIVEN ${REPLIES.length} realistic replies (${COMMAND_WORD_REPLIES.length} starting with a command word) WHEN each answers a prompt and one other kind of question THEN every one is kept as the answer and screened`, async () => {
    expect(REPLIES.length).toBeGreaterThanOrEqual(300);
    const results: ReplayResult[] = [];
    for (const [i, reply] of REPLIES.entries()) {
      results.push(await replay.replay('prompt', reply, seen));
      results.push(await replay.replay(QUESTION_KINDS[1 + (i % (QUESTION_KINDS.length - 1))]!, reply, seen));
    }
    const lost = results.filter((r) => !r.kept || !r.screened).map((r) => `${r.kind}: ${r.reply} → ${r.detail}`);
    expect(lost).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(600);
  }, 240_000);

  for (const command of EXACT_COMMANDS) {
    it(`GIVEN a pending prompt WHEN the reply is exactly "${command}" THEN the command runs and the prompt is still pending`, async () => {
      await replay.open('prompt');
      const entries = h.app.store.records.recentJournal(replay.personId, 100).length;
      const r = await h.say('riley', command);
      expect(r.at(-1)).toBe(t(h, 'question.still_open'));
      expect(r.length).toBeGreaterThan(1);
      expect(h.app.store.state.get(replay.personId)?.flow).toBe('prompt');
      expect(h.app.store.records.recentJournal(replay.personId, 100)).toHaveLength(entries);
    });
  }

  it('GIVEN a pending prompt WHEN the reply is exactly "cancel" or "stop" THEN that question is closed, nothing is saved and the patient stays subscribed', async () => {
    for (const command of ['cancel', 'stop']) {
      await replay.open('prompt');
      const entries = h.app.store.records.recentJournal(replay.personId, 100).length;
      const r = await h.say('riley', command);
      expect(r).toEqual([t(h, command === 'cancel' ? 'prompt.cancelled' : 'cancel.stopped_this')]);
      expect(h.app.store.state.get(replay.personId)).toBeUndefined();
      expect(h.app.store.records.recentJournal(replay.personId, 100)).toHaveLength(entries);
      expect(h.app.store.people.get(replay.personId)!.optedOutAt).toBeNull();
    }
  });

  it('GIVEN a pending prompt WHEN an old button is pressed THEN the patient is told it is from an earlier message and the prompt still waits', async () => {
    await replay.open('prompt');
    expect(await h.press('riley', 'old:button')).toEqual([t(h, 'error.choice_expired')]);
    expect(h.app.store.state.get(replay.personId)?.flow).toBe('prompt');
  });

  it('GIVEN a pending prompt WHEN the patient starts a check-in THEN the check-in runs and the reply says the earlier question is closed', async () => {
    await replay.open('prompt');
    const r = await h.say('riley', 'checkin');
    expect(r.at(-1)).toBe(t(h, 'question.set_aside'));
    expect(h.app.store.state.get(replay.personId)?.flow).toBe('checkin');
  });

  it('GIVEN a pending question WHEN a slash command arrives THEN it runs even with arguments that could be an answer', async () => {
    await replay.open('prompt');
    await h.say('riley', 'journal felt steady today', { viaCommand: true });
    expect(h.app.store.records.recentJournal(replay.personId, 1)[0]!.text).toBe('felt steady today');
    expect(h.app.store.state.get(replay.personId)?.flow).toBe('prompt');
  });

  it('GIVEN a pending prompt WHEN the reply starts with a command word THEN it is kept and the patient is told how to run the command', async () => {
    await replay.open('prompt');
    const r = await h.say('riley', "Stop asking me that, I'm fine");
    expect(r).toEqual([t(h, 'question.command_hint', { usage: 'stop' }), t(h, 'prompt.saved_reflection')]);
    const r2 = await replay.replay('exercise', 'Exercise helped', seen);
    expect(r2).toMatchObject({ kept: true, screened: true });
  });

  it('GIVEN a pending prompt WHEN the patient says "thanks" or "hello" THEN they get a warm answer, nothing is filed and the prompt still waits', async () => {
    await replay.open('prompt');
    const entries = h.app.store.records.recentJournal(replay.personId, 100).length;
    for (const text of ['thanks', 'Hello!', 'gracias']) {
      const [answer] = await h.say('riley', text);
      expect(answer).not.toMatch(/not sure|journal/i);
    }
    expect(h.app.store.records.recentJournal(replay.personId, 100)).toHaveLength(entries);
    expect(h.app.store.state.get(replay.personId)?.flow).toBe('prompt');
  });
});

describe('refusals', () => {
  let h: Harness;
  afterAll(async () => {
    await h.close();
  });

  it('GIVEN a clinician WHEN they ask for a facilitator or admin command THEN the refusal names the role it needs', async () => {
    h = await createHarness({ start: '2026-11-10T15:00:00Z' });
    expect(await h.say('dr_lee', 'groups', { roles: ['clinician'] })).toEqual([t(h, 'error.needs_role', { command: 'groups', roles: 'facilitator or admin' })]);
    const [grant] = await h.say('dr_lee', 'grant sam clinician', { roles: ['clinician'] });
    expect(grant).toMatch(/needs the .*admin role/);
    expect(grant).not.toMatch(/only for clinic staff/);
  });
});

describe('one question at a time', () => {
  let h: Harness;
  afterAll(async () => {
    await h.close();
  });

  it('GIVEN a session and a daily check-in half an hour after its prompt WHEN the prompt arrives THEN it is a pending question: the check-in waits, the reply becomes the reflection, then the check-in comes', async () => {
    h = await createHarness({ start: '2026-11-10T12:00:00Z' });
    await onboard(h, 'alice');
    await h.say('alice', 'timezone America/New_York');
    await h.say('alice', 'checkin time 12:30');
    const id = h.app.store.people.findByIdentity('console', 'alice')!.id;
    const seen = watchScreening(h);
    await h.say('carol', 'session alice 2026-11-10T09:00', { roles: ['clinician'] });
    await h.advanceTo('2026-11-10T17:00:00Z'); // 12:00 in New York: the +3h prompt has arrived
    expect(h.app.store.state.get(id)).toMatchObject({ flow: 'prompt', data: { promptId: 'landing-body-1' } });
    await h.advanceTo('2026-11-10T17:40:00Z'); // the 12:30 check-in fell due and is held
    expect(h.adapter.to('alice').some((m) => /short check-in/.test(m))).toBe(false);
    const r = await h.say('alice', 'My body feels heavy today, like sand');
    expect(r.at(-1)).toBe(t(h, 'prompt.saved_reflection'));
    expect(seen).toContain('My body feels heavy today, like sand');
    expect(h.app.store.records.recentJournal(id, 1)[0]!.text).toBe('My body feels heavy today, like sand');
    await h.advanceTo('2026-11-10T18:30:00Z');
    expect(h.adapter.to('alice').some((m) => /short check-in/.test(m))).toBe(true);
    expect(h.app.store.state.get(id)?.flow).toBe('checkin');
  });
});
