// The Discord adapter: transport only, assembled from small parts.
// discord.js keeps the gateway connection (heartbeats, RECONNECT/RESUME,
// rate-limit buckets); receive.ts turns its events into the core's events,
// interactions.ts keeps the tokens we may still answer through, and send.ts
// renders (render.ts) and sends through discord.js's REST client.
import { Client, GatewayIntentBits, Partials, type RESTOptions } from 'discord.js';
import type { DiscordConfig } from '../../src/config.js';
import type { Adapter } from '../../src/core/adapter.js';
import { BoundedMap } from '../../src/core/bounded-map.js';
import { CodedError, DeliveryError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/logger.js';
import type { FormSpec, InboundEvent } from '../../src/core/types.js';
import { registerCommands, restBase } from './commands.js';
import { errorFacts } from './errors.js';
import { createInteractions } from './interactions.js';
import type { NormalizeContext } from './normalize.js';
import { createDiscordReceiver } from './receive.js';
import { createDiscordSender } from './send.js';

export { registerCommands, commandDefinitions, commandToText } from './commands.js';
export { toDeliveryError } from './errors.js';

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

const INTERACTION_TTL_MS = 15 * 60 * 1000 - 30_000; // a margin before Discord's 15 minutes

export function createDiscordAdapter(config: DiscordConfig, options: DiscordAdapterOptions): Adapter {
  const log = options.logger.child({ adapter: 'discord' });
  let client: Client | undefined;
  let nctx: NormalizeContext | undefined;
  let handle: ((event: InboundEvent) => Promise<void>) | undefined;
  const rest = () => {
    if (!client) throw new DeliveryError('transient', 'discord adapter not started');
    return client.rest;
  };
  const shared = {
    config,
    log,
    rest,
    interactions: createInteractions({
      rest,
      log,
      ttlMs: options.interactionTtlMs ?? INTERACTION_TTL_MS,
      max: options.maxPendingInteractions ?? 1000,
      clinicianChannelId: config.clinicianChannelId,
      backupChannelId: config.backupChannelId,
    }),
    forms: new BoundedMap<string, FormSpec>(options.maxForms ?? 5000),
    aliases: new BoundedMap<string, string>(options.maxForms ?? 5000),
    dmChannels: new BoundedMap<string, string>(20_000), // user id → DM channel id
  };
  const sender = createDiscordSender(shared);
  const receiver = createDiscordReceiver({
    ...shared,
    nctx: () => nctx!,
    deliver(event) {
      // Not awaited by whoever acknowledged the platform; errors are the core's to report.
      handle!(event).catch((err) => log.error({ eventId: event.id, ...errorFacts(err) }, 'discord event handling failed'));
    },
  });

  function createClient(): Client {
    const c = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent, GatewayIntentBits.DirectMessages],
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
    c.on('error', (err) => log.error(errorFacts(err), 'discord client error'));
    c.on('shardDisconnect', (ev, shard) => log.warn({ shard, closeCode: ev.code }, 'discord gateway disconnected'));
    c.on('shardReconnecting', (shard) => log.info({ shard }, 'discord gateway reconnecting'));
    c.on('shardResume', (shard, replayed) => log.info({ shard, replayed }, 'discord gateway resumed'));
    c.on('messageCreate', (m) => void receiver.onMessage(m, 'message').catch((err) => log.error(errorFacts(err), 'discord message failed')));
    c.on('messageUpdate', (_old, m) => void receiver.onMessage(m, 'edit').catch((err) => log.error(errorFacts(err), 'discord edit failed')));
    c.on('interactionCreate', (i) => void receiver.onInteraction(i).catch((err) => log.error(errorFacts(err), 'discord interaction failed')));
    return c;
  }

  return {
    platform: 'discord',
    supportsChoices: true,
    // 50 requests/s globally: leave room for interaction callbacks and edits.
    rateLimit: { perSecond: 40, burst: 40 },
    hasBackupChannel: Boolean(config.backupChannelId),

    async start(h) {
      handle = h;
      const c = createClient();
      client = c;
      options.onClient?.(c);
      const ready = new Promise<void>((resolve) => c.once('clientReady', () => resolve()));
      try {
        await c.login(config.token);
        await ready;
      } catch (err) {
        await c.destroy().catch(() => undefined);
        client = undefined;
        throw new CodedError('adapter_start_failed', `discord login failed (${JSON.stringify(errorFacts(err))})`, { cause: err });
      }
      nctx = {
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
      shared.interactions.clear();
      if (c) await c.destroy();
    },

    send: sender.send,
    update: sender.update,
  };
}
