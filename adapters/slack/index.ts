// The Slack adapter: transport only, assembled from small parts. Bolt
// receives (receiver.ts: Socket Mode or the signed HTTP Events API), the
// listeners acknowledge at once and normalise (receive.ts, normalize.ts), and
// the core's outbox dispatcher sends through send.ts, which renders
// (render.ts) and translates Slack's failures (errors.ts) into DeliveryError.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, webApi, type SocketModeReceiver } from '@slack/bolt';
import type { SlackConfig } from '../../src/config.js';
import type { Adapter } from '../../src/core/adapter.js';
import { BoundedMap } from '../../src/core/bounded-map.js';
import { CodedError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/logger.js';
import type { FormSpec, InboundEvent } from '../../src/core/types.js';
import { platformError } from './errors.js';
import { boltLevel, boltLogger, makeMasker, stringify } from './logging.js';
import type { NormalizeContext } from './normalize.js';
import { registerListeners } from './receive.js';
import { createReceiver } from './receiver.js';
import { createSlackSender } from './send.js';

export { toDeliveryError } from './errors.js';

export interface SlackAdapterOptions {
  logger: Logger;
  /** HTTP mode: the interface to bind (default all interfaces; tests use 127.0.0.1). */
  host?: string;
  /** HTTP mode: overrides config.port (tests pass 0 for a free port). */
  port?: number;
  /**
   * Web API retry policy. The outbox dispatcher owns retries, so the default
   * is one quick retry; tests pass `{ retries: 0 }` so a down fake fails fast.
   */
  retryConfig?: webApi.RetryOptions;
  /** Socket Mode: how long to wait for a pong before reconnecting (ms). */
  clientPingTimeout?: number;
  /** Web API request timeout (ms). */
  requestTimeoutMs?: number;
}

export interface SlackAdapter extends Adapter {
  readonly mode: 'socket' | 'http';
  /** HTTP mode: the port actually bound, once started. */
  readonly port: number | undefined;
}

export function createSlackAdapter(config: SlackConfig, options: SlackAdapterOptions): SlackAdapter {
  const mode: 'socket' | 'http' = config.appToken ? 'socket' : 'http';
  const mask = makeMasker([config.botToken, config.appToken, config.signingSecret]);
  const log = options.logger.child({ adapter: 'slack', mode });
  const blog = boltLogger(log, mask);
  const clientOptions: webApi.WebClientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/` } : {}),
    retryConfig: options.retryConfig ?? { retries: 1, minTimeout: 250, maxTimeout: 1000 },
    // 429 goes back to the outbox dispatcher with Retry-After instead of stalling this client.
    rejectRateLimitedCalls: true,
    timeout: options.requestTimeoutMs ?? 10_000,
    logger: blog,
    logLevel: boltLevel(log),
  };
  // Our own client for every send: explicit, and usable before and after Bolt runs.
  const client = new webApi.WebClient(config.botToken, clientOptions);
  const shared = {
    dmChannels: new BoundedMap<string, string>(10_000),
    formsByChoice: new BoundedMap<string, FormSpec>(1_000),
    // Slack honours a response_url for 30 minutes, a few uses.
    responseUrls: new BoundedMap<string, string>({ max: 1_000, ttlMs: 29 * 60_000 }),
  };
  const sender = createSlackSender({ client, config, log, requestTimeoutMs: options.requestTimeoutMs ?? 10_000, ...shared });
  const nctx: NormalizeContext = {
    admins: new Set(config.admins),
    clinicianChannel: config.clinicianChannel,
    ...(config.backupChannel ? { backupChannel: config.backupChannel } : {}),
  };

  let app: App | undefined;
  let socket: SocketModeReceiver | undefined;
  let boundPort: number | undefined;
  let handle: ((event: InboundEvent) => Promise<void>) | undefined;

  return {
    platform: 'slack',
    supportsChoices: true,
    // chat.postMessage allows about 1/s per channel with bursts, and DMs are separate channels.
    rateLimit: { perSecond: 20, burst: 20 },
    hasBackupChannel: Boolean(config.backupChannel),
    mode,
    get port() {
      return boundPort;
    },

    async start(h) {
      handle = h;
      let auth: webApi.AuthTestResponse;
      try {
        auth = await client.auth.test();
      } catch (err) {
        throw new CodedError('adapter_start_failed', `slack auth.test failed: ${platformError(err) ?? 'request failed'}`, { cause: err });
      }
      if (auth.user_id) nctx.botUserId = auth.user_id;
      const made = createReceiver(config, {
        logger: blog,
        logLevel: boltLevel(log),
        clientOptions,
        ...(options.clientPingTimeout ? { clientPingTimeout: options.clientPingTimeout } : {}),
      });
      socket = made.socket;
      app = new App({
        token: config.botToken,
        receiver: made.receiver,
        logger: blog,
        logLevel: boltLevel(log),
        clientOptions,
        convoStore: false,
        ...(auth.bot_id ? { botId: auth.bot_id } : {}),
        ...(auth.user_id ? { botUserId: auth.user_id } : {}),
      });
      registerListeners(app, { client, log, mask, nctx, ...shared, handle: () => handle });
      try {
        if (mode === 'socket') await app.start();
        else {
          const server = (await app.start({ port: options.port ?? config.port, host: options.host })) as Server;
          boundPort = (server.address() as AddressInfo | null)?.port;
        }
      } catch (err) {
        throw new CodedError('adapter_start_failed', `slack ${mode} receiver failed to start: ${mask(stringify(err))}`, { cause: err });
      }
      log.info({ botUserId: auth.user_id, port: boundPort }, 'slack adapter started');
    },

    async stop() {
      const a = app;
      app = undefined;
      if (!a) return;
      await a.stop().catch((err: unknown) => log.warn({ err: mask(stringify(err)) }, 'slack stop failed'));
      // app.stop() resolves before the socket has closed; wait for it so nothing outlives us.
      if (socket) await socket.client.disconnect().catch(() => {});
      socket = undefined;
      handle = undefined;
      log.info('slack adapter stopped');
    },

    send: sender.send,
    update: sender.update,
  };
}
