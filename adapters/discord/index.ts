// The Discord adapter: transport only. discord.js keeps the gateway connection
// (heartbeats, RECONNECT/RESUME, rate-limit buckets); this file pulls plain facts
// out of its events for normalize.ts, acknowledges interactions at once, and
// sends what render.ts produces through discord.js's REST client.
import {
  Client,
  DiscordAPIError,
  GatewayIntentBits,
  Partials,
  RateLimitError,
  Routes,
  type Interaction,
  type Message,
  type PartialMessage,
  type RESTOptions,
} from 'discord.js';
import type { DiscordConfig } from '../../src/config';
import type { Adapter } from '../../src/core/adapter';
import { BoundedMap } from '../../src/core/bounded-map';
import { CodedError, DeliveryError } from '../../src/core/errors';
import type { Logger } from '../../src/core/logger';
import type { Address, FormSpec, InboundEvent, MessageRef, OutboundMessage, SendResult } from '../../src/core/types';
import { registerCommands, restBase } from './commands';
import { normalizeChoice, normalizeCommand, normalizeMessage, type NormalizeContext, type RawAuthor } from './normalize';
import { renderMessage, renderModal, type MessageBody } from './render';

export { registerCommands, commandDefinitions, commandToText } from './commands';

export interface DiscordAdapterOptions {
  logger: Logger;
  /** Extra discord.js REST options (tests: `{ globalRequestsPerSecond: 10000, retries: 0 }`). */
  rest?: Partial<RESTOptions>;
  /** Register slash commands for the guild at start (default true). */
  registerCommandsOnStart?: boolean;
  /** How long an interaction token may be used (Discord: 15 minutes). */
  interactionTtlMs?: number;
  /** Bounds on the in-memory maps. */
  maxPendingInteractions?: number;
  maxForms?: number;
  /** Test hook: the discord.js client once created (to watch errors and shard events). */
  onClient?: (client: Client) => void;
}

const EPHEMERAL = 64;
const INTERACTION_TTL_MS = 15 * 60 * 1000 - 30_000; // a margin before Discord's 15 minutes
const ROLE_CACHE_MS = 5 * 60 * 1000;

interface PendingInteraction {
  id: string;
  token: string;
  applicationId: string;
  /** reply: deferred with a "thinking" reply (slash command, modal); update: a component press. */
  mode: 'reply' | 'update';
  /** Answers through this interaction stay private (any interaction in the server). */
  ephemeral: boolean;
  userId: string;
  channelId: string;
  isDm: boolean;
  /** The message a component was on (mode update). */
  messageId: string | undefined;
  /** Whether @original (the deferred reply) has been filled in. */
  originalUsed: boolean;
  expiresAt: number;
  /** Resolves true once Discord accepted the acknowledgement. */
  acked: Promise<boolean>;
}

/** Map a REST failure to what the outbox dispatcher should do. */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof RateLimitError) {
    return new DeliveryError('rate_limited', `discord rate limited (${err.route})`, {
      retryAfterMs: Math.max(err.timeToReset, err.retryAfter ?? 0, 1000),
    });
  }
  if (err instanceof DiscordAPIError) {
    // 50007: the user closed DMs or left the server; 10013: unknown user.
    if (err.code === 50007 || err.code === 10013) {
      return new DeliveryError('unreachable', `discord refused delivery (code ${err.code})`);
    }
    if (err.status === 429) return new DeliveryError('rate_limited', 'discord rate limited', { retryAfterMs: 1000 });
    return new DeliveryError('transient', `discord API error ${err.status} (code ${err.code})`);
  }
  const status = (err as { status?: number } | undefined)?.status;
  if (status === 429) return new DeliveryError('rate_limited', 'discord rate limited', { retryAfterMs: 1000 });
  // Never put the error's message in ours: discord.js errors carry the request body.
  return new DeliveryError('transient', `discord request failed${status ? ` (${status})` : ''}`);
}

function errorFacts(err: unknown): Record<string, unknown> {
  if (err instanceof DiscordAPIError) return { status: err.status, discordCode: err.code };
  if (err instanceof RateLimitError) return { rateLimited: true, timeToReset: err.timeToReset };
  if (err instanceof CodedError) return { code: err.code };
  return { error: (err as Error | undefined)?.name ?? 'unknown' };
}

function isDiscordCode(err: unknown, ...codes: number[]): boolean {
  return err instanceof DiscordAPIError && typeof err.code === 'number' && codes.includes(err.code);
}

export function createDiscordAdapter(config: DiscordConfig, options: DiscordAdapterOptions): Adapter {
  const log = options.logger.child({ adapter: 'discord' });
  const ttl = options.interactionTtlMs ?? INTERACTION_TTL_MS;
  // Interactions we may still answer, by interaction id; gone when the token lapses.
  const pending = new BoundedMap<string, PendingInteraction>({ max: options.maxPendingInteractions ?? 1000, ttlMs: ttl });
  const forms = new BoundedMap<string, FormSpec>(options.maxForms ?? 5000);
  const aliases = new BoundedMap<string, string>(options.maxForms ?? 5000);
  const dmChannels = new BoundedMap<string, string>(20_000); // user id → DM channel id
  const ephemeralMessages = new BoundedMap<string, true>(2000);
  const roleCache = new BoundedMap<string, string[]>({ max: 5000, ttlMs: ROLE_CACHE_MS });
  let client: Client | undefined;
  let ctx: NormalizeContext | undefined;
  let handle: ((event: InboundEvent) => Promise<void>) | undefined;

  const rest = () => {
    if (!client) throw new DeliveryError('transient', 'discord adapter not started');
    return client.rest;
  };

  function deliver(event: InboundEvent): void {
    // Not awaited by whoever acknowledged the platform; errors are the core's to report.
    handle!(event).catch((err) => log.error({ eventId: event.id, ...errorFacts(err) }, 'discord event handling failed'));
  }

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
      ctx!,
      kind,
    );
    if (!event) return;
    if (isDm) dmChannels.set(m.author.id, m.channelId);
    deliver(event);
  }

  function callback(id: string, token: string, body: unknown): Promise<boolean> {
    return rest()
      .post(Routes.interactionCallback(id, token), { body, auth: false })
      .then(() => true)
      .catch((err) => {
        log.warn({ interactionId: id, ...errorFacts(err) }, 'discord interaction acknowledgement failed');
        return false;
      });
  }

  function remember(i: Interaction, mode: 'reply' | 'update', acked: Promise<boolean>, messageId?: string): void {
    const now = Date.now();
    pending.set(i.id, {
      id: i.id,
      token: i.token,
      applicationId: i.applicationId,
      mode,
      ephemeral: i.guildId !== null,
      userId: i.user.id,
      channelId: i.channelId ?? '',
      isDm: i.guildId === null,
      messageId,
      originalUsed: false,
      expiresAt: now + ttl,
      acked,
    });
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
    const user = (ids?: string[]) => author(i.user, ids);

    if (i.isChatInputCommand()) {
      // Answer within 3 s: a deferred reply now, the core's words as its edit later.
      const acked = callback(i.id, i.token, { type: 5, data: { flags: i.guildId !== null ? EPHEMERAL : 0 } });
      remember(i, 'reply', acked);
      const ids = roleIds ?? (await memberRoles(i.user.id));
      const event = normalizeCommand(
        {
          ...place,
          id: i.id,
          user: user(ids),
          name: i.commandName,
          subcommand: i.options.getSubcommand(false),
          options: (i.options.data[0]?.type === 1 ? (i.options.data[0].options ?? []) : i.options.data).map((o) => ({
            name: o.name,
            value: o.value ?? '',
          })),
        },
        ctx!,
      );
      if (event) deliver(event);
      return;
    }

    if (i.isButton() || i.isStringSelectMenu()) {
      const customId = i.isStringSelectMenu() ? (i.values[0] ?? '') : i.customId;
      const choice = aliases.get(customId) ?? customId;
      const form = i.isButton() ? forms.get(choice) : undefined;
      if (form) {
        // The modal must be the first and only response to the press.
        await callback(i.id, i.token, { type: 9, data: renderModal(customId, form) });
        return;
      }
      const acked = callback(i.id, i.token, { type: 6 });
      remember(i, 'update', acked, i.message.id);
      const ids = roleIds ?? (await memberRoles(i.user.id));
      const event = normalizeChoice({ ...place, id: i.id, user: user(ids), choice, messageId: i.message.id }, ctx!);
      if (event) deliver(event);
      return;
    }

    if (i.isModalSubmit()) {
      const fromMessage = i.isFromMessage();
      const acked = callback(
        i.id,
        i.token,
        fromMessage ? { type: 6 } : { type: 5, data: { flags: i.guildId !== null ? EPHEMERAL : 0 } },
      );
      remember(i, fromMessage ? 'update' : 'reply', acked, fromMessage ? i.message.id : undefined);
      const fields: Record<string, string> = {};
      for (const [id, field] of i.fields.fields) if ('value' in field && typeof field.value === 'string') fields[id] = field.value;
      const ids = roleIds ?? (await memberRoles(i.user.id));
      const event = normalizeChoice(
        {
          ...place,
          id: i.id,
          user: user(ids),
          choice: aliases.get(i.customId) ?? i.customId,
          messageId: fromMessage ? i.message.id : null,
          fields,
        },
        ctx!,
      );
      if (event) deliver(event);
    }
  }

  async function dmChannel(userId: string): Promise<string> {
    const known = dmChannels.get(userId);
    if (known) return known;
    const channel = (await rest().post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
    dmChannels.set(userId, channel.id);
    return channel.id;
  }

  async function channelFor(to: Address): Promise<string | null> {
    switch (to.kind) {
      case 'direct':
        return dmChannel(to.id);
      case 'channel':
        return to.threadId ?? to.id;
      case 'clinicians':
        return config.clinicianChannelId;
      case 'backup':
        // Without a backup channel the clinician channel is the only place left.
        return config.backupChannelId ?? config.clinicianChannelId;
      case 'home':
        return null; // Discord has no home view
    }
  }

  async function post(channelId: string, bodies: MessageBody[]): Promise<SendResult> {
    let last: { id: string } | undefined;
    for (const body of bodies) {
      last = (await rest().post(Routes.channelMessages(channelId), { body })) as { id: string };
    }
    return { messageId: last!.id, channelId };
  }

  /** Whether this message should answer the interaction it replies to, and privately. */
  function viaInteraction(p: PendingInteraction, to: Address, message: OutboundMessage): boolean {
    if (p.expiresAt <= Date.now()) return false;
    if (message.ephemeralTo) return message.ephemeralTo === p.userId;
    switch (to.kind) {
      case 'direct':
        return p.isDm && to.id === p.userId;
      case 'channel':
        return !p.isDm && (to.threadId ?? to.id) === p.channelId;
      case 'clinicians':
      case 'backup':
        // A reply to the clinician who acted, where they acted: private to them.
        return !p.isDm && p.channelId === (to.kind === 'clinicians' ? config.clinicianChannelId : config.backupChannelId);
      default:
        return false;
    }
  }

  async function answer(p: PendingInteraction, bodies: MessageBody[]): Promise<SendResult> {
    await p.acked;
    let last: { id: string } | undefined;
    for (const body of bodies) {
      const flagged = p.ephemeral ? { ...body, flags: EPHEMERAL } : body;
      if (p.mode === 'reply' && !p.originalUsed) {
        // The deferred reply's visibility was fixed when it was deferred.
        last = (await rest().patch(Routes.webhookMessage(p.applicationId, p.token, '@original'), {
          body: { ...body, flags: undefined },
          auth: false,
        })) as { id: string };
        p.originalUsed = true;
      } else {
        last = (await rest().post(Routes.webhook(p.applicationId, p.token), { body: flagged, auth: false })) as {
          id: string;
        };
      }
      if (p.ephemeral) ephemeralMessages.set(last.id, true);
    }
    return { messageId: last!.id, channelId: p.channelId };
  }

  /** A deferred reply nobody will fill (the answer went by DM): remove the "thinking…" placeholder. */
  function retireDeferred(p: PendingInteraction | undefined): void {
    if (!p || p.mode !== 'reply' || p.originalUsed || p.isDm) return;
    p.originalUsed = true;
    void p.acked
      .then(() => rest().delete(Routes.webhookMessage(p.applicationId, p.token, '@original'), { auth: false }))
      .catch((err) => log.debug(errorFacts(err), 'discord deferred reply cleanup failed'));
  }

  async function edit(ref: MessageRef, message: OutboundMessage, p: PendingInteraction | undefined): Promise<boolean> {
    // An edit is one message: the last chunk carries the buttons and embed.
    const patch = registerRendered({ ...message, replaces: ref }).bodies.at(-1)!;
    if (p && p.mode === 'update' && p.messageId === ref.messageId && p.expiresAt > Date.now()) {
      // Edit through the interaction: works for ephemeral messages too.
      await p.acked;
      await rest().patch(Routes.webhookMessage(p.applicationId, p.token, '@original'), { body: patch, auth: false });
      return true;
    }
    if (ephemeralMessages.has(ref.messageId)) {
      log.debug({ messageId: ref.messageId }, 'discord cannot edit an ephemeral message without its interaction');
      return true; // never fall back to a public post
    }
    try {
      await rest().patch(Routes.channelMessage(ref.channelId, ref.messageId), { body: patch });
      return true;
    } catch (err) {
      if (isDiscordCode(err, 10008, 10003)) return false; // gone: post anew
      throw err;
    }
  }

  function registerRendered(message: OutboundMessage) {
    const rendered = renderMessage(message, { oncallRoleId: config.oncallRoleId });
    for (const [id, form] of rendered.forms) forms.set(id, form);
    for (const [customId, id] of rendered.aliases) aliases.set(customId, id);
    return rendered;
  }

  return {
    platform: 'discord',
    supportsChoices: true,
    // 50 requests/s globally: leave room for interaction callbacks and edits.
    rateLimit: { perSecond: 40, burst: 40 },
    hasBackupChannel: Boolean(config.backupChannelId),

    async start(h) {
      handle = h;
      const c = new Client({
        intents: [
          GatewayIntentBits.Guilds,
          GatewayIntentBits.GuildMessages,
          GatewayIntentBits.MessageContent,
          GatewayIntentBits.DirectMessages,
        ],
        // DM channels are not cached at start; without Partials.Channel DMs are dropped.
        partials: [Partials.Channel, Partials.Message],
        allowedMentions: { parse: [] },
        rest: {
          ...(config.apiUrl ? { api: restBase(config.apiUrl) } : {}),
          timeout: 15_000,
          retries: 2,
          // Short waits discord.js sits out itself; long ones go back to the outbox as rate_limited.
          rejectOnRateLimit: (info) => info.timeToReset > 5_000,
          ...options.rest,
        },
      });
      client = c;
      options.onClient?.(c);
      c.on('error', (err) => log.error(errorFacts(err), 'discord client error'));
      c.on('shardDisconnect', (ev, shard) => log.warn({ shard, closeCode: ev.code }, 'discord gateway disconnected'));
      c.on('shardReconnecting', (shard) => log.info({ shard }, 'discord gateway reconnecting'));
      c.on('shardResume', (shard, replayed) => log.info({ shard, replayed }, 'discord gateway resumed'));
      c.on('messageCreate', (m) => void onMessage(m, 'message').catch((err) => log.error(errorFacts(err), 'discord message failed')));
      c.on('messageUpdate', (_old, m) => void onMessage(m, 'edit').catch((err) => log.error(errorFacts(err), 'discord edit failed')));
      c.on('interactionCreate', (i) => void onInteraction(i).catch((err) => log.error(errorFacts(err), 'discord interaction failed')));

      const ready = new Promise<void>((resolve) => c.once('clientReady', () => resolve()));
      try {
        await c.login(config.token);
        await ready;
      } catch (err) {
        await c.destroy().catch(() => undefined);
        client = undefined;
        throw new CodedError('adapter_start_failed', `discord login failed (${JSON.stringify(errorFacts(err))})`, {
          cause: err,
        });
      }
      ctx = {
        botUserId: c.user!.id,
        guildId: config.guildId,
        admins: config.admins,
        clinicianRoleId: config.clinicianRoleId,
        facilitatorRoleId: config.facilitatorRoleId,
        clinicianChannelId: config.clinicianChannelId,
        backupChannelId: config.backupChannelId,
      };
      if (options.registerCommandsOnStart !== false) {
        try {
          await registerCommands(config, { logger: log, rest: c.rest });
        } catch (err) {
          // DMs still work without slash commands; say so and carry on.
          log.warn(errorFacts(err), 'discord slash command registration failed');
        }
      }
      log.info({ botUserId: c.user!.id, guildId: config.guildId }, 'discord adapter ready');
    },

    async stop() {
      const c = client;
      client = undefined;
      pending.clear();
      if (c) await c.destroy();
    },

    async send(to, message) {
      try {
        const p = message.inReplyTo ? pending.get(message.inReplyTo) : undefined;
        if (to.kind === 'home') return { messageId: '', channelId: '' };
        if (message.replaces && (await edit(message.replaces, message, p))) {
          return { messageId: message.replaces.messageId, channelId: message.replaces.channelId };
        }
        const rendered = registerRendered(message);
        if (p && viaInteraction(p, to, message)) {
          try {
            return await answer(p, rendered.bodies);
          } catch (err) {
            // 10015 unknown webhook / 10062 unknown interaction: the token has lapsed; send normally.
            if (!isDiscordCode(err, 10015, 10062)) throw err;
            pending.delete(p.id);
          }
        }
        if (message.ephemeralTo && to.kind !== 'direct') {
          // Private words for one person in a shared place: their DM, never the channel.
          const result = await post(await dmChannel(message.ephemeralTo), rendered.bodies);
          retireDeferred(p);
          return result;
        }
        const channelId = await channelFor(to);
        if (!channelId) return { messageId: '', channelId: '' };
        const result = await post(channelId, rendered.bodies);
        if (to.kind === 'direct') retireDeferred(p);
        return result;
      } catch (err) {
        const failure = toDeliveryError(err);
        log.warn({ to: to.kind, kind: failure.kind, ...errorFacts(err) }, 'discord send failed');
        throw failure;
      }
    },

    /**
     * Edit in place; when the message is gone (10008 Unknown Message, 10003
     * Unknown Channel) post it anew in the same channel and resolve with the
     * new message, so the dispatcher aims later edits at it. Resolves with
     * nothing when the edit was made in place.
     */
    async update(ref, message) {
      try {
        const p = message.inReplyTo ? pending.get(message.inReplyTo) : undefined;
        if (await edit(ref, message, p)) return undefined;
        log.info({ channelId: ref.channelId, messageId: ref.messageId }, 'discord message to update is gone; posting anew');
        return await post(ref.channelId, registerRendered(message).bodies);
      } catch (err) {
        const failure = toDeliveryError(err);
        log.warn({ kind: failure.kind, ...errorFacts(err) }, 'discord update failed');
        throw failure;
      }
    },
  };
}
