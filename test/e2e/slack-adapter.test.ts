// The Slack adapter alone, on the real Bolt App against the fake Slack: what
// reaches handle() for each kind of Slack request, and what each send() does
// to the Web API. The core is exercised end to end in slack-app.test.ts.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.js';
import { DeliveryError } from '../../src/core/errors.js';
import { Writable } from 'node:stream';
import { createLogger, silentLogger } from '../../src/core/logger.js';
import type { FormSpec, InboundEvent } from '../../src/core/types.js';
import {
  BOT_TOKEN,
  SIGNING_SECRET,
  blockActions,
  commandForm,
  dmEvent,
  eventCallback,
  interactionForm,
  postSigned,
  slackConfig,
  startFakeSlack,
  viewSubmission,
  waitUntil,
  type FakeSlack,
} from './fakes/slack-api.js';

describe('Slack adapter over HTTP (real Bolt on loopback)', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  let url: string;
  const events: InboundEvent[] = [];
  const waitEvent = (pred: (e: InboundEvent) => boolean, label: string) =>
    waitUntil(() => events.find(pred), () => `waiting for ${label}; events: ${events.map((e) => `${e.kind}:${e.text ?? e.choice}`).join(', ') || 'none'}`);

  beforeAll(async () => {
    fake = await startFakeSlack();
    adapter = createSlackAdapter(slackConfig(fake), { logger: silentLogger(), host: '127.0.0.1', port: 0, retryConfig: { retries: 0 } });
    await adapter.start(async (e) => {
      events.push(e);
    });
    url = `http://127.0.0.1:${adapter.port}/slack/events`;
  });
  afterAll(async () => {
    await adapter.stop();
    await fake.close();
  });
  beforeEach(() => {
    events.length = 0;
    fake.clear();
  });

  const postEvent = (body: unknown, o: { retryNum?: number; timestamp?: number; secret?: string } = {}) =>
    postSigned(url, JSON.stringify(body), 'application/json', { secret: o.secret ?? SIGNING_SECRET, ...o });

  it('GIVEN a DM THEN acknowledges and hands the core a direct message event', async () => {
    const res = await postEvent(eventCallback(dmEvent('UPAT1', 'hello &amp; hi')));
    expect(res.status).toBe(200);
    const e = await waitEvent((x) => x.kind === 'message', 'dm');
    expect(e).toMatchObject({ platform: 'slack', kind: 'message', text: 'hello & hi', from: { userId: 'UPAT1' }, conversation: { kind: 'direct', id: 'UPAT1' } });
    expect(e.platformRoles).toBeUndefined();
  });

  it('GIVEN an admin from config THEN the event carries platformRoles admin', async () => {
    await postEvent(eventCallback(dmEvent('UADMIN', 'cases')));
    const e = await waitEvent((x) => x.kind === 'message', 'admin dm');
    expect(e.platformRoles).toEqual(['admin']);
  });

  it('GIVEN a Slack retry of the same event THEN the same id is passed on so the core dedupes', async () => {
    const body = eventCallback(dmEvent('UPAT1', 'are you there'));
    await postEvent(body);
    await postEvent(body, { retryNum: 1 });
    await waitUntil(() => events.length === 2, () => `${events.length} events`);
    expect(events[0]!.id).toBe(events[1]!.id);
    expect(events[0]!.id).toBe(body.event_id);
  });

  it('GIVEN a bad or stale signature THEN 401 and nothing is processed', async () => {
    const body = eventCallback(dmEvent('UPAT1', 'I want to kill myself'));
    expect((await postEvent(body, { secret: 'wrong-secret-xyz' })).status).toBe(401);
    expect((await postEvent(body, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    const tampered = await postSigned(url, JSON.stringify(body), 'application/json', { secret: SIGNING_SECRET, signature: 'v0=deadbeef' });
    expect(tampered.status).toBe(401);
    // A good request afterwards is processed, proving the rejected ones were not merely late.
    await postEvent(eventCallback(dmEvent('UPAT1', 'marker')));
    await waitEvent((x) => x.text === 'marker', 'marker');
    expect(events.map((e) => e.text)).toEqual(['marker']);
  });

  it('GIVEN bot posts, joins, and talk in the clinician and backup channels THEN they are ignored', async () => {
    await postEvent(eventCallback({ ...dmEvent('UBOT0001', 'own'), bot_id: 'BBOT0001' }));
    await postEvent(eventCallback({ type: 'message', channel: 'CCLIN', channel_type: 'group', user: 'UCLIN', text: 'she said she wants to kill herself', ts: '1.1' }));
    await postEvent(eventCallback({ type: 'message', channel: 'CBACKUP', channel_type: 'group', user: 'UCLIN', text: 'chatter', ts: '1.11' }));
    await postEvent(eventCallback({ type: 'message', subtype: 'channel_join', channel: 'DPAT1', channel_type: 'im', user: 'UPAT1', ts: '1.2' }));
    await postEvent(eventCallback({ type: 'message', subtype: 'bot_message', channel: 'CGROUP', channel_type: 'channel', bot_id: 'BOTHER', text: 'a reminder bot', ts: '1.21' }));
    await postEvent(eventCallback(dmEvent('UPAT1', 'marker')));
    await waitEvent((x) => x.text === 'marker', 'marker');
    expect(events.map((e) => e.text)).toEqual(['marker']);
  });

  it('GIVEN a post in a group-circle channel THEN a group event in that channel (thread kept), for the core to screen', async () => {
    const body = eventCallback({ type: 'message', channel: 'CGROUP', channel_type: 'channel', user: 'UPAT1', text: 'a hard week', ts: '2.2', thread_ts: '2.1' });
    expect((await postEvent(body)).status).toBe(200);
    const e = await waitEvent((x) => x.text === 'a hard week', 'group post');
    expect(e).toMatchObject({ id: body.event_id, kind: 'message', conversation: { platform: 'slack', kind: 'channel', id: 'CGROUP', threadId: '2.1' }, from: { userId: 'UPAT1' } });
    expect(e.viaCommand).toBeUndefined();
  });

  it('GIVEN @Afterglow in a group channel THEN one command event: Slack sends the post as app_mention and as a message, only the mention passes', async () => {
    const text = '<@UBOT0001> checkin';
    await postEvent(eventCallback({ type: 'message', channel: 'CGROUP', channel_type: 'channel', user: 'UPAT1', text, ts: '3.1' }));
    await postEvent(eventCallback({ type: 'app_mention', channel: 'CGROUP', user: 'UPAT1', text, ts: '3.1' }));
    await postEvent(eventCallback(dmEvent('UPAT1', 'marker')));
    await waitEvent((x) => x.text === 'marker', 'marker');
    expect(events.map((e) => [e.text, e.viaCommand ?? false, e.conversation.kind])).toEqual([['checkin', true, 'channel'], ['marker', false, 'direct']]);
  });

  it('GIVEN @Afterglow in the clinician channel THEN a command addressed to clinicians, not a group', async () => {
    await postEvent(eventCallback({ type: 'app_mention', channel: 'CCLIN', user: 'UCLIN', text: '<@UBOT0001> cases', ts: '3.2' }));
    const e = await waitEvent((x) => x.text === 'cases', 'mention');
    expect(e).toMatchObject({ viaCommand: true, conversation: { platform: 'slack', kind: 'clinicians' } });
    expect(e.conversation.kind).not.toBe('channel');
  });

  it('GIVEN an edited group post THEN a group edit', async () => {
    await postEvent(
      eventCallback({
        type: 'message', subtype: 'message_changed', channel: 'CGROUP', channel_type: 'channel', ts: '4.9',
        message: { user: 'UPAT1', text: 'I feel hopeless', ts: '4.1' }, previous_message: { text: 'I feel ok' },
      }),
    );
    const e = await waitEvent((x) => x.kind === 'edit', 'edit');
    expect(e).toMatchObject({ text: 'I feel hopeless', conversation: { kind: 'channel', id: 'CGROUP' } });
  });

  it('GIVEN an edited DM THEN an edit event with the new text', async () => {
    await postEvent(
      eventCallback({
        type: 'message', subtype: 'message_changed', channel: 'DPAT1', channel_type: 'im', ts: '1.3',
        message: { user: 'UPAT1', text: 'I feel hopeless', ts: '1.0' }, previous_message: { text: 'I feel ok' },
      }),
    );
    const e = await waitEvent((x) => x.kind === 'edit', 'edit');
    expect(e).toMatchObject({ text: 'I feel hopeless', conversation: { kind: 'direct', id: 'UPAT1' } });
  });

  it('GIVEN /afterglow in a channel THEN a command message answered in that channel', async () => {
    const res = await postSigned(url, commandForm('UFAC', 'group list', 'CGROUP'), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    const e = await waitEvent((x) => x.viaCommand === true, 'command');
    expect(e).toMatchObject({ kind: 'message', text: 'group list', viaCommand: true, conversation: { kind: 'channel', id: 'CGROUP' } });
  });

  it('GIVEN /afterglow in a channel the bot is not in THEN the answer goes through the response_url', async () => {
    await postSigned(url, commandForm('UFAC', 'help', 'CELSEWHERE', '/afterglow', fake.responseUrl), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    const e = await waitEvent((x) => x.viaCommand === true, 'command');
    fake.failNext('chat.postEphemeral', { body: { ok: false, error: 'channel_not_found' } });
    await adapter.send(e.conversation, { text: 'Commands: …', ephemeralTo: 'UFAC', inReplyTo: e.id });
    const r = await fake.waitFor((c) => c.method === 'response_url', 'response_url');
    expect(r.body).toMatchObject({ response_type: 'ephemeral', text: 'Commands: …' });
    // Without a held response_url the failure goes back to the outbox as transient.
    fake.failNext('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    await expect(adapter.send(e.conversation, { text: 'x' })).rejects.toMatchObject({ kind: 'transient' });
  });

  it('GIVEN /afterglow in a DM THEN the conversation is direct', async () => {
    await postSigned(url, commandForm('UPAT1', 'checkin', 'DPAT1'), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    const e = await waitEvent((x) => x.viaCommand === true, 'command');
    expect(e).toMatchObject({ text: 'checkin', conversation: { kind: 'direct', id: 'UPAT1' } });
  });

  it('GIVEN a button press THEN a choice event with the message to update', async () => {
    const res = await postSigned(url, interactionForm(blockActions('UCLIN', 'case:ack:7', 'case:ack:7', { channel: 'CCLIN', ts: '1700.000100' })), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    const e = await waitEvent((x) => x.kind === 'choice', 'choice');
    expect(e).toMatchObject({ choice: 'case:ack:7', conversation: { platform: 'slack', kind: 'clinicians' }, messageRef: { channelId: 'CCLIN', messageId: '1700.000100' } });
    expect(e.conversation.kind).not.toBe('channel');
  });

  it('GIVEN app_home_opened THEN a home event', async () => {
    await postEvent(eventCallback({ type: 'app_home_opened', user: 'UPAT1', channel: 'DPAT1', tab: 'home', event_ts: '1.5' }));
    const e = await waitEvent((x) => x.kind === 'home', 'home');
    expect(e.conversation).toEqual({ platform: 'slack', kind: 'home', id: 'UPAT1' });
  });

  it('GIVEN a button with a form THEN the modal opens at once with the press trigger, and its submission reaches the core as a choice with fields', async () => {
    const sent = await adapter.send({ platform: 'slack', kind: 'clinicians' }, {
      text: 'Case 9',
      choices: [{ id: 'case:note:9', label: 'Add note', form: { id: 'note', title: 'Add a note to case 9', fields: [{ id: 'note', label: 'Note', multiline: true }] } }],
    });
    const post = await fake.waitFor((c) => c.method === 'chat.postMessage', 'post');
    const button = post.body.blocks.at(-1).elements[0];
    const press = blockActions('UCLIN', button.action_id, button.value, { channel: sent.channelId, ts: sent.messageId });
    await postSigned(url, interactionForm(press), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    const open = await fake.waitFor((c) => c.method === 'views.open', 'views.open');
    expect(open.body.trigger_id).toBe(press.trigger_id);
    expect(open.body.view).toMatchObject({ type: 'modal', title: { text: 'Add a note to case 9' }, blocks: [{ type: 'input', block_id: 'note', element: { type: 'plain_text_input', multiline: true } }] });
    expect(events.filter((e) => e.kind === 'choice')).toEqual([]); // the press itself is not the core's business
    const submit = viewSubmission('UCLIN', open.body.view, { note: { value: { type: 'plain_text_input', value: 'called, safe with partner' } } });
    await postSigned(url, interactionForm(submit), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    const e = await waitEvent((x) => x.kind === 'choice', 'submission');
    expect(e).toMatchObject({ choice: 'case:note:9', fields: { note: 'called, safe with partner' }, conversation: { kind: 'clinicians' }, messageRef: { channelId: 'CCLIN', messageId: sent.messageId } });
  });

  it('GIVEN a facilitator scheduling form with date and time fields THEN pickers, and the picked values reach the core', async () => {
    const form: FormSpec = {
      id: 'group_schedule', title: 'Schedule for a circle',
      fields: [
        { id: 'group', label: 'Group', initial: 'tuesday-circle' },
        { id: 'day', label: 'Day', type: 'date' },
        { id: 'time', label: 'Time', type: 'time', initial: '18:00' },
        { id: 'content', label: 'Prompt or exercise id', multiline: true },
      ],
    };
    const sent = await adapter.send({ platform: 'slack', kind: 'direct', id: 'UFAC' }, { text: 'Groups', choices: [{ id: 'group:schedule:tuesday-circle', label: 'Schedule…', form }] });
    const post = fake.callsTo('chat.postMessage')[0]!;
    const button = post.body.blocks.at(-1).elements[0];
    const press = blockActions('UFAC', button.action_id, button.value, { channel: sent.channelId, ts: sent.messageId });
    await postSigned(url, interactionForm(press), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    const open = await fake.waitFor((c) => c.method === 'views.open', 'views.open');
    expect(open.body.view.blocks.map((b: { element: { type: string } }) => b.element.type)).toEqual(['plain_text_input', 'datepicker', 'timepicker', 'plain_text_input']);
    const submit = viewSubmission('UFAC', open.body.view, {
      group: { value: { type: 'plain_text_input', value: 'tuesday-circle' } },
      day: { value: { type: 'datepicker', selected_date: '2026-02-03' } },
      time: { value: { type: 'timepicker', selected_time: '18:00' } },
      content: { value: { type: 'plain_text_input', value: 'integration-week-1' } },
    });
    await postSigned(url, interactionForm(submit), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    const e = await waitEvent((x) => x.kind === 'choice', 'submission');
    expect(e).toMatchObject({
      choice: 'group:schedule:tuesday-circle',
      conversation: { kind: 'direct', id: 'UFAC' },
      fields: { group: 'tuesday-circle', day: '2026-02-03', time: '18:00', content: 'integration-week-1' },
    });
  });

  it('GIVEN a GET /healthz THEN 200 ok (for a load balancer); other paths 404', async () => {
    const base = `http://127.0.0.1:${adapter.port}`;
    const ok = await fetch(`${base}/healthz`);
    expect([ok.status, await ok.text()]).toEqual([200, 'ok']);
    expect((await fetch(`${base}/other`)).status).toBe(404);
  });

  it('GIVEN Slack\'s url_verification handshake (HTTP mode setup) THEN the challenge is echoed', async () => {
    const res = await postEvent({ token: 'legacy', challenge: 'chal-123', type: 'url_verification' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('chal-123');
  });

  it('send: a DM opens the conversation once, posts Block Kit with buttons', async () => {
    const to = { platform: 'slack' as const, kind: 'direct' as const, id: 'UNEW1' };
    const r1 = await adapter.send(to, { text: 'How are you feeling, 0–10?', choices: Array.from({ length: 11 }, (_, i) => ({ id: `checkin:mood:${i}`, label: String(i) })) });
    await adapter.send(to, { text: 'again' });
    expect(fake.callsTo('conversations.open')).toHaveLength(1);
    const [p1] = fake.callsTo('chat.postMessage');
    expect(p1!.token).toBe(BOT_TOKEN);
    expect(p1!.body).toMatchObject({ channel: 'DNEW1', text: 'How are you feeling, 0–10?' });
    expect(p1!.body.blocks[1]).toMatchObject({ type: 'actions' });
    expect(p1!.body.blocks[1].elements).toHaveLength(11);
    expect(r1).toEqual({ channelId: 'DNEW1', messageId: expect.any(String) });
  });

  it('send: replaces → chat.update in place; ephemeralTo → chat.postEphemeral; home → views.publish', async () => {
    const ref = { platform: 'slack' as const, channelId: 'CCLIN', messageId: '1700.000001' };
    await adapter.send({ platform: 'slack', kind: 'clinicians' }, { text: 'Acknowledged', replaces: ref });
    expect(fake.callsTo('chat.update')[0]!.body).toMatchObject({ channel: 'CCLIN', ts: '1700.000001' });
    await adapter.send({ platform: 'slack', kind: 'channel', id: 'CCLIN' }, { text: 'Only clinicians can do that.', ephemeralTo: 'UPAT1' });
    expect(fake.callsTo('chat.postEphemeral')[0]!.body).toMatchObject({ channel: 'CCLIN', user: 'UPAT1' });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
    await adapter.send({ platform: 'slack', kind: 'home', id: 'UPAT1' }, { text: 'Your space\n\nMood ▁▃▅▇', choices: [{ id: 'safety:show', label: 'My safety plan' }] });
    expect(fake.callsTo('views.publish')[0]!.body).toMatchObject({ user_id: 'UPAT1', view: { type: 'home' } });
  });

  it('send: a vanished message to replace is posted anew, and the result names the new message', async () => {
    fake.failNext('chat.update', { body: { ok: false, error: 'message_not_found' } });
    const r = await adapter.send({ platform: 'slack', kind: 'clinicians' }, { text: 'Resolved', replaces: { platform: 'slack', channelId: 'CCLIN', messageId: '1.1' } });
    const post = fake.callsTo('chat.postMessage')[0]!;
    expect(post.body).toMatchObject({ channel: 'CCLIN' });
    expect(r).toEqual({ channelId: 'CCLIN', messageId: post.response.ts });
  });

  it('update: edited in place → resolves with nothing (the stored reference stands)', async () => {
    const result = await adapter.update!({ platform: 'slack', channelId: 'CCLIN', messageId: '1.5' }, { text: 'Case #3 — acknowledged' });
    expect(result).toBeUndefined();
    expect(fake.callsTo('chat.update')[0]!.body).toMatchObject({ channel: 'CCLIN', ts: '1.5', text: 'Case #3 — acknowledged' });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('update: a vanished message is posted anew in its channel and the new message is returned, so later edits target it', async () => {
    for (const error of ['message_not_found', 'cant_update_message', 'edit_window_closed']) {
      fake.clear();
      fake.failNext('chat.update', { body: { ok: false, error } });
      const moved = await adapter.update!({ platform: 'slack', channelId: 'CCLIN', messageId: '1.1' }, { text: 'Case #3 — resolved' });
      const post = fake.callsTo('chat.postMessage')[0]!;
      expect(post.body).toMatchObject({ channel: 'CCLIN', text: 'Case #3 — resolved' });
      expect(moved).toEqual({ channelId: 'CCLIN', messageId: post.response.ts });
      expect(moved && moved.messageId).not.toBe('1.1');
    }
    fake.clear();
    fake.failNext('chat.update', { body: { ok: false, error: 'internal_error' } });
    await expect(adapter.update!({ platform: 'slack', channelId: 'CCLIN', messageId: '1.1' }, { text: 'x' })).rejects.toMatchObject({ kind: 'transient' });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0); // a passing failure is retried by the outbox, never posted anew
  });

  it('send: oncall mention and backup channel', async () => {
    await adapter.send({ platform: 'slack', kind: 'backup' }, { text: 'Still open', mention: 'oncall' });
    const p = fake.callsTo('chat.postMessage')[0]!;
    expect(p.body.channel).toBe('CBACKUP');
    expect(p.body.text).toContain('<!subteam^SONCALL>');
    expect(p.body.blocks[0].text.text).toContain('<!subteam^SONCALL>');
  });

  it('send: 429 → rate_limited with Retry-After; user_not_found → unreachable; others transient', async () => {
    fake.failNext('chat.postMessage', { status: 429, headers: { 'retry-after': '7' } });
    const e1 = await adapter.send({ platform: 'slack', kind: 'clinicians' }, { text: 'x' }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(DeliveryError);
    expect(e1).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 });
    fake.failNext('conversations.open', { body: { ok: false, error: 'user_not_found' } });
    const e2 = await adapter.send({ platform: 'slack', kind: 'direct', id: 'UGONE' }, { text: 'x' }).catch((e: unknown) => e);
    expect(e2).toMatchObject({ kind: 'unreachable' });
    fake.failNext('chat.postMessage', { body: { ok: false, error: 'account_inactive' } });
    expect(await adapter.send({ platform: 'slack', kind: 'clinicians' }, { text: 'x' }).catch((e: unknown) => e)).toMatchObject({ kind: 'unreachable' });
    fake.failNext('chat.postMessage', { body: { ok: false, error: 'internal_error' } });
    expect(await adapter.send({ platform: 'slack', kind: 'clinicians' }, { text: 'x' }).catch((e: unknown) => e)).toMatchObject({ kind: 'transient' });
    fake.failNext('chat.postMessage', { status: 503 });
    expect(await adapter.send({ platform: 'slack', kind: 'clinicians' }, { text: 'x' }).catch((e: unknown) => e)).toMatchObject({ kind: 'transient' });
  });
});

describe('Slack adapter start', () => {
  it('GIVEN a revoked bot token THEN start fails with adapter_start_failed naming Slack\'s error, not the token', async () => {
    const fake = await startFakeSlack();
    try {
      fake.failNext('auth.test', { body: { ok: false, error: 'invalid_auth' } });
      const adapter = createSlackAdapter(slackConfig(fake), { logger: silentLogger(), host: '127.0.0.1', port: 0, retryConfig: { retries: 0 } });
      const err = (await adapter.start(async () => {}).catch((e: unknown) => e)) as Error & { code: string };
      expect(err).toMatchObject({ code: 'adapter_start_failed' });
      expect(err.message).toContain('invalid_auth');
      expect(err.message).not.toContain(BOT_TOKEN);
      await adapter.stop(); // nothing started: a no-op
    } finally {
      await fake.close();
    }
  });
});

describe('Slack adapter logging', () => {
  it('never logs a token or the signing secret, even at debug; no message text at info and above', async () => {
    const fake = await startFakeSlack();
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(...String(chunk).split('\n').filter(Boolean)); cb(); } });
    const adapter = createSlackAdapter(slackConfig(fake), { logger: createLogger({ level: 'debug', destination: sink }), host: '127.0.0.1', port: 0, retryConfig: { retries: 0 } });
    try {
      const seen: InboundEvent[] = [];
      await adapter.start(async (e) => { seen.push(e); });
      const u = `http://127.0.0.1:${adapter.port}/slack/events`;
      await postSigned(u, JSON.stringify(eventCallback(dmEvent('UPAT9', 'a very private sentence'))), 'application/json', { secret: SIGNING_SECRET });
      await waitUntil(() => seen.length === 1, () => 'no event');
      fake.failNext('chat.postMessage', { body: { ok: false, error: 'invalid_auth' } });
      await adapter.send({ platform: 'slack', kind: 'clinicians' }, { text: 'another private sentence' }).catch(() => {});
      await adapter.send({ platform: 'slack', kind: 'clinicians' }, { text: 'ok' });
    } finally {
      await adapter.stop();
      await fake.close();
    }
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(3);
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
    const important = lines.filter((l) => (JSON.parse(l) as { level: number }).level >= 30).join('\n');
    expect(important).toContain('slack call failed');
    expect(important).not.toContain('private sentence');
  });
});

describe('Slack adapter over Socket Mode (fake socket server)', () => {
  let fake: FakeSlack;
  afterEach(async () => {
    await fake?.close();
  });

  it('GIVEN an app token THEN connects by socket, acks envelopes, delivers events, and stop() waits for the socket to close', async () => {
    fake = await startFakeSlack();
    const adapter = createSlackAdapter(slackConfig(fake, { SLACK_APP_TOKEN: 'xapp-1-test-app-token', SLACK_SIGNING_SECRET: '' }), {
      logger: silentLogger(),
      retryConfig: { retries: 0 },
      clientPingTimeout: 2000,
    });
    expect(adapter.mode).toBe('socket');
    const events: InboundEvent[] = [];
    await adapter.start(async (e) => {
      events.push(e);
    });
    await fake.waitForSocket();
    expect(fake.callsTo('apps.connections.open')[0]!.token).toBe('xapp-1-test-app-token');

    const body = eventCallback(dmEvent('UPAT2', 'hello by socket'));
    const ack = await fake.sendEnvelope('events_api', body);
    expect(ack.envelope_id).toBeTruthy();
    await waitUntil(() => events.find((e) => e.text === 'hello by socket'), () => 'no event');
    expect(events[0]).toMatchObject({ id: body.event_id, conversation: { kind: 'direct', id: 'UPAT2' } });

    const press = blockActions('UPAT2', 'checkin:mood:6', 'checkin:mood:6', { channel: 'DPAT2', ts: '1.9' });
    await fake.sendEnvelope('interactive', press);
    await waitUntil(() => events.find((e) => e.kind === 'choice'), () => 'no choice');
    expect(events[1]).toMatchObject({ choice: 'checkin:mood:6', conversation: { kind: 'direct', id: 'UPAT2' }, messageRef: { channelId: 'DPAT2', messageId: '1.9' } });

    await adapter.stop();
    await fake.waitForNoSocket();
    expect(fake.sockets.size).toBe(0);
  });

  it('GIVEN Slack asks for a refresh (disconnect frame) THEN the client reconnects and events keep flowing', async () => {
    fake = await startFakeSlack();
    const adapter = createSlackAdapter(slackConfig(fake, { SLACK_APP_TOKEN: 'xapp-1-test-app-token', SLACK_SIGNING_SECRET: '' }), {
      logger: silentLogger(),
      retryConfig: { retries: 0 },
      // The client waits one ping timeout before reconnecting; keep it short here.
      clientPingTimeout: 300,
    });
    const events: InboundEvent[] = [];
    await adapter.start(async (e) => {
      events.push(e);
    });
    try {
      await fake.waitForSocket();
      fake.sendFrame({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'fake' } });
      await waitUntil(() => fake.callsTo('apps.connections.open').length >= 2 && fake.sockets.size === 1, () => `${fake.callsTo('apps.connections.open').length} opens, ${fake.sockets.size} sockets`, 5000);
      await fake.waitForSocket();
      const ack = await fake.sendEnvelope('events_api', eventCallback(dmEvent('UPAT3', 'after the refresh')));
      expect(ack.envelope_id).toBeTruthy();
      await waitUntil(() => events.find((e) => e.text === 'after the refresh'), () => 'no event after reconnect');
    } finally {
      await adapter.stop();
    }
    await fake.waitForNoSocket();
  });
});
