// The Slack adapter: transport only. Bolt receives (Socket Mode when an app
// token is configured, otherwise the signed HTTP Events API), we acknowledge
// at once, normalise (normalize.ts), and hand the event to the core without
// awaiting it. The core's outbox dispatcher calls send(), which renders
// (render.ts) and talks to the Web API, translating Slack's failures into
// DeliveryError so the dispatcher can retry, wait or give up.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import type { SlackConfig } from '../../src/config';
import type { Adapter } from '../../src/core/adapter';
import { BoundedMap } from '../../src/core/bounded-map';
import { CodedError, DeliveryError } from '../../src/core/errors';
import type { Logger } from '../../src/core/logger';
import type { Address, FormSpec, InboundEvent, MessageRef, OutboundMessage, SendResult } from '../../src/core/types';
import {
  interactionPlace,
  normalizeBlockAction,
  normalizeCommand,
  normalizeHomeOpened,
  normalizeMention,
  normalizeMessage,
  normalizeViewSubmission,
  type NormalizeContext,
  type SlackBlockActionsPayload,
  type SlackCommandPayload,
  type SlackMessageEvent,
  type SlackViewSubmissionPayload,
} from './normalize';
import { formFromValue, markChosen, renderHome, renderMessage, renderModal, type Block, type SlackPost } from './render';

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

const UNREACHABLE = new Set(['user_not_found', 'users_not_found', 'account_inactive', 'cannot_dm_bot', 'user_disabled']);
// The bot is not in the channel a slash command came from: answer through the command's response_url.
const NOT_MEMBER = new Set(['not_in_channel', 'channel_not_found']);
// Posting to a person's DM channel that no longer takes messages.
const DM_GONE = new Set(['channel_not_found', 'is_archived', 'not_in_channel']);
const UPDATE_GONE = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed', 'msg_too_long']);

/** Replace every configured secret in a log string, whatever library wrote it. */
function makeMasker(secrets: (string | undefined)[]) {
  const list = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  const generic = /\b(xox[abpre]-|xapp-)[A-Za-z0-9-]+/g;
  return (text: string): string => {
    let out = text;
    for (const s of list) out = out.split(s).join('****');
    return out.replace(generic, '$1****');
  };
}

function stringify(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg instanceof Error) return `${arg.name}: ${arg.message}`;
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
}

/** Bolt's logger interface over our pino logger, with secrets masked. Bolt's info chatter goes to debug. */
function boltLogger(logger: Logger, mask: (s: string) => string): BoltLogger {
  const line = (args: unknown[]) => mask(args.map(stringify).join(' '));
  let level = LogLevel.DEBUG;
  return {
    debug: (...args) => logger.debug({ lib: 'bolt' }, line(args)),
    info: (...args) => logger.debug({ lib: 'bolt' }, line(args)),
    warn: (...args) => logger.warn({ lib: 'bolt' }, line(args)),
    error: (...args) => logger.error({ lib: 'bolt' }, line(args)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function boltLevel(logger: Logger): LogLevel {
  const l = logger.level;
  if (l === 'trace' || l === 'debug') return LogLevel.DEBUG;
  if (l === 'info') return LogLevel.INFO;
  if (l === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

/** Slack's failure, as the dispatcher's three outcomes. */
export function toDeliveryError(err: unknown, method: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number };
  if (e?.code === 'slack_webapi_rate_limited_error') {
    return new DeliveryError('rate_limited', `slack ${method} rate limited`, {
      retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000,
      cause: err,
    });
  }
  if (e?.code === 'slack_webapi_platform_error') {
    const code = e.data?.error ?? 'unknown';
    if (code === 'ratelimited') return new DeliveryError('rate_limited', `slack ${method} rate limited`, { retryAfterMs: 1000, cause: err });
    if (UNREACHABLE.has(code)) return new DeliveryError('unreachable', `slack ${method}: ${code}`, { cause: err });
    return new DeliveryError('transient', `slack ${method}: ${code}`, { cause: err });
  }
  if (e?.code === 'slack_webapi_http_error') return new DeliveryError('transient', `slack ${method}: http ${e.statusCode ?? '?'}`, { cause: err });
  return new DeliveryError('transient', `slack ${method}: ${e?.code ?? 'request failed'}`, { cause: err });
}

function platformError(err: unknown): string | undefined {
  const cause = err instanceof DeliveryError ? err.cause : err;
  const e = cause as { code?: string; data?: { error?: string } };
  return e?.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
}

/** How far ahead of our clock a request's signature timestamp may be: the same five minutes Slack allows behind. */
export const MAX_FUTURE_SKEW_SECONDS = 5 * 60;

/** True when a request's X-Slack-Request-Timestamp is more than five minutes ahead of `nowMs`. */
export function signedInTheFuture(timestamp: string | string[] | undefined, nowMs: number): boolean {
  const sec = Number(Array.isArray(timestamp) ? timestamp[0] : timestamp);
  return Number.isFinite(sec) && sec - Math.floor(nowMs / 1000) > MAX_FUTURE_SKEW_SECONDS;
}

/**
 * Bolt refuses requests signed over five minutes ago but not ones signed in
 * the future, so a captured request with a forged-ahead clock (or one signed
 * by a box whose clock is wrong) would replay for as long as it says. Refused
 * here with the same 401, before Bolt reads the body.
 */
function refuseFutureRequests(receiver: HTTPReceiver, log: Logger): void {
  const inner = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    if (signedInTheFuture(req.headers['x-slack-request-timestamp'], Date.now())) {
      log.warn({ path: req.url }, 'slack request signed more than 5 minutes in the future: refused');
      res.writeHead(401);
      res.end();
      return;
    }
    inner(req, res);
  };
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
  const admins = new Set(config.admins);
  const dmChannels = new BoundedMap<string, string>(10_000);
  // Forms too big for a button's value, by choice id (the button carries the rest).
  const formsByChoice = new BoundedMap<string, FormSpec>(1_000);
  // Slash commands' response_urls by inbound event id (Slack honours one for 30 minutes, a few uses).
  const responseUrls = new BoundedMap<string, string>({ max: 1_000, ttlMs: 29 * 60_000 });

  let app: App | undefined;
  let receiver: Receiver | undefined;
  let socketReceiver: SocketModeReceiver | undefined;
  let server: Server | undefined;
  let boundPort: number | undefined;
  let handle: ((event: InboundEvent) => Promise<void>) | undefined;
  const nctx: NormalizeContext = {
    admins,
    clinicianChannel: config.clinicianChannel,
    ...(config.backupChannel ? { backupChannel: config.backupChannel } : {}),
  };

  function dispatch(event: InboundEvent | undefined, retryNum?: number): void {
    if (!event || !handle) return;
    log.debug({ eventId: event.id, kind: event.kind, retryNum }, 'slack inbound');
    // Not awaited: Slack has been acknowledged already and the core orders and dedupes.
    handle(event).catch((err: unknown) => log.error({ eventId: event.id, err: mask(stringify(err)) }, 'core handle failed'));
  }

  async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const de = toDeliveryError(err, method);
      log.warn({ method, kind: de.kind, code: platformError(err), retryAfterMs: de.retryAfterMs }, 'slack call failed');
      throw de;
    }
  }

  async function channelFor(to: Address): Promise<{ channel: string; thread?: string }> {
    switch (to.kind) {
      case 'clinicians':
        return { channel: config.clinicianChannel };
      case 'backup':
        return { channel: config.backupChannel ?? config.clinicianChannel };
      case 'channel':
        return { channel: to.id, ...(to.threadId ? { thread: to.threadId } : {}) };
      case 'direct': {
        const cached = dmChannels.get(to.id);
        if (cached) return { channel: cached };
        const res = await call('conversations.open', () => client.conversations.open({ users: to.id }));
        const id = res.channel?.id;
        if (!id) throw new DeliveryError('transient', 'slack conversations.open returned no channel');
        dmChannels.set(to.id, id);
        return { channel: id };
      }
      case 'home':
        throw new DeliveryError('unreachable', 'a home view has no channel');
    }
  }

  function render(message: OutboundMessage): SlackPost[] {
    for (const c of message.choices ?? []) if (c.form) formsByChoice.set(c.id, c.form);
    return renderMessage(message, { oncallMention: config.oncallMention });
  }

  async function updateMessage(ref: MessageRef, post: SlackPost): Promise<void> {
    await call('chat.update', () =>
      client.chat.update({ channel: ref.channelId, ts: ref.messageId, text: post.text, blocks: post.blocks as never }),
    );
  }

  /**
   * Edit a message in place; when it is gone (deleted, too old) or the new
   * content needs several posts, post to the same channel instead, so an
   * alert's status change is never lost. Returns the new message when it had
   * to post one, undefined when the edit was made in place.
   */
  async function replace(ref: MessageRef, posts: SlackPost[]): Promise<SendResult | undefined> {
    if (posts.length === 1) {
      try {
        await updateMessage(ref, posts[0]!);
        return undefined;
      } catch (err) {
        if (!UPDATE_GONE.has(platformError(err) ?? '')) throw err;
        log.info({ code: platformError(err), channel: ref.channelId }, 'slack message to update is gone; posting anew');
      }
    }
    return postAll(posts, ref.channelId, undefined, undefined);
  }

  async function send(to: Address, message: OutboundMessage): Promise<SendResult> {
    if (to.kind === 'home') {
      for (const c of message.choices ?? []) if (c.form) formsByChoice.set(c.id, c.form);
      await call('views.publish', () => client.views.publish({ user_id: to.id, view: renderHome(message) as never }));
      return { messageId: `home:${to.id}`, channelId: to.id };
    }
    const posts = render(message);
    if (message.replaces && message.replaces.platform === 'slack') {
      const ref = message.replaces;
      return (await replace(ref, posts)) ?? { messageId: ref.messageId, channelId: ref.channelId };
    }
    const cachedDm = to.kind === 'direct' && dmChannels.has(to.id);
    const { channel, thread } = await channelFor(to);
    const ephemeral = message.ephemeralTo && !(to.kind === 'direct' && to.id === message.ephemeralTo);
    try {
      return await postAll(posts, channel, thread, ephemeral ? message.ephemeralTo : undefined);
    } catch (err) {
      const viaUrl = message.inReplyTo ? responseUrls.get(message.inReplyTo) : undefined;
      if (!viaUrl || !NOT_MEMBER.has(platformError(err) ?? '')) {
        if (to.kind === 'direct' && DM_GONE.has(platformError(err) ?? '')) return resendDirect(to, posts, cachedDm, err);
        throw err;
      }
      for (const post of posts) await respond(viaUrl, post, Boolean(ephemeral));
      return { messageId: '', channelId: channel };
    }
  }

  /**
   * A DM channel that is gone (the account was deactivated, the conversation
   * closed): a remembered channel may just be stale, so open the DM afresh
   * once; if that fails too, or it was fresh already, the person cannot be
   * reached, which the core must hear as `unreachable` (it tells clinicians),
   * never as a transient error retried for ever in silence.
   */
  async function resendDirect(to: Extract<Address, { kind: 'direct' }>, posts: SlackPost[], wasCached: boolean, first: unknown): Promise<SendResult> {
    dmChannels.delete(to.id);
    if (wasCached) {
      const { channel } = await channelFor(to);
      try {
        return await postAll(posts, channel, undefined, undefined);
      } catch (err) {
        if (!DM_GONE.has(platformError(err) ?? '')) throw err;
        dmChannels.delete(to.id);
        first = err;
      }
    }
    throw new DeliveryError('unreachable', `slack chat.postMessage: ${platformError(first) ?? 'dm gone'}`, { cause: first });
  }

  /** A reply through a slash command's response_url: works where the bot is not a member. */
  async function respond(url: string, post: SlackPost, ephemeral: boolean): Promise<void> {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: ephemeral ? 'ephemeral' : 'in_channel', text: post.text, blocks: post.blocks }),
        signal: AbortSignal.timeout(options.requestTimeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new DeliveryError('transient', 'slack response_url unreachable', { cause: err });
    }
    if (res.status === 429) throw new DeliveryError('rate_limited', 'slack response_url rate limited', { retryAfterMs: 1000 });
    if (!res.ok) throw new DeliveryError('transient', `slack response_url: http ${res.status}`);
  }

  async function postAll(posts: SlackPost[], channel: string, thread: string | undefined, ephemeralTo: string | undefined): Promise<SendResult> {
    const ephemeral = ephemeralTo !== undefined;
    let last: SendResult | undefined;
    for (const post of posts) {
      if (ephemeral) {
        const res = await call('chat.postEphemeral', () =>
          client.chat.postEphemeral({
            channel,
            user: ephemeralTo!,
            text: post.text,
            blocks: post.blocks as never,
            ...(thread ? { thread_ts: thread } : {}),
          }),
        );
        last = { messageId: res.message_ts ?? '', channelId: channel };
      } else {
        const res = await call('chat.postMessage', () =>
          client.chat.postMessage({
            channel,
            text: post.text,
            blocks: post.blocks as never,
            unfurl_links: false,
            unfurl_media: false,
            ...(thread ? { thread_ts: thread } : {}),
          }),
        );
        last = { messageId: res.ts ?? '', channelId: res.channel ?? channel };
      }
    }
    return last!;
  }

  /** In a DM, replace the pressed row of buttons with the choice made (best effort, after the core has the event). */
  async function showChosen(p: SlackBlockActionsPayload, ref: MessageRef, actionId: string): Promise<void> {
    const blocks = p.message?.blocks ? markChosen(p.message.blocks as Block[], actionId) : undefined;
    if (!blocks) return;
    try {
      await client.chat.update({ channel: ref.channelId, ts: ref.messageId, text: p.message?.text ?? '', blocks: blocks as never });
    } catch (err) {
      log.debug({ code: platformError(err) ?? 'request_failed' }, 'slack could not mark the chosen button');
    }
  }

  async function openForm(p: SlackBlockActionsPayload, form: FormSpec, choice: string): Promise<void> {
    const place = interactionPlace(p, nctx);
    const ref = place.messageRef;
    const view = renderModal(form, {
      c: choice,
      ...(ref ? { ch: ref.channelId, ts: ref.messageId } : {}),
      ...(place.conversation.kind === 'direct' ? { dm: true } : {}),
    });
    try {
      await client.views.open({ trigger_id: p.trigger_id, view: view as never });
    } catch (err) {
      // The trigger expired (3 s) or Slack refused: fall back to the core, which asks in chat.
      log.warn({ code: platformError(err) ?? 'request_failed' }, 'slack views.open failed');
      dispatch(normalizeBlockAction(p, nctx));
    }
  }

  function register(a: App): void {
    a.event('message', async ({ event, body, context }) => {
      const m = event as SlackMessageEvent;
      // Remember the DM channel: replies then skip a conversations.open round trip.
      if (m.channel_type === 'im' && m.user && m.channel && !m.bot_id) dmChannels.set(m.user, m.channel);
      dispatch(normalizeMessage(body as { event_id?: string }, event as SlackMessageEvent, nctx), context.retryNum);
    });
    a.event('app_mention', async ({ event, body, context }) => {
      dispatch(normalizeMention(body as { event_id?: string }, event as SlackMessageEvent, nctx), context.retryNum);
    });
    a.event('app_home_opened', async ({ event, body, context }) => {
      dispatch(normalizeHomeOpened(body as { event_id?: string }, event, nctx), context.retryNum);
    });
    // Any command name: a clinic may rename /afterglow in its manifest.
    a.command(/.*/, async ({ ack, command }) => {
      await ack();
      const event = normalizeCommand(command as SlackCommandPayload, nctx);
      if (command.response_url) responseUrls.set(event.id, command.response_url);
      dispatch(event);
    });
    a.action({ type: 'block_actions' }, async ({ ack, body }) => {
      await ack();
      const p = body as unknown as SlackBlockActionsPayload;
      const action = p.actions[0];
      if (!action) return;
      // A button with a form opens its modal here, inside Slack's 3-second trigger
      // window; only the submission goes to the core.
      const form = formFromValue(action.value) ?? (action.value === 'form' ? formsByChoice.get(action.action_id) : undefined);
      if (form) return openForm(p, form, action.action_id);
      const event = normalizeBlockAction(p, nctx);
      dispatch(event);
      if (event?.conversation.kind === 'direct' && event.messageRef && !p.container?.is_ephemeral) void showChosen(p, event.messageRef, action.action_id);
    });
    a.view({ type: 'view_submission' }, async ({ ack, body }) => {
      await ack();
      dispatch(normalizeViewSubmission(body as unknown as SlackViewSubmissionPayload, nctx));
    });
    a.error(async (err) => {
      log.error({ err: mask(stringify(err)) }, 'slack listener error');
    });
  }

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
      if (mode === 'socket') {
        socketReceiver = new SocketModeReceiver({
          appToken: config.appToken!,
          logger: blog,
          logLevel: boltLevel(log),
          ...(options.clientPingTimeout ? { clientPingTimeout: options.clientPingTimeout } : {}),
          installerOptions: { clientOptions },
        });
        receiver = socketReceiver;
      } else {
        receiver = new HTTPReceiver({
          signingSecret: config.signingSecret!,
          endpoints: '/slack/events',
          logger: blog,
          logLevel: boltLevel(log),
          // Acknowledge first, process after: Slack retries anything slower than 3 s.
          processBeforeResponse: false,
          // For a load balancer or uptime check in front of the public endpoint; says nothing else.
          customRoutes: [
            {
              path: '/healthz',
              method: ['GET'],
              handler: (_req, res) => {
                res.writeHead(200, { 'content-type': 'text/plain' });
                res.end('ok');
              },
            },
          ],
        });
      }
      if (receiver instanceof HTTPReceiver) refuseFutureRequests(receiver, log);
      app = new App({
        token: config.botToken,
        receiver,
        logger: blog,
        logLevel: boltLevel(log),
        clientOptions,
        convoStore: false,
        ...(auth.bot_id ? { botId: auth.bot_id } : {}),
        ...(auth.user_id ? { botUserId: auth.user_id } : {}),
      });
      register(app);
      try {
        if (mode === 'socket') await app.start();
        else {
          server = (await app.start({ port: options.port ?? config.port, host: options.host })) as Server;
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
      if (socketReceiver) await socketReceiver.client.disconnect().catch(() => {});
      socketReceiver = undefined;
      server = undefined;
      handle = undefined;
      log.info('slack adapter stopped');
    },

    send,

    /** Resolves with the new message only when the old one was gone and a new one was posted. */
    async update(ref, message) {
      return replace(ref, render(message));
    },
  };
}
