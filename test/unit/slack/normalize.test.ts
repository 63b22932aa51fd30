import { describe, expect, it } from 'vitest';
import {
  inputValue,
  normalizeBlockAction,
  normalizeCommand,
  normalizeHomeOpened,
  normalizeMention,
  normalizeMessage,
  normalizeViewSubmission,
  stripBotMention,
  unescapeSlackText,
  type NormalizeContext,
} from '../../../adapters/slack/normalize';

const ctx: NormalizeContext = { admins: new Set(['UADMIN']), botUserId: 'UBOT' };

describe('normalizeMessage', () => {
  it('GIVEN a DM THEN a direct message with the event id', () => {
    const e = normalizeMessage({ event_id: 'Ev1' }, { type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', text: 'hi', ts: '1.1' }, ctx);
    expect(e).toEqual({ id: 'Ev1', platform: 'slack', kind: 'message', from: { platform: 'slack', userId: 'U1' }, conversation: { platform: 'slack', kind: 'direct', id: 'U1' }, text: 'hi' });
  });
  it('GIVEN channel messages, bot posts, own posts, deletions THEN undefined', () => {
    expect(normalizeMessage({}, { type: 'message', channel: 'C1', channel_type: 'channel', user: 'U1', text: 'x' }, ctx)).toBeUndefined();
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
  it('GIVEN an admin THEN platformRoles admin', () => {
    expect(normalizeMessage({ event_id: 'E' }, { type: 'message', channel: 'D1', channel_type: 'im', user: 'UADMIN', text: 'x' }, ctx)?.platformRoles).toEqual(['admin']);
  });
  it('unescapes Slack text and links', () => {
    expect(unescapeSlackText('a &lt;3 &amp; <https://x.org|x.org> <https://y.org>')).toBe('a <3 & x.org https://y.org');
  });
});

describe('mentions and commands', () => {
  it('GIVEN @bot in a channel THEN a command in that channel, mention stripped', () => {
    const e = normalizeMention({ event_id: 'E' }, { type: 'app_mention', channel: 'C1', user: 'U1', text: '<@UBOT> cases', ts: '1' }, ctx);
    expect(e).toMatchObject({ text: 'cases', viaCommand: true, inGroup: true, conversation: { kind: 'channel', id: 'C1' } });
    expect(stripBotMention('<@UBOT|afterglow>  ack 3', 'UBOT')).toBe('ack 3');
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
