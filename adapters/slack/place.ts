// Where a Slack event happened and who sent it, in the core's neutral terms,
// and the text as the person typed it (Slack's escapes and markup undone).
import type { Address, Role } from '../../src/core/types.js';
import type { NormalizeContext } from './payloads.js';

const MAX_ID = 255;

function roles(user: string, ctx: NormalizeContext): Role[] | undefined {
  return ctx.admins.has(user) ? ['admin'] : undefined;
}

export function isDirectChannel(channelId: string | undefined, channelType?: string): boolean {
  if (channelType) return channelType === 'im';
  // Slack DM channel ids start with D; slash commands from a DM say channel_name 'directmessage'.
  return channelId !== undefined && channelId.startsWith('D');
}

/** The clinician or backup channel: the staff's own place, not a group circle. */
export function staffAddress(channelId: string, ctx: NormalizeContext): Address | undefined {
  if (ctx.clinicianChannel && channelId === ctx.clinicianChannel) return { platform: 'slack', kind: 'clinicians' };
  if (ctx.backupChannel && channelId === ctx.backupChannel) return { platform: 'slack', kind: 'backup' };
  return undefined;
}

/**
 * Where an event in `channelId` happened, as the core addresses it: the
 * person's DM, the clinicians' or backup channel, or a group channel (with the
 * thread when it was in one): kind `channel` means a group circle.
 */
export function placeOf(
  channelId: string,
  user: string,
  ctx: NormalizeContext,
  o: { channelType?: string | undefined; threadTs?: string | undefined; ts?: string | undefined } = {},
): { conversation: Address } {
  if (isDirectChannel(channelId, o.channelType)) return { conversation: { platform: 'slack', kind: 'direct', id: user } };
  const staff = staffAddress(channelId, ctx);
  if (staff) return { conversation: staff };
  // A thread reply carries its parent's ts; a parent carries its own (thread_ts === ts).
  const threadId = o.threadTs && o.threadTs !== o.ts ? o.threadTs : undefined;
  return { conversation: { platform: 'slack', kind: 'channel', id: channelId, ...(threadId ? { threadId } : {}) } };
}

export function base(id: string, user: string, handle: string | undefined, ctx: NormalizeContext) {
  const platformRoles = roles(user, ctx);
  return {
    id: id.slice(0, MAX_ID),
    platform: 'slack' as const,
    from: { platform: 'slack' as const, userId: user, ...(handle ? { handle } : {}) },
    ...(platformRoles ? { platformRoles } : {}),
  };
}

/** Remove a leading `<@Ubot>` mention, Slack's way of addressing the bot in a channel. */
export function stripBotMention(text: string, botUserId?: string): string {
  const re = botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g') : /^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/;
  return text.replace(re, '').trim();
}

/**
 * Slack sends `&`, `<` and `>` escaped inside message text, and wraps links
 * as `<https://…|label>`. The core wants what the person typed, with people
 * and channels in the core's neutral form: `@<user id>`, `#<channel id>`.
 */
export function unescapeSlackText(text: string): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<#([CG][A-Z0-9]+)(?:\|[^>]*)?>/g, '#$1')
    .replace(/<(https?:\/\/[^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<(https?:\/\/[^>]+)>/g, '$1')
    .replace(/<mailto:[^|>]+\|([^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
