// Receiving: pull plain facts out of discord.js's messages and interactions
// for normalize.ts, acknowledge interactions at once (Discord allows 3 s),
// and hand the event to the core without awaiting it.
import { Routes, type Interaction, type Message, type PartialMessage } from 'discord.js';
import { BoundedMap } from '../../src/core/bounded-map.js';
import type { InboundEvent } from '../../src/core/types.js';
import { errorFacts, isDiscordCode } from './errors.js';
import { EPHEMERAL } from './interactions.js';
import { normalizeChoice, normalizeCommand, normalizeMessage, type NormalizeContext, type RawAuthor } from './normalize.js';
import { renderModal } from './render.js';
import type { DiscordSenderDeps } from './send.js';

const ROLE_CACHE_MS = 5 * 60 * 1000;

/** The same shared parts the sender has, plus what only receiving needs. */
export interface DiscordReceiverDeps extends DiscordSenderDeps {
  /** Known once the client is ready. */
  nctx: () => NormalizeContext;
  deliver: (event: InboundEvent) => void;
}

export function createDiscordReceiver(deps: DiscordReceiverDeps) {
  const { config, log, rest, interactions } = deps;
  const roleCache = new BoundedMap<string, string[]>({ max: 5000, ttlMs: ROLE_CACHE_MS });

  /** Role ids of a guild member (DMs carry none), cached for a few minutes. */
  async function memberRoles(userId: string): Promise<string[]> {
    if (!config.clinicianRoleId && !config.facilitatorRoleId) return [];
    const cached = roleCache.get(userId);
    if (cached) return cached;
    let roles: string[] = [];
    try {
      const member = (await rest().get(Routes.guildMember(config.guildId, userId))) as { roles?: string[] };
      roles = member.roles ?? [];
    } catch (err) {
      if (!isDiscordCode(err, 10007, 10013)) log.warn(errorFacts(err), 'discord member lookup failed');
    }
    roleCache.set(userId, roles);
    return roles;
  }

  function author(user: { id: string; username: string; globalName?: string | null; bot: boolean }, roleIds?: string[]): RawAuthor {
    return { id: user.id, name: user.globalName ?? user.username, bot: user.bot, ...(roleIds ? { roleIds } : {}) };
  }

  async function onMessage(m: Message | PartialMessage, kind: 'message' | 'edit'): Promise<void> {
    if (m.partial || !m.author) return; // an edit we cannot read
    if (m.author.bot) return;
    const isDm = m.guildId === null;
    const channel = m.channel;
    const parentId = channel && 'isThread' in channel && channel.isThread() ? channel.parentId : null;
    const roleIds = isDm ? await memberRoles(m.author.id) : [...(m.member?.roles.cache.keys() ?? [])];
    const event = normalizeMessage(
      {
        id: m.id,
        guildId: m.guildId,
        channelId: m.channelId,
        parentId,
        type: m.type,
        author: author(m.author, roleIds),
        content: m.content ?? '',
        editedAt: m.editedAt?.toISOString() ?? null,
      },
      deps.nctx(),
      kind,
    );
    if (!event) return;
    if (isDm) deps.dmChannels.set(m.author.id, m.channelId);
    deps.deliver(event);
  }

  async function onInteraction(i: Interaction): Promise<void> {
    if (i.user.bot) return;
    if (i.guildId !== null && i.guildId !== config.guildId) return;
    const roleIds =
      i.guildId === null
        ? undefined
        : Array.isArray(i.member?.roles)
          ? (i.member.roles as string[])
          : [...(i.member?.roles.cache.keys() ?? [])];
    const place = {
      guildId: i.guildId,
      channelId: i.channelId ?? '',
      parentId: i.channel && 'isThread' in i.channel && i.channel.isThread() ? i.channel.parentId : null,
    };
    const user = async () => author(i.user, roleIds ?? (await memberRoles(i.user.id)));
    const deferReply = { type: 5, data: { flags: i.guildId !== null ? EPHEMERAL : 0 } };

    if (i.isChatInputCommand()) {
      // Answer within 3 s: a deferred reply now, the core's words as its edit later.
      interactions.remember(i, 'reply', interactions.callback(i.id, i.token, deferReply));
      const options = i.options.data[0]?.type === 1 ? (i.options.data[0].options ?? []) : i.options.data;
      const event = normalizeCommand(
        {
          ...place,
          id: i.id,
          user: await user(),
          name: i.commandName,
          subcommand: i.options.getSubcommand(false),
          options: options.map((o) => ({ name: o.name, value: o.value ?? '' })),
        },
        deps.nctx(),
      );
      if (event) deps.deliver(event);
      return;
    }

    if (i.isButton() || i.isStringSelectMenu()) {
      const customId = i.isStringSelectMenu() ? (i.values[0] ?? '') : i.customId;
      const choice = deps.aliases.get(customId) ?? customId;
      const form = i.isButton() ? deps.forms.get(choice) : undefined;
      if (form) {
        // The modal must be the first and only response to the press.
        await interactions.callback(i.id, i.token, { type: 9, data: renderModal(customId, form) });
        return;
      }
      interactions.remember(i, 'update', interactions.callback(i.id, i.token, { type: 6 }), i.message.id);
      const event = normalizeChoice({ ...place, id: i.id, user: await user(), choice, messageId: i.message.id }, deps.nctx());
      if (event) deps.deliver(event);
      return;
    }

    if (i.isModalSubmit()) {
      const fromMessage = i.isFromMessage();
      const acked = interactions.callback(i.id, i.token, fromMessage ? { type: 6 } : deferReply);
      interactions.remember(i, fromMessage ? 'update' : 'reply', acked, fromMessage ? i.message.id : undefined);
      const fields: Record<string, string> = {};
      for (const [id, field] of i.fields.fields) if ('value' in field && typeof field.value === 'string') fields[id] = field.value;
      const event = normalizeChoice(
        {
          ...place,
          id: i.id,
          user: await user(),
          choice: deps.aliases.get(i.customId) ?? i.customId,
          messageId: fromMessage ? i.message.id : null,
          fields,
        },
        deps.nctx(),
      );
      if (event) deps.deliver(event);
    }
  }

  return { onMessage, onInteraction };
}
