import { describe, expect, it } from 'vitest';
import {
  inputValue,
  normalizeBlockAction,
  normalizeCommand,
  normalizeHomeOpened,
  normalizeMention,
  normalizeMessage,
  normalizeViewSubmission,
  placeOf,
  stripBotMention,
  unescapeSlackText,
  type NormalizeContext,
} from '../../../adapters/slack/normalize.js';

const ctx: NormalizeContext = { admins: new Set(['UADMIN']), botUserId: 'UBOT', clinicianChannel: 'CCLIN', backupChannel: 'CBACK' };

describe('normalizeMessage', () => {
  it('GIVEN a DM THEN a direct message with the event id', () => {
    const e = normalizeMessage({ event_id: 'Ev1' }, { type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', text: 'hi', ts: '1.1' }, ctx);
    expect(e).toEqual({ id: 'Ev1', platform: 'slack', kind: 'message', from: { platform: 'slack', userId: 'U1' }, conversation: { platform: 'slack', kind: 'direct', id: 'U1' }, text: 'hi' });
  });
  it('GIVEN bot posts, own posts, deletions, empty text THEN undefined', () => {
    expect(normalizeMessage({}, { type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', bot_id: 'B', text: 'x' }, ctx)).toBeUndefined();
    expect(normalizeMessage({}, { type: 'message', channel: 'D1', channel_type: 'im', user: 'UBOT', text: 'x' }, ctx)).toBeUndefined();
    expect(normalizeMessage({}, { type: 'message', subtype: 'message_deleted', channel: 'D1', channel_type: 'im' }, ctx)).toBeUndefined();
    expect(normalizeMessage({}, { type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', text: '  ' }, ctx)).toBeUndefined();
  });
  it('GIVEN an unfurl (message_changed with same text) THEN ignored; a real edit THEN kind edit', () => {
    const base = { type: 'message', subtype: 'message_changed', channel: 'D1', channel_type: 'im' };
    expect(normalizeMessage({}, { ...base, message: { user: 'U1', text: 'a' }, previous_message: { text: 'a' } }, ctx)).toBeUndefined();
    expect(normalizeMessage({ event_id: 'E' }, { ...base, message: { user: 'U1', text: 'b' }, previous_message: { text: 'a' } }, ctx)).toMatchObject({ kind: 'edit', text: 'b' });
  });
  it('GIVEN a post in a group channel (public or private) THEN a group message in that channel (kind channel)', () => {
    const e = normalizeMessage({ event_id: 'Ev2' }, { type: 'message', channel: 'CGROUP', channel_type: 'channel', user: 'U1', text: 'rough week &amp; more', ts: '5.1' }, ctx);
    expect(e).toEqual({
      id: 'Ev2', platform: 'slack', kind: 'message', from: { platform: 'slack', userId: 'U1' },
      conversation: { platform: 'slack', kind: 'channel', id: 'CGROUP' }, text: 'rough week & more',
    });
    expect(normalizeMessage({ event_id: 'Ev3' }, { type: 'message', channel: 'GPRIV', channel_type: 'group', user: 'U1', text: 'x', ts: '5.2' }, ctx)).toMatchObject({ conversation: { kind: 'channel', id: 'GPRIV' } });
    expect(e?.viaCommand).toBeUndefined(); // chatter, not a command: the core screens it and stays quiet
  });
  it('GIVEN a thread reply or a thread broadcast in a group channel THEN the thread is kept; a thread parent is the channel', () => {
    const reply = { type: 'message', channel: 'CGROUP', channel_type: 'channel', user: 'U1', text: 'x', ts: '6.2', thread_ts: '6.1' };
    expect(normalizeMessage({ event_id: 'E' }, reply, ctx)?.conversation).toEqual({ platform: 'slack', kind: 'channel', id: 'CGROUP', threadId: '6.1' });
    expect(normalizeMessage({ event_id: 'E' }, { ...reply, subtype: 'thread_broadcast' }, ctx)).toMatchObject({ kind: 'message', conversation: { kind: 'channel', threadId: '6.1' } });
    expect(normalizeMessage({ event_id: 'E' }, { ...reply, ts: '6.1' }, ctx)?.conversation).toEqual({ platform: 'slack', kind: 'channel', id: 'CGROUP' });
  });
  it('GIVEN an upload with text or a /me post THEN screened like any post; system subtypes and bots THEN undefined', () => {
    const post = { type: 'message', channel: 'CGROUP', channel_type: 'channel', user: 'U1', text: 'words', ts: '7.1' };
    expect(normalizeMessage({ event_id: 'E' }, { ...post, subtype: 'file_share' }, ctx)).toMatchObject({ text: 'words', conversation: { kind: 'channel' } });
    expect(normalizeMessage({ event_id: 'E' }, { ...post, subtype: 'me_message' }, ctx)).toMatchObject({ text: 'words', conversation: { kind: 'channel' } });
    for (const subtype of ['channel_join', 'channel_topic', 'bot_message', 'message_deleted', 'pinned_item', 'message_replied']) {
      expect(normalizeMessage({ event_id: 'E' }, { ...post, subtype }, ctx)).toBeUndefined();
    }
    expect(normalizeMessage({ event_id: 'E' }, { ...post, bot_id: 'B2' }, ctx)).toBeUndefined();
    expect(normalizeMessage({ event_id: 'E' }, { ...post, user: 'UBOT' }, ctx)).toBeUndefined();
  });
  it('GIVEN a group post that mentions the bot THEN undefined: app_mention delivers it as a command (screened there), never twice', () => {
    expect(normalizeMessage({ event_id: 'E' }, { type: 'message', channel: 'CGROUP', channel_type: 'channel', user: 'U1', text: '<@UBOT> checkin', ts: '8.1' }, ctx)).toBeUndefined();
    // In a DM there is no app_mention: the message itself is the event.
    expect(normalizeMessage({ event_id: 'E' }, { type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', text: '<@UBOT> checkin', ts: '8.2' }, ctx)).toMatchObject({ kind: 'message' });
  });
  it('GIVEN an edit in a group channel THEN a group edit (mention stripped, thread kept)', () => {
    const e = normalizeMessage(
      { event_id: 'E9' },
      { type: 'message', subtype: 'message_changed', channel: 'CGROUP', channel_type: 'channel', ts: '9.9', message: { user: 'U1', text: '<@UBOT> I want to die', ts: '9.2', thread_ts: '9.1' }, previous_message: { text: 'fine' } },
      ctx,
    );
    expect(e).toMatchObject({ kind: 'edit', text: 'I want to die', conversation: { kind: 'channel', id: 'CGROUP', threadId: '9.1' } });
  });
  it('GIVEN talk in the clinician or backup channel (posts and edits) THEN undefined: the clinicians\' own conversation', () => {
    for (const channel of ['CCLIN', 'CBACK']) {
      expect(normalizeMessage({ event_id: 'E' }, { type: 'message', channel, channel_type: 'group', user: 'U1', text: 'she said she wants to kill herself', ts: '1.1' }, ctx)).toBeUndefined();
      expect(normalizeMessage({ event_id: 'E' }, { type: 'message', subtype: 'message_changed', channel, channel_type: 'group', message: { user: 'U1', text: 'b' }, previous_message: { text: 'a' } }, ctx)).toBeUndefined();
    }
  });
  it('GIVEN an admin THEN platformRoles admin', () => {
    expect(normalizeMessage({ event_id: 'E' }, { type: 'message', channel: 'D1', channel_type: 'im', user: 'UADMIN', text: 'x' }, ctx)?.platformRoles).toEqual(['admin']);
  });
  it('unescapes Slack text and links', () => {
    expect(unescapeSlackText('a &lt;3 &amp; <https://x.org|x.org> <https://y.org>')).toBe('a <3 & x.org https://y.org');
  });
  it('GIVEN mentions of a person and a channel WHEN normalised THEN the core gets its neutral @id and #id, and typed brackets stay text', () => {
    expect(unescapeSlackText('grant <@U04ABC|river> clinician')).toBe('grant @U04ABC clinician');
    expect(unescapeSlackText('group channel circle <#C0CIRCLE|thursday-circle>')).toBe('group channel circle #C0CIRCLE');
    expect(unescapeSlackText('summary <@W0XYZ>')).toBe('summary @W0XYZ');
    expect(unescapeSlackText('i typed &lt;@U04ABC&gt; myself')).toBe('i typed <@U04ABC> myself');
  });
});

describe('mentions and commands', () => {
  it('GIVEN @bot in a channel THEN a command in that channel, mention stripped', () => {
    const e = normalizeMention({ event_id: 'E' }, { type: 'app_mention', channel: 'C1', user: 'U1', text: '<@UBOT> cases', ts: '1' }, ctx);
    expect(e).toMatchObject({ text: 'cases', viaCommand: true, conversation: { kind: 'channel', id: 'C1' } });
    expect(stripBotMention('<@UBOT|afterglow>  ack 3', 'UBOT')).toBe('ack 3');
  });
  it('GIVEN @bot or /afterglow in the clinician or backup channel THEN addressed to clinicians / backup, not a group', () => {
    const m = normalizeMention({ event_id: 'E' }, { type: 'app_mention', channel: 'CCLIN', user: 'U1', text: '<@UBOT> she said she wants to kill herself', ts: '1', thread_ts: '0.5' }, ctx);
    expect(m).toMatchObject({ text: 'she said she wants to kill herself', viaCommand: true, conversation: { platform: 'slack', kind: 'clinicians' } });
    expect(m?.conversation.kind).not.toBe('channel');
    const c = normalizeCommand({ command: '/afterglow', text: 'cases', user_id: 'U1', channel_id: 'CBACK', channel_name: 'backup', trigger_id: 't' }, ctx);
    expect(c).toMatchObject({ conversation: { platform: 'slack', kind: 'backup' } });
    expect(c.conversation.kind).not.toBe('channel');
    expect(normalizeCommand({ command: '/afterglow', text: 'help', user_id: 'U1', channel_id: 'CGROUP', channel_name: 'circle', trigger_id: 't2' }, ctx)).toMatchObject({ conversation: { kind: 'channel', id: 'CGROUP' } });
  });
  it('placeOf: without configured staff channels every non-DM channel is a group', () => {
    expect(placeOf('CCLIN', 'U1', { admins: new Set() })).toEqual({ conversation: { platform: 'slack', kind: 'channel', id: 'CCLIN' } });
    expect(placeOf('D1', 'U1', ctx)).toEqual({ conversation: { platform: 'slack', kind: 'direct', id: 'U1' } });
  });
  it('GIVEN /afterglow with no words THEN help', () => {
    const e = normalizeCommand({ command: '/afterglow', text: '', user_id: 'U1', channel_id: 'D1', channel_name: 'directmessage', trigger_id: 't' }, ctx);
    expect(e).toMatchObject({ id: 'cmd:t', text: 'help', conversation: { kind: 'direct', id: 'U1' } });
  });
});

describe('interactions', () => {
  const press = (container: Record<string, unknown>) => ({
    type: 'block_actions' as const, trigger_id: 't1', user: { id: 'U1', username: 'sam' }, container: container as never,
    actions: [{ action_id: 'checkin:mood:3', type: 'button', value: 'checkin:mood:3' }],
  });
  it('GIVEN a press in a DM THEN direct conversation with messageRef', () => {
    expect(normalizeBlockAction(press({ type: 'message', channel_id: 'D1', message_ts: '1.2' }), ctx)).toMatchObject({
      kind: 'choice', choice: 'checkin:mood:3', conversation: { kind: 'direct', id: 'U1' }, messageRef: { channelId: 'D1', messageId: '1.2' }, from: { handle: 'sam' },
    });
  });
  it('GIVEN a press on an alert in the clinician channel THEN the clinicians conversation, with the alert to update', () => {
    const e = normalizeBlockAction(press({ type: 'message', channel_id: 'CCLIN', message_ts: '3.3' }), ctx);
    expect(e).toMatchObject({ conversation: { platform: 'slack', kind: 'clinicians' }, messageRef: { channelId: 'CCLIN', messageId: '3.3' } });
    expect(e?.conversation.kind).not.toBe('channel');
    expect(normalizeBlockAction(press({ type: 'message', channel_id: 'CGROUP', message_ts: '3.4' }), ctx)).toMatchObject({ conversation: { kind: 'channel', id: 'CGROUP' } });
  });
  it('GIVEN a press in App Home THEN answered in the DM, no messageRef', () => {
    const e = normalizeBlockAction(press({ type: 'view', view_id: 'V1' }), ctx);
    expect(e?.conversation).toEqual({ platform: 'slack', kind: 'direct', id: 'U1' });
    expect(e?.messageRef).toBeUndefined();
  });
  it('GIVEN a modal submission with pickers THEN fields as text', () => {
    const e = normalizeViewSubmission(
      {
        type: 'view_submission', user: { id: 'UF' },
        view: {
          id: 'V1', hash: 'h', private_metadata: JSON.stringify({ c: 'group:schedule', ch: 'CG', ts: '5.5' }),
          state: { values: { day: { value: { type: 'datepicker', selected_date: '2026-02-01' } }, at: { value: { type: 'timepicker', selected_time: '09:30' } }, text: { value: { type: 'plain_text_input', value: 'Breathe' } } } },
        },
      },
      ctx,
    );
    expect(e).toMatchObject({ kind: 'choice', choice: 'group:schedule', fields: { day: '2026-02-01', at: '09:30', text: 'Breathe' }, conversation: { kind: 'channel', id: 'CG' }, messageRef: { channelId: 'CG', messageId: '5.5' } });
  });
  it('GIVEN a modal opened from an alert in the clinician channel THEN its submission is clinicians\' work', () => {
    const e = normalizeViewSubmission(
      { type: 'view_submission', user: { id: 'UC' }, view: { id: 'V2', hash: 'h', private_metadata: JSON.stringify({ c: 'case:note:4', ch: 'CCLIN', ts: '4.4' }), state: { values: { note: { value: { type: 'plain_text_input', value: 'she said she wants to kill herself; called her' } } } } } },
      ctx,
    );
    expect(e).toMatchObject({ conversation: { platform: 'slack', kind: 'clinicians' }, messageRef: { channelId: 'CCLIN', messageId: '4.4' } });
    expect(e?.conversation.kind).not.toBe('channel');
  });
  it('GIVEN a submission without our metadata THEN undefined', () => {
    expect(normalizeViewSubmission({ type: 'view_submission', user: { id: 'U' }, view: { id: 'V', state: { values: {} } } }, ctx)).toBeUndefined();
  });
  it('inputValue reads every input kind', () => {
    expect(inputValue({ type: 'datetimepicker', selected_date_time: 1767225600 })).toBe('2026-01-01T00:00:00.000Z');
    expect(inputValue({ type: 'plain_text_input', value: null })).toBeUndefined();
  });
  it('GIVEN app_home_opened on the Messages tab THEN ignored', () => {
    expect(normalizeHomeOpened({}, { user: 'U1', tab: 'messages' }, ctx)).toBeUndefined();
    expect(normalizeHomeOpened({ event_id: 'E' }, { user: 'U1', tab: 'home' }, ctx)).toMatchObject({ kind: 'home', conversation: { kind: 'home', id: 'U1' } });
  });
});
