// The crisis path's edges on Slack, through the real core and the real Bolt
// App against the fake Slack: patient words that are markup or mentions reach
// the clinician channel inert, and a patient whose DM cannot be reached still
// gets their page sent and the failure shown to clinicians.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.js';
import { advanceClock, createAfterglow, type Afterglow } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { HOSTILE_TEXTS, hostileMessage } from '../fixtures/hostile-text.js';
import { liveSlackMarkup, slackTextObjects } from '../fixtures/inert-checks.js';
import { SIGNING_SECRET, dmEvent, eventCallback, postSigned, slackEnv, startFakeSlack, waitUntil, type FakeSlack, type SlackCall } from './fakes/slack-api.js';

describe('GIVEN Afterglow on Slack (real core, real Bolt, fake Slack)', () => {
  let fake: FakeSlack;
  let slack: SlackAdapter;
  let app: Afterglow;
  let url: string;
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 15, 0));

  beforeAll(async () => {
    fake = await startFakeSlack();
    const config = loadConfig({ AFTERGLOW_DB: ':memory:', AFTERGLOW_ESCALATION_MINUTES: '10', ...slackEnv(fake) });
    slack = createSlackAdapter(config.slack!, { logger: silentLogger(), host: '127.0.0.1', port: 0, retryConfig: { retries: 0 } });
    app = createAfterglow({ config, adapters: [slack], clock, logger: silentLogger(), tickMs: 3_600_000, rateLimits: { slack: { perSecond: 1000, burst: 1000 } } });
    await app.start();
    url = `http://127.0.0.1:${slack.port}/slack/events`;
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });
  beforeEach(() => fake.clear());

  const dm = (user: string, text: string) => postSigned(url, JSON.stringify(eventCallback(dmEvent(user, text))), 'application/json', { secret: SIGNING_SECRET });
  const alertFor = (user: string, after = 0) =>
    fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CCLIN' && fake.calls.indexOf(c) >= after && JSON.stringify(c.body.blocks ?? '').includes(`<@${user}>`), `alert about ${user}`);

  /** Everything that could make patient words live in one Slack post. */
  function expectInert(call: SlackCall, user: string, mention?: string): void {
    const fallback = String(call.body.text);
    const rest = mention ? fallback.slice(mention.length + 1) : fallback;
    if (mention) expect(fallback.startsWith(`${mention} `)).toBe(true);
    expect(liveSlackMarkup(rest)).toEqual([]);
    const blocks = call.body.blocks;
    for (const t of slackTextObjects(blocks, 'mrkdwn')) {
      expect(liveSlackMarkup(t, [`<@${user}>`, ...(mention ? [mention] : [])], { formsOnly: true })).toEqual([]);
      expect(t).not.toContain('kill myself');
    }
    expect(slackTextObjects(blocks, 'plain_text').some((t) => t.includes('kill myself'))).toBe(true);
  }

  describe('WHEN patients in crisis write mentions, broadcasts, ids and markup', () => {
    HOSTILE_TEXTS.forEach((h, i) => {
      it(`THEN ${h.name} reaches the clinician channel as typed and live nowhere`, async () => {
        const user = `UHOST${String(i).padStart(4, '0')}`;
        expect((await dm(user, hostileMessage(h))).status).toBe(200);
        expectInert(await alertFor(user), user);
      });
    });

    it('THEN the reminder carries only the on-call mention; the patient words in it stay inert', async () => {
      const user = 'UHOSTREM1';
      await dm(user, `${hostileMessage(HOSTILE_TEXTS[0]!)} <@U0DOCTOR1> *now* UABCD12345`);
      await alertFor(user);
      const before = fake.calls.length;
      await advanceClock(app, clock, new Date(clock.now().getTime() + 6 * 60_000));
      const reminder = await alertFor(user, before);
      expectInert(reminder, user, '<!subteam^SONCALL>');
    });
  });

  describe('WHEN the patient\'s own DM cannot be reached during a crisis', () => {
    it('THEN the page still goes, the crisis reply is recorded undeliverable on the case, and clinicians are told to reach them another way', async () => {
      const user = 'UGONE0001';
      // The DM channel the message came from is gone by the time the reply goes out (account deactivated).
      fake.failNext('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } }, (b) => b.channel === 'DGONE0001');
      fake.failNext('conversations.open', { body: { ok: false, error: 'user_not_found' } }, (b) => b.users === user);
      await dm(user, 'I want to kill myself tonight');
      const page = await alertFor(user);
      expect(page.response.ok).toBe(true);
      const person = await waitUntil(() => app.store.people.findByIdentity('slack', user), () => 'no person');
      const warning = await fake.waitFor(
        (c) => c.method === 'chat.postMessage' && c.body.channel === 'CCLIN' && /can't be reached/.test(String(c.body.text)),
        'the unreachable warning',
      );
      expect(String(warning.body.text)).toMatch(/crisis reply/);
      const kase = app.store.cases.openForPerson(person.id)[0]!;
      const reply = app.store.db
        .prepare(`SELECT status, last_error AS error FROM outbox WHERE case_id = ? AND purpose = 'crisis_reply'`)
        .get(kase.id) as { status: string; error: string };
      expect(reply).toMatchObject({ status: 'undeliverable', error: expect.stringMatching(/user_not_found|channel_not_found/) });
      expect(app.store.people.get(person.id)!.unreachableAt).not.toBeNull();
      // The case itself is untouched: open, and still paging until someone acknowledges.
      expect(kase.status).toBe('open');
      expect(kase.nextEscalationAt).not.toBeNull();
    });
  });
});
