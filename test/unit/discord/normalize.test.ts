import { describe, expect, it } from 'vitest';
import { normalizeChoice, normalizeCommand, normalizeMessage, platformRoles, type NormalizeContext } from '../../../adapters/discord/normalize.js';

const ctx: NormalizeContext = {
  botUserId: 'B',
  guildId: 'G',
  admins: ['A'],
  clinicianRoleId: 'RC',
  facilitatorRoleId: 'RF',
  clinicianChannelId: 'CC',
  backupChannelId: 'CB',
};
const user = { id: 'U', name: 'river', bot: false };

describe('normalizeMessage', () => {
  it('GIVEN a DM THEN a direct conversation, not in a group', () => {
    const ev = normalizeMessage({ id: 'M1', guildId: null, channelId: 'D1', author: user, content: ' hi ' }, ctx);
    expect(ev).toEqual({
      id: 'M1',
      platform: 'discord',
      kind: 'message',
      text: 'hi',
      from: { platform: 'discord', userId: 'U', handle: 'river' },
      conversation: { platform: 'discord', kind: 'direct', id: 'U' },
      platformRoles: [],
    });
  });

  it('GIVEN a bot, the bot itself, or another guild THEN null', () => {
    expect(normalizeMessage({ id: 'M', guildId: null, channelId: 'D', author: { ...user, bot: true }, content: 'x' }, ctx)).toBeNull();
    expect(normalizeMessage({ id: 'M', guildId: null, channelId: 'D', author: { ...user, id: 'B' }, content: 'x' }, ctx)).toBeNull();
    expect(normalizeMessage({ id: 'M', guildId: 'OTHER', channelId: 'C', author: user, content: 'x' }, ctx)).toBeNull();
  });

  it('GIVEN a system message or no text THEN null', () => {
    expect(normalizeMessage({ id: 'M', guildId: 'G', channelId: 'C', author: user, content: 'x', type: 7 }, ctx)).toBeNull();
    expect(normalizeMessage({ id: 'M', guildId: 'G', channelId: 'C', author: user, content: `<@B>` }, ctx)).toBeNull();
  });

  it('GIVEN a thread post with a bot mention THEN the group channel with the thread, mention stripped, a group circle', () => {
    const ev = normalizeMessage({ id: 'M', guildId: 'G', channelId: 'T', parentId: 'C', author: { ...user, roleIds: ['RF'] }, content: '<@!B> hard day' }, ctx)!;
    expect(ev.conversation).toEqual({ platform: 'discord', kind: 'channel', id: 'C', threadId: 'T' });
    expect(ev.text).toBe('hard day');
    expect(ev.conversation.kind).toBe('channel');
    expect(ev.platformRoles).toEqual(['facilitator']);
    // addressed to the bot: a command, as a Slack app mention is
    expect(ev.viaCommand).toBe(true);
    const plain = normalizeMessage({ id: 'M2', guildId: 'G', channelId: 'T', parentId: 'C', author: user, content: 'hard day' }, ctx)!;
    expect(plain.viaCommand).toBeUndefined();
  });

  it('GIVEN mentions of a person and a channel WHEN normalised THEN the core gets its neutral @id and #id', () => {
    const ev = normalizeMessage({ id: 'M', guildId: null, channelId: 'D', author: user, content: 'grant <@!123456789012345678> clinician' }, ctx)!;
    expect(ev.text).toBe('grant @123456789012345678 clinician');
    const ch = normalizeMessage({ id: 'M2', guildId: null, channelId: 'D', author: user, content: 'group channel circle <#223456789012345678>' }, ctx)!;
    expect(ch.text).toBe('group channel circle #223456789012345678');
  });

  it('GIVEN the clinician or backup channel THEN the staff address, never a group', () => {
    const ev = normalizeMessage({ id: 'M', guildId: 'G', channelId: 'CC', author: user, content: 'cases' }, ctx)!;
    expect(ev.conversation).toEqual({ platform: 'discord', kind: 'clinicians' });
    expect(ev.conversation.kind).not.toBe('channel');
    expect(normalizeMessage({ id: 'M', guildId: 'G', channelId: 'CB', author: user, content: 'x' }, ctx)!.conversation.kind).toBe('backup');
  });

  it('GIVEN an edit THEN a distinct id per edit', () => {
    const ev = normalizeMessage({ id: 'M', guildId: null, channelId: 'D', author: user, content: 'x', editedAt: '2025-01-01T00:00:00.000Z' }, ctx, 'edit')!;
    expect(ev).toMatchObject({ kind: 'edit', id: 'M:edit:2025-01-01T00:00:00.000Z' });
  });
});

describe('platformRoles', () => {
  it('maps admins and roles', () => {
    expect(platformRoles('A', ['RC', 'RF'], ctx)).toEqual(['admin', 'clinician', 'facilitator']);
    expect(platformRoles('U', undefined, ctx)).toEqual([]);
    expect(platformRoles('U', ['RC'], { ...ctx, clinicianRoleId: undefined })).toEqual([]);
  });
});

describe('normalizeCommand and normalizeChoice', () => {
  it('GIVEN /note case:12 text:… THEN "note 12 …" via command', () => {
    const ev = normalizeCommand(
      { id: 'I', guildId: 'G', channelId: 'CC', user: { ...user, roleIds: ['RC'] }, name: 'note', options: [{ name: 'text', value: 'called' }, { name: 'case', value: 12 }] },
      ctx,
    )!;
    expect(ev).toMatchObject({ text: 'note 12 called', viaCommand: true, platformRoles: ['clinician'], conversation: { kind: 'clinicians' } });
  });

  it('GIVEN /summary person:<a mention> THEN the person is written as @id, as in a typed message', () => {
    const ev = normalizeCommand(
      { id: 'I', guildId: 'G', channelId: 'CC', user: { ...user, roleIds: ['RC'] }, name: 'summary', options: [{ name: 'person', value: '<@123456789012345678>' }] },
      ctx,
    )!;
    expect(ev.text).toBe('summary @123456789012345678');
  });

  it('GIVEN an unknown command THEN null', () => {
    expect(normalizeCommand({ id: 'I', guildId: null, channelId: 'D', user, name: 'nope', options: [] }, ctx)).toBeNull();
  });

  it('GIVEN a button THEN a choice with the message ref; a modal THEN fields', () => {
    expect(normalizeChoice({ id: 'I', guildId: null, channelId: 'D', user, choice: 'checkin:mood:7', messageId: 'M' }, ctx)).toMatchObject({
      kind: 'choice',
      choice: 'checkin:mood:7',
      messageRef: { platform: 'discord', channelId: 'D', messageId: 'M' },
    });
    expect(normalizeChoice({ id: 'I', guildId: null, channelId: 'D', user, choice: 'plan', fields: { a: 'b' } }, ctx)).toMatchObject({ fields: { a: 'b' } });
  });
});
