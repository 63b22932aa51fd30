// Pure functions from Slack payloads to the core's InboundEvent. No I/O, no
// Bolt imports: the shapes below are the few fields we read, so tests can
// feed plain objects and Slack's extra fields are ignored.
import type { Address, InboundEvent, MessageRef, Role } from '../../src/core/types.js';

export interface NormalizeContext {
  /** Slack user ids from SLACK_ADMINS: their events carry platformRoles ['admin']. */
  admins: ReadonlySet<string>;
  /** The bot's own user id, to strip `<@Ubot>` from mentions and ignore our own posts. */
  botUserId?: string;
  /**
   * SLACK_CLINICIAN_CHANNEL and SLACK_BACKUP_CHANNEL. Events there are the
   * clinicians' own work, addressed as `clinicians` / `backup` (never a group
   * circle, never screened as patient risk); plain chatter there is dropped.
   */
  clinicianChannel?: string;
  backupChannel?: string;
}

export interface SlackMessageEvent {
  type: string;
  subtype?: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  message?: { user?: string; text?: string; bot_id?: string; ts?: string; subtype?: string; thread_ts?: string };
  previous_message?: { text?: string };
}

export interface SlackEventEnvelope {
  event_id?: string;
  event?: unknown;
}

export interface SlackCommandPayload {
  command: string;
  text?: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  channel_name?: string;
  trigger_id: string;
}

export interface SlackAction {
  action_id: string;
  block_id?: string;
  type: string;
  value?: string;
  selected_option?: { value: string };
  action_ts?: string;
}

export interface SlackBlockActionsPayload {
  type: 'block_actions';
  trigger_id: string;
  user: { id: string; username?: string; name?: string };
  container?: { type: string; message_ts?: string; channel_id?: string; view_id?: string; is_ephemeral?: boolean };
  channel?: { id: string; name?: string };
  message?: { ts: string; text?: string; blocks?: { type: string; block_id?: string }[] };
  view?: { id: string; type: string };
  actions: SlackAction[];
}

export interface SlackViewSubmissionPayload {
  type: 'view_submission';
  trigger_id?: string;
  user: { id: string; username?: string; name?: string };
  view: {
    id: string;
    hash?: string;
    callback_id?: string;
    private_metadata?: string;
    state: { values: Record<string, Record<string, SlackInputValue>> };
  };
}

export interface SlackInputValue {
  type: string;
  value?: string | null;
  selected_date?: string | null;
  selected_time?: string | null;
  selected_date_time?: number | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
}

/** What we keep in a modal's private_metadata so its submission can find its way back. */
export interface FormMetadata {
  /** The choice id the form belongs to. */
  c: string;
  /** Channel and message the button was on (absent when pressed in App Home). */
  ch?: string;
  ts?: string;
  /** True when the button was in a DM. */
  dm?: boolean;
}

const MAX_ID = 255;

function roles(user: string, ctx: NormalizeContext): Role[] | undefined {
  return ctx.admins.has(user) ? ['admin'] : undefined;
}

function isDirectChannel(channelId: string | undefined, channelType?: string): boolean {
  if (channelType) return channelType === 'im';
  // Slack DM channel ids start with D; slash commands from a DM say channel_name 'directmessage'.
  return channelId !== undefined && channelId.startsWith('D');
}

/** The clinician or backup channel: the staff's own place, not a group circle. */
function staffAddress(channelId: string, ctx: NormalizeContext): Address | undefined {
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

function mentionsBot(text: string | undefined, ctx: NormalizeContext): boolean {
  return Boolean(ctx.botUserId && text?.includes(`<@${ctx.botUserId}`));
}

// Message subtypes that are a person's words: plain posts (no subtype), a post
// with an upload (its text), a thread reply also sent to the channel, `/me`.
const PERSON_SUBTYPES = new Set(['file_share', 'thread_broadcast', 'me_message']);

function base(id: string, user: string, handle: string | undefined, ctx: NormalizeContext) {
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

/**
 * A `message` event: a DM, or a post in a group channel the bot is in (or an
 * edit of either). Group posts become `channel` events, which
 * the core screens and otherwise leaves alone. Returns undefined for what we
 * deliberately ignore: our own and other bots' posts, joins, deletions and
 * other system subtypes, talk in the clinician and backup channels (the
 * clinicians' own conversation: it reaches the core through mentions, the
 * slash command and buttons only), and channel posts that mention the bot
 * (Slack sends those as `app_mention` too, which handles them as commands).
 */
export function normalizeMessage(
  envelope: SlackEventEnvelope,
  event: SlackMessageEvent,
  ctx: NormalizeContext,
): InboundEvent | undefined {
  if (event.type !== 'message' || !event.channel) return undefined;
  const direct = isDirectChannel(event.channel, event.channel_type);
  if (!direct && staffAddress(event.channel, ctx)) return undefined;
  const id = envelope.event_id ?? `${event.channel}:${event.ts}`;
  if (event.subtype === 'message_changed') {
    const m = event.message;
    if (!m || !m.user || m.bot_id || m.user === ctx.botUserId) return undefined;
    // Slack also sends message_changed when it unfurls a link or a thread gets a reply; the text is the same then.
    if (event.previous_message?.text === m.text) return undefined;
    const text = unescapeSlackText(direct ? (m.text ?? '') : stripBotMention(m.text ?? '', ctx.botUserId));
    if (!text.trim()) return undefined;
    const place = placeOf(event.channel, m.user, ctx, { channelType: event.channel_type, threadTs: m.thread_ts, ts: m.ts });
    return {
      ...base(id, m.user, undefined, ctx),
      kind: 'edit',
      conversation: place.conversation,
      text,
    };
  }
  if (event.subtype && !PERSON_SUBTYPES.has(event.subtype)) return undefined;
  if (!event.user || event.bot_id || event.user === ctx.botUserId) return undefined;
  if (!direct && mentionsBot(event.text, ctx)) return undefined;
  const text = unescapeSlackText(event.text ?? '');
  if (!text.trim()) return undefined;
  const place = placeOf(event.channel, event.user, ctx, { channelType: event.channel_type, threadTs: event.thread_ts, ts: event.ts });
  return {
    ...base(id, event.user, undefined, ctx),
    kind: 'message',
    conversation: place.conversation,
    text,
  };
}

/** `@Afterglow checkin` in a channel: a command addressed to the bot, answered in that channel. */
export function normalizeMention(
  envelope: SlackEventEnvelope,
  event: SlackMessageEvent,
  ctx: NormalizeContext,
): InboundEvent | undefined {
  if (!event.user || event.bot_id || event.user === ctx.botUserId || !event.channel) return undefined;
  const text = unescapeSlackText(stripBotMention(event.text ?? '', ctx.botUserId));
  if (!text) return undefined;
  const place = placeOf(event.channel, event.user, ctx, { threadTs: event.thread_ts, ts: event.ts });
  return {
    ...base(envelope.event_id ?? `${event.channel}:${event.ts}`, event.user, undefined, ctx),
    kind: 'message',
    conversation: place.conversation,
    text,
    viaCommand: true,
  };
}

/** `/afterglow <words>` from anywhere: the words are the command, exactly as typed in a DM. */
export function normalizeCommand(cmd: SlackCommandPayload, ctx: NormalizeContext): InboundEvent {
  const place =
    cmd.channel_name === 'directmessage'
      ? { conversation: { platform: 'slack', kind: 'direct', id: cmd.user_id } as Address }
      : placeOf(cmd.channel_id, cmd.user_id, ctx);
  const text = unescapeSlackText((cmd.text ?? '').trim()) || 'help';
  return {
    ...base(`cmd:${cmd.trigger_id}`, cmd.user_id, cmd.user_name, ctx),
    kind: 'message',
    conversation: place.conversation,
    text,
    viaCommand: true,
  };
}

/** The choice id a pressed element stands for: our buttons carry it as action_id. */
export function actionChoice(action: SlackAction): string {
  if (action.type === 'static_select' && action.selected_option) return action.selected_option.value;
  return action.action_id;
}

/** Where an interaction happened, as the core's Address, plus the message to update in place. */
export function interactionPlace(
  p: SlackBlockActionsPayload,
  ctx: NormalizeContext,
): { conversation: Address; messageRef?: MessageRef } {
  const channelId = p.container?.channel_id ?? p.channel?.id;
  const ts = p.container?.message_ts ?? p.message?.ts;
  if (!channelId || p.container?.type === 'view') {
    // Pressed in App Home (or a modal): answer in the person's DM.
    return { conversation: { platform: 'slack', kind: 'direct', id: p.user.id } };
  }
  const messageRef = ts ? { platform: 'slack' as const, channelId, messageId: ts } : undefined;
  // The button's own message is the place, not its thread: answers go to the channel.
  return { ...placeOf(channelId, p.user.id, ctx), ...(messageRef ? { messageRef } : {}) };
}

/** A button press or select. One InboundEvent per action (Slack sends one per payload in practice). */
export function normalizeBlockAction(p: SlackBlockActionsPayload, ctx: NormalizeContext): InboundEvent | undefined {
  const action = p.actions[0];
  if (!action) return undefined;
  const place = interactionPlace(p, ctx);
  return {
    ...base(`act:${p.trigger_id}`, p.user.id, p.user.username ?? p.user.name, ctx),
    kind: 'choice',
    conversation: place.conversation,
    choice: actionChoice(action),
    ...(place.messageRef ? { messageRef: place.messageRef } : {}),
  };
}

export function encodeFormMetadata(meta: FormMetadata): string {
  return JSON.stringify(meta);
}

export function decodeFormMetadata(raw: string | undefined): FormMetadata | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<FormMetadata>;
    return typeof v.c === 'string' ? (v as FormMetadata) : undefined;
  } catch {
    return undefined;
  }
}

/** One input's value as text: dates as YYYY-MM-DD, times as HH:MM, date-times as ISO 8601 UTC. */
export function inputValue(v: SlackInputValue): string | undefined {
  if (v.value != null) return v.value;
  if (v.selected_date != null) return v.selected_date;
  if (v.selected_time != null) return v.selected_time;
  if (v.selected_date_time != null) return new Date(v.selected_date_time * 1000).toISOString();
  if (v.selected_option != null) return v.selected_option.value;
  if (v.selected_options) return v.selected_options.map((o) => o.value).join(',');
  return undefined;
}

/**
 * A submitted modal: the choice of the button that opened it, with the typed
 * fields keyed by the FormSpec field ids (our input blocks use them as block_id).
 */
export function normalizeViewSubmission(p: SlackViewSubmissionPayload, ctx: NormalizeContext): InboundEvent | undefined {
  const meta = decodeFormMetadata(p.view.private_metadata);
  if (!meta) return undefined;
  const fields: Record<string, string> = {};
  for (const [blockId, byAction] of Object.entries(p.view.state.values)) {
    for (const value of Object.values(byAction)) {
      const text = inputValue(value);
      if (text !== undefined) fields[blockId] = text;
    }
  }
  const { conversation } =
    !meta.ch || meta.dm
      ? { conversation: { platform: 'slack', kind: 'direct', id: p.user.id } as Address }
      : placeOf(meta.ch, p.user.id, ctx);
  return {
    ...base(`view:${p.view.id}:${p.view.hash ?? p.trigger_id ?? ''}`, p.user.id, p.user.username ?? p.user.name, ctx),
    kind: 'choice',
    conversation,
    choice: meta.c,
    fields,
    ...(meta.ch && meta.ts ? { messageRef: { platform: 'slack' as const, channelId: meta.ch, messageId: meta.ts } } : {}),
  };
}

/** The person opened the bot's App Home tab: the core refreshes their home view. */
export function normalizeHomeOpened(
  envelope: SlackEventEnvelope,
  event: { user: string; tab?: string; event_ts?: string },
  ctx: NormalizeContext,
): InboundEvent | undefined {
  // app_home_opened also fires for the Messages tab; only the Home tab needs a view.
  if (event.tab && event.tab !== 'home') return undefined;
  return {
    ...base(envelope.event_id ?? `home:${event.user}:${event.event_ts ?? ''}`, event.user, undefined, ctx),
    kind: 'home',
    conversation: { platform: 'slack', kind: 'home', id: event.user },
  };
}
