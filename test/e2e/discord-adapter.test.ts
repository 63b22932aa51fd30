// The Discord adapter alone, on the real discord.js Client against the loopback
// fake: what it hands to the core, and what it sends for what the core sends.
// The whole bot through the real core is in discord.test.ts.
import type { Client } from 'discord.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord/index.js';
import type { Adapter } from '../../src/core/adapter.js';
import { DeliveryError } from '../../src/core/errors.js';
import { createLogger, silentLogger } from '../../src/core/logger.js';
import type { InboundEvent } from '../../src/core/types.js';
import { BOT_TOKEN, FakeDiscord, discordConfig, type RestCall } from './fakes/discord-fake.js';

const GUILD = '100000000000000001';
const CLINIC = '100000000000000010';
const CIRCLE = '100000000000000011';
const THREAD = '100000000000000012';
const OTHER_GUILD = '100000000000000099';
const OTHER_CHANNEL = '100000000000000098';
const CLINICIAN_ROLE = '100000000000000020';
const ONCALL_ROLE = '100000000000000021';

const patient = { id: '200000000000000001', username: 'river' };
const clinician = { id: '200000000000000002', username: 'dr-lee' };
const otherBot = { id: '200000000000000003', username: 'somebot', bot: true };

describe('GIVEN the Discord adapter on a loopback gateway', () => {
  const fake = new FakeDiscord({
    guilds: [
      {
        id: GUILD,
        channels: [
          { id: CLINIC, name: 'clinicians' },
          { id: CIRCLE, name: 'circle' },
          { id: THREAD, name: 'week-1', type: 11, parentId: CIRCLE },
        ],
      },
      { id: OTHER_GUILD, channels: [{ id: OTHER_CHANNEL, name: 'elsewhere' }] },
    ],
    members: { [clinician.id]: [CLINICIAN_ROLE] },
    roles: [CLINICIAN_ROLE, ONCALL_ROLE],
  });
  let adapter: Adapter;
  let client: Client | undefined;
  const events: InboundEvent[] = [];
  const clientErrors: unknown[] = [];
  /** What the adapter asked of Discord while starting (beforeEach clears the fake's record). */
  let startCalls: RestCall[] = [];
  const waitEvent = (pred: (e: InboundEvent) => boolean) => fake.waitFor(() => events.find(pred), 'inbound event');

  beforeAll(async () => {
    await fake.start();
    const config = discordConfig(fake, { DISCORD_ONCALL_ROLE_ID: ONCALL_ROLE, DISCORD_CLINICIAN_ROLE_ID: CLINICIAN_ROLE, DISCORD_ADMINS: '200000000000000009' });
    adapter = createDiscordAdapter(config, {
      logger: process.env.DEBUG_DISCORD ? createLogger({ level: 'debug' }) : silentLogger(),
      rest: { globalRequestsPerSecond: 10_000, retries: 0 },
      onClient: (c) => {
        client = c;
        c.on('error', (e) => clientErrors.push(e));
      },
    });
    await adapter.start(async (e) => {
      events.push(e);
    });
    startCalls = [...fake.calls];
  });

  afterAll(async () => {
    await adapter.stop();
    await fake.stop();
  });

  beforeEach(() => {
    fake.clear();
    events.length = 0;
  });

  afterEach(() => {
    expect(clientErrors).toEqual([]);
  });

  it('THEN it registered the slash commands for the guild at start', () => {
    const call = startCalls.find((c) => c.method === 'PUT' && c.path === `/applications/${fake.applicationId}/guilds/${GUILD}/commands`);
    expect(call, `REST calls during start: ${startCalls.map((c) => `${c.method} ${c.path}`).join(', ')}`).toBeDefined();
    const names = (call!.body as { name: string }[]).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['help', 'checkin', 'journal', 'breathe', 'cases', 'ack', 'checkin-time']));
    expect(call!.auth).toBe(`Bot ${BOT_TOKEN}`);
  });

  it('WHEN a patient DMs THEN a direct message event reaches the core, and a reply goes to the DM channel', async () => {
    const id = fake.sendDm(patient, 'hello there');
    const ev = await waitEvent((e) => e.id === id);
    expect(ev).toMatchObject({
      kind: 'message',
      text: 'hello there',
      platform: 'discord',
      from: { userId: patient.id, handle: 'river' },
      conversation: { kind: 'direct', id: patient.id },
    });
    expect(ev.conversation.kind).not.toBe('channel');
    const sent = await adapter.send(ev.conversation, { text: 'Welcome', inReplyTo: ev.id });
    const call = await fake.waitForCall('POST', /\/channels\/\d+\/messages$/);
    expect(call.path).toBe(`/channels/${fake.dmChannelOf(patient.id)}/messages`);
    expect(call.body).toMatchObject({ content: 'Welcome', allowed_mentions: { parse: [] } });
    expect(sent.channelId).toBe(fake.dmChannelOf(patient.id));
  });

  it('WHEN a bot or another guild posts THEN nothing reaches the core', async () => {
    fake.sendDm(otherBot, 'beep');
    fake.sendGuildMessage(OTHER_GUILD, OTHER_CHANNEL, patient, 'elsewhere');
    const marker = fake.sendDm(patient, 'marker');
    await waitEvent((e) => e.id === marker);
    expect(events.map((e) => e.text)).toEqual(['marker']);
  });

  it('WHEN someone posts in a circle thread THEN it is a group event addressed to the thread, bot mention stripped', async () => {
    const id = fake.sendGuildMessage(GUILD, THREAD, patient, `<@${fake.botUser.id}> rough week`);
    const ev = await waitEvent((e) => e.id === id);
    expect(ev).toMatchObject({ text: 'rough week', viaCommand: true, conversation: { kind: 'channel', id: CIRCLE, threadId: THREAD } });
    await adapter.send(ev.conversation, { text: 'to the thread' });
    await fake.waitForCall('POST', new RegExp(`/channels/${THREAD}/messages`));
  });

  it('WHEN a clinician posts in the clinician channel THEN it is the clinicians conversation, with the mapped role, not a group', async () => {
    const id = fake.sendGuildMessage(GUILD, CLINIC, clinician, 'cases', [CLINICIAN_ROLE]);
    const ev = await waitEvent((e) => e.id === id);
    expect(ev).toMatchObject({ conversation: { kind: 'clinicians' }, platformRoles: ['clinician'] });
    expect(ev.conversation.kind).not.toBe('channel');
  });

  it('WHEN a clinician DMs THEN the guild role is looked up and passed on', async () => {
    const id = fake.sendDm(clinician, 'cases');
    const ev = await waitEvent((e) => e.id === id);
    expect(ev.platformRoles).toEqual(['clinician']);
  });

  it('WHEN a slash command with a subcommand arrives THEN it is acknowledged at once and becomes the text command; the reply edits the deferred reply', async () => {
    const id = fake.slashCommand(patient, 'journal', [{ name: 'write', type: 1, options: [{ name: 'text', type: 3, value: 'felt lighter' }] }]);
    const ev = await waitEvent((e) => e.id === id);
    expect(ev).toMatchObject({ kind: 'message', text: 'journal felt lighter', viaCommand: true, conversation: { kind: 'direct', id: patient.id } });
    await fake.waitForCall('POST', new RegExp(`/interactions/${id}/.+/callback`), (b) => b.type === 5);
    await adapter.send(ev.conversation, { text: 'Saved.', inReplyTo: id });
    await fake.waitForCall('PATCH', /\/webhooks\/\d+\/itok-\d+\/messages\/@original/, (b) => b.content === 'Saved.');
    await adapter.send(ev.conversation, { text: 'And one more.', inReplyTo: id });
    await fake.waitForCall('POST', /\/webhooks\/\d+\/itok-\d+$/, (b) => b.content === 'And one more.');
  });

  it('WHEN a button is pressed THEN the press is deferred and becomes a choice with the message ref; replaces edits through the interaction', async () => {
    const sent = await adapter.send(
      { platform: 'discord', kind: 'direct', id: patient.id },
      { text: 'How is your mood?', choices: Array.from({ length: 11 }, (_, n) => ({ id: `checkin:mood:${n}`, label: String(n) })) },
    );
    const post = await fake.waitForCall('POST', /\/channels\/\d+\/messages$/);
    expect(post.body.components).toHaveLength(3);
    const message = fake.messages.get(sent.messageId);
    const id = fake.clickButton(patient, message, 'checkin:mood:7');
    const ev = await waitEvent((e) => e.id === id);
    expect(ev).toMatchObject({ kind: 'choice', choice: 'checkin:mood:7', messageRef: { messageId: sent.messageId } });
    await fake.waitForCall('POST', new RegExp(`/interactions/${id}/.+/callback`), (b) => b.type === 6);
    await adapter.send(ev.conversation, { text: 'Mood: 7', inReplyTo: id, replaces: ev.messageRef! });
    const patch = await fake.waitForCall('PATCH', /\/webhooks\/\d+\/itok-\d+\/messages\/@original/);
    expect(patch.body).toMatchObject({ content: 'Mood: 7', components: [] });
  });

  it('WHEN a button with a form is pressed THEN a modal opens at once, and its submission is a choice with fields', async () => {
    const sent = await adapter.send(
      { platform: 'discord', kind: 'clinicians' },
      {
        text: 'Crisis alert',
        alert: { caseId: 12, severity: 'imminent', category: 'suicide', status: 'open', patientHandle: 'river', createdAt: new Date().toISOString(), escalationLevel: 0 },
        choices: [
          { id: 'case:ack:12', label: 'Acknowledge', style: 'primary' },
          { id: 'case:note:12', label: 'Add note', form: { id: 'note', title: 'Note on case 12', fields: [{ id: 'note', label: 'Note', multiline: true }] } },
        ],
      },
    );
    const post = await fake.waitForCall('POST', new RegExp(`/channels/${CLINIC}/messages`));
    expect(post.body.embeds[0]).toMatchObject({ title: 'Case #12', description: 'Crisis alert' });
    const message = fake.messages.get(sent.messageId);
    const press = fake.clickButton(clinician, message, 'case:note:12', { guildId: GUILD, roles: [CLINICIAN_ROLE] });
    const modal = await fake.waitForCall('POST', new RegExp(`/interactions/${press}/.+/callback`));
    expect(modal.body).toMatchObject({ type: 9, data: { custom_id: 'case:note:12', components: [{ components: [{ custom_id: 'note', style: 2 }] }] } });
    expect(events.find((e) => e.id === press)).toBeUndefined();
    const submit = fake.submitModal(clinician, 'case:note:12', { note: 'called, safe' }, message, { guildId: GUILD, roles: [CLINICIAN_ROLE] });
    const ev = await waitEvent((e) => e.id === submit);
    expect(ev).toMatchObject({ kind: 'choice', choice: 'case:note:12', fields: { note: 'called, safe' }, platformRoles: ['clinician'], conversation: { kind: 'clinicians' } });
  });

  it('WHEN the core answers a guild interaction with ephemeralTo THEN it is an ephemeral follow-up, never a channel post', async () => {
    const sent = await adapter.send({ platform: 'discord', kind: 'clinicians' }, { text: 'alert', choices: [{ id: 'case:ack:3', label: 'Acknowledge' }] });
    const message = fake.messages.get(sent.messageId);
    fake.clear();
    const press = fake.clickButton(patient, message, 'case:ack:3', { guildId: GUILD, roles: [] });
    const ev = await waitEvent((e) => e.id === press);
    await adapter.send(ev.conversation, { text: 'Only clinicians can do that.', inReplyTo: press, ephemeralTo: patient.id });
    const follow = await fake.waitForCall('POST', /\/webhooks\/\d+\/itok-\d+$/);
    expect(follow.body).toMatchObject({ content: 'Only clinicians can do that.', flags: 64 });
    expect(fake.calls.filter((c) => c.path.startsWith('/channels/'))).toEqual([]);
  });

  it('WHEN a slash command in a channel is answered by DM THEN the DM is sent and the deferred "thinking" reply removed', async () => {
    const id = fake.slashCommand(patient, 'checkin', [], { guildId: GUILD, channelId: CIRCLE });
    const ev = await waitEvent((e) => e.id === id);
    expect(ev).toMatchObject({ text: 'checkin', viaCommand: true, conversation: { kind: 'channel' } });
    const ack = await fake.waitForCall('POST', new RegExp(`/interactions/${id}/`));
    expect(ack.body).toEqual({ type: 5, data: { flags: 64 } });
    await adapter.send({ platform: 'discord', kind: 'direct', id: patient.id }, { text: 'in your DMs', inReplyTo: id });
    await fake.waitForCall('POST', new RegExp(`/channels/${fake.dmChannelOf(patient.id)}/messages`));
    await fake.waitForCall('DELETE', /\/webhooks\/\d+\/itok-\d+\/messages\/@original/);
    expect(fake.calls.filter((c) => c.path.startsWith(`/channels/${CIRCLE}`))).toEqual([]);
  });

  it('WHEN ephemeralTo has no live interaction THEN it goes to that person’s DM, not the channel', async () => {
    await adapter.send({ platform: 'discord', kind: 'channel', id: CIRCLE }, { text: 'private words', ephemeralTo: patient.id });
    const call = await fake.waitForCall('POST', /\/channels\/\d+\/messages$/);
    expect(call.path).toBe(`/channels/${fake.dmChannelOf(patient.id)}/messages`);
  });

  it('WHEN an alert re-escalates THEN only the on-call role is mentioned', async () => {
    await adapter.send({ platform: 'discord', kind: 'backup' }, { text: 'still open', mention: 'oncall' });
    const call = await fake.waitForCall('POST', new RegExp(`/channels/${CLINIC}/messages`));
    expect(call.body).toMatchObject({ content: `<@&${ONCALL_ROLE}> still open`, allowed_mentions: { parse: [], roles: [ONCALL_ROLE] } });
  });

  it('WHEN the text is over 2000 characters THEN it is split', async () => {
    const text = `${'a'.repeat(1500)}\n\n${'b'.repeat(1500)}`;
    await adapter.send({ platform: 'discord', kind: 'clinicians' }, { text, choices: [{ id: 'x', label: 'X' }] });
    await fake.waitFor(() => fake.calls.filter((c) => c.method === 'POST').length === 2 || undefined, 'two posts');
    const [a, b] = fake.calls.map((c) => c.body);
    expect(a.content).toBe('a'.repeat(1500));
    expect(a.components).toBeUndefined();
    expect(b.content).toBe('b'.repeat(1500));
    expect(b.components).toHaveLength(1);
  });

  it('WHEN an alert is updated in place THEN update() resolves with nothing: the stored reference stands', async () => {
    const sent = await adapter.send({ platform: 'discord', kind: 'clinicians' }, { text: 'Case #5 — open', choices: [{ id: 'case:ack:5', label: 'Acknowledge' }] });
    fake.clear();
    const result = await adapter.update!({ platform: 'discord', ...sent }, { text: 'Case #5 — acknowledged' });
    expect(result).toBeUndefined();
    const patch = await fake.waitForCall('PATCH', new RegExp(`^/channels/${CLINIC}/messages/${sent.messageId}$`));
    expect(patch.body.content).toBe('Case #5 — acknowledged');
    expect(fake.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('WHEN the alert to update was deleted (10008) THEN it is posted anew and update() returns the new message, which later edits then reach', async () => {
    const sent = await adapter.send({ platform: 'discord', kind: 'clinicians' }, { text: 'Case #6 — open', choices: [{ id: 'case:ack:6', label: 'Acknowledge' }] });
    fake.messages.delete(sent.messageId); // someone deleted the alert in Discord
    fake.clear();
    const moved = await adapter.update!({ platform: 'discord', ...sent }, { text: 'Case #6 — acknowledged' });
    const repost = await fake.waitForCall('POST', new RegExp(`^/channels/${CLINIC}/messages$`));
    expect(repost.body.content).toBe('Case #6 — acknowledged');
    expect(moved).toEqual({ channelId: CLINIC, messageId: repost.response.id });
    expect(moved && moved.messageId).not.toBe(sent.messageId);
    // The next status change, aimed at the new message, is an edit again.
    fake.clear();
    expect(await adapter.update!({ platform: 'discord', ...moved! }, { text: 'Case #6 — resolved' })).toBeUndefined();
    await fake.waitForCall('PATCH', new RegExp(`^/channels/${CLINIC}/messages/${moved!.messageId}$`));
    expect(fake.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('WHEN an update fails for another reason THEN it throws for the outbox to retry and posts nothing', async () => {
    const sent = await adapter.send({ platform: 'discord', kind: 'clinicians' }, { text: 'Case #7 — open' });
    fake.clear();
    fake.fail({ method: 'PATCH', path: /\/channels\/\d+\/messages\/\d+$/, status: 500 });
    await expect(adapter.update!({ platform: 'discord', ...sent }, { text: 'Case #7 — acknowledged' })).rejects.toMatchObject({ kind: 'transient' });
    expect(fake.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('WHEN the DM is closed (50007) THEN send throws unreachable; a 500 is transient; a long 429 is rate_limited', async () => {
    fake.closedDms.add('200000000000000077');
    const to = { platform: 'discord' as const, kind: 'direct' as const, id: '200000000000000077' };
    await expect(adapter.send(to, { text: 'hi' })).rejects.toMatchObject({ kind: 'unreachable' });
    fake.fail({ method: 'POST', path: /\/channels\/\d+\/messages/, status: 500 });
    await expect(adapter.send({ platform: 'discord', kind: 'clinicians' }, { text: 'x' })).rejects.toMatchObject({ kind: 'transient' });
    fake.fail({
      method: 'POST',
      path: /\/channels\/\d+\/messages/,
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 30, global: false },
      headers: { 'retry-after': '30', 'x-ratelimit-scope': 'user', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '30', 'x-ratelimit-bucket': 'b1', 'x-ratelimit-limit': '5' },
    });
    const err = await adapter.send({ platform: 'discord', kind: 'clinicians' }, { text: 'y' }).catch((e) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({ kind: 'rate_limited' });
    expect(err.retryAfterMs).toBeGreaterThan(5000);
    fake.closedDms.delete('200000000000000077');
  });

  it('WHEN the gateway asks for a RECONNECT THEN the client RESUMEs and events sent meanwhile still arrive', async () => {
    expect(client?.isReady()).toBe(true);
    fake.requestReconnect();
    // Sent while the client is away: replayed on RESUME.
    const id = fake.sendDm(patient, 'during reconnect');
    await fake.waitFor(() => fake.gatewayOps.find((o) => o.op === 6), 'RESUME', 3000);
    const ev = await waitEvent((e) => e.id === id);
    expect(ev.text).toBe('during reconnect');
    expect(fake.identifyCount).toBe(1);
  });
});
