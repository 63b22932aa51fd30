// Pure functions from Slack's message, mention, slash-command and App Home
// events to the core's InboundEvent. No I/O, no Bolt imports. Buttons and
// modals are in normalize-interactions.ts; the payload shapes in payloads.ts.
import type { Address, InboundEvent } from '../../src/core/types.js';
import type { NormalizeContext, SlackCommandPayload, SlackEventEnvelope, SlackMessageEvent } from './payloads.js';
import { base, isDirectChannel, placeOf, staffAddress, stripBotMention, unescapeSlackText } from './place.js';

function mentionsBot(text: string | undefined, ctx: NormalizeContext): boolean {
  return Boolean(ctx.botUserId && text?.includes(`<@${ctx.botUserId}`));
}

// Message subtypes that are a person's words: plain posts (no subtype), a post
// with an upload (its text), a thread reply also sent to the channel, `/me`.
const PERSON_SUBTYPES = new Set(['file_share', 'thread_broadcast', 'me_message']);

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
