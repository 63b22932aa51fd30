// Pure functions: plain facts pulled out of discord.js objects → InboundEvent.
// No discord.js classes here, so every rule (bots ignored, other guilds ignored,
// role mapping, thread addressing) is unit-tested without a connection.
import type { Address, InboundEvent, Role } from '../../src/core/types.js';
import { commandToText, type InvokedCommand } from './commands.js';

export interface NormalizeContext {
  botUserId: string;
  guildId: string;
  admins: readonly string[];
  clinicianRoleId?: string | undefined;
  facilitatorRoleId?: string | undefined;
  /** Posts here are the clinicians' own conversation: addressed as `clinicians`, never screened as a group. */
  clinicianChannelId?: string | undefined;
  backupChannelId?: string | undefined;
}

/** Where something happened. */
export interface RawPlace {
  /** null for a DM. */
  guildId: string | null;
  channelId: string;
  /** For a thread: its parent channel. */
  parentId?: string | null;
}

export interface RawAuthor {
  id: string;
  name: string;
  bot: boolean;
  /** Role ids (guild member roles; for DMs the roles fetched from the guild, if any). */
  roleIds?: readonly string[];
}

export interface RawMessage extends RawPlace {
  id: string;
  author: RawAuthor;
  content: string;
  /** For edits: when it was edited (keeps each edit a distinct delivery). */
  editedAt?: string | null;
  /** Discord's system messages (joins, pins) have type ≠ 0/19. */
  type?: number;
}

export function platformRoles(userId: string, roleIds: readonly string[] | undefined, ctx: NormalizeContext): Role[] {
  const roles: Role[] = [];
  if (ctx.admins.includes(userId)) roles.push('admin');
  if (ctx.clinicianRoleId && roleIds?.includes(ctx.clinicianRoleId)) roles.push('clinician');
  if (ctx.facilitatorRoleId && roleIds?.includes(ctx.facilitatorRoleId)) roles.push('facilitator');
  return roles;
}

/** Whether an event from this place and author should reach the core at all. */
export function accepted(place: RawPlace, author: RawAuthor, ctx: NormalizeContext): boolean {
  if (author.bot || author.id === ctx.botUserId) return false;
  if (place.guildId !== null && place.guildId !== ctx.guildId) return false;
  return true;
}

export function conversationOf(place: RawPlace, author: RawAuthor, ctx: NormalizeContext): Address {
  if (place.guildId === null) return { platform: 'discord', kind: 'direct', id: author.id };
  if (isStaffChannel(place, ctx)) {
    return place.channelId === ctx.clinicianChannelId || place.parentId === ctx.clinicianChannelId
      ? { platform: 'discord', kind: 'clinicians' }
      : { platform: 'discord', kind: 'backup' };
  }
  if (place.parentId) return { platform: 'discord', kind: 'channel', id: place.parentId, threadId: place.channelId };
  return { platform: 'discord', kind: 'channel', id: place.channelId };
}

function isStaffChannel(place: RawPlace, ctx: NormalizeContext): boolean {
  const ids = [ctx.clinicianChannelId, ctx.backupChannelId].filter(Boolean);
  return ids.includes(place.channelId) || (!!place.parentId && ids.includes(place.parentId));
}

function base(id: string, place: RawPlace, author: RawAuthor, ctx: NormalizeContext): Omit<InboundEvent, 'kind'> {
  return {
    id,
    platform: 'discord',
    from: { platform: 'discord', userId: author.id, handle: author.name },
    conversation: conversationOf(place, author, ctx),
    platformRoles: platformRoles(author.id, author.roleIds, ctx),
  };
}

/** People and channels in the core's neutral form: `<@!id>` -> `@id`, `<#id>` -> `#id`. */
function neutralMentions(text: string): string {
  return text.replace(/<@!?(\d{5,25})>/g, '@$1').replace(/<#(\d{5,25})>/g, '#$1');
}

/** Strip a leading mention of the bot (`<@id>` or `<@!id>`), as people address bots in channels. */
export function stripBotMention(content: string, botUserId: string): string {
  return neutralMentions(content.replace(new RegExp(`^\\s*<@!?${botUserId}>\\s*`), '')).trim();
}

export function normalizeMessage(raw: RawMessage, ctx: NormalizeContext, kind: 'message' | 'edit' = 'message'): InboundEvent | null {
  if (!accepted(raw, raw.author, ctx)) return null;
  if (raw.type !== undefined && raw.type !== 0 && raw.type !== 19) return null; // joins, pins, …
  const text = stripBotMention(raw.content, ctx.botUserId);
  if (!text) return null; // attachments only, stickers, or content we cannot see
  const id = kind === 'edit' ? `${raw.id}:edit:${raw.editedAt ?? ''}` : raw.id;
  // A message that starts by addressing the bot is a command, as a Slack app
  // mention is: "@Afterglow checkin" in a circle channel gets an answer.
  const addressed = text !== raw.content.trim();
  return { ...base(id, raw, raw.author, ctx), kind, text, ...(addressed ? { viaCommand: true } : {}) };
}

export interface RawCommand extends RawPlace, InvokedCommand {
  id: string;
  user: RawAuthor;
}

export function normalizeCommand(raw: RawCommand, ctx: NormalizeContext): InboundEvent | null {
  if (!accepted(raw, raw.user, ctx)) return null;
  const typed = commandToText(raw);
  if (!typed) return null;
  const text = neutralMentions(typed);
  return { ...base(raw.id, raw, raw.user, ctx), kind: 'message', text, viaCommand: true };
}

export interface RawComponent extends RawPlace {
  id: string;
  user: RawAuthor;
  /** The core's choice id (custom_id, or the picked value of a select, already de-aliased). */
  choice: string;
  /** The message the component was on. */
  messageId?: string | null;
  /** For a modal submit: field id → value. */
  fields?: Record<string, string>;
}

export function normalizeChoice(raw: RawComponent, ctx: NormalizeContext): InboundEvent | null {
  if (!accepted(raw, raw.user, ctx)) return null;
  const event: InboundEvent = { ...base(raw.id, raw, raw.user, ctx), kind: 'choice', choice: raw.choice };
  if (raw.messageId) event.messageRef = { platform: 'discord', channelId: raw.channelId, messageId: raw.messageId };
  if (raw.fields) event.fields = raw.fields;
  return event;
}
