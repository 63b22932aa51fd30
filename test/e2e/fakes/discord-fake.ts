// A small fake of Discord for the real discord.js Client on 127.0.0.1: the REST API
// (routes the adapter uses) and the gateway (HELLO, IDENTIFY → READY + GUILD_CREATE,
// heartbeats, RECONNECT → RESUME with replay). Facts it relies on are in
// /work/shared/PLATFORM-TESTING.md. It records every REST call for assertions.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadConfig, type DiscordConfig } from '../../../src/config.js';

export interface RestCall {
  method: string;
  /** Decoded path after /api/v10, e.g. /channels/123/messages or /webhooks/app/tok/messages/@original */
  path: string;
  body: any;
  auth: string | undefined;
  at: number;
  /** performance.now() when the request arrived (sub-millisecond, for benchmarks). */
  hr: number;
  /** What the fake answered (a message object for posts). */
  response?: any;
}

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

export interface FakeChannel {
  id: string;
  name: string;
  /** 0 text channel, 11 public thread */
  type?: number;
  parentId?: string;
}

export interface FakeGuild {
  id: string;
  name?: string;
  channels: FakeChannel[];
}

export interface FakeFailure {
  method?: string;
  path: RegExp;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How many times to fail (default 1). */
  times?: number;
}

/** REST calls the fake leaves unanswered until release(): to see what the bot does while it waits. */
export interface FakeHold {
  /** Matching calls that arrived while the hold stood; each is answered (and put in `calls`) only on release. */
  readonly waiting: RestCall[];
  /** Answer the waiting calls, and later matching ones, as usual. */
  release(): void;
}

export interface FakeDiscordOptions {
  botUser?: FakeUser;
  applicationId?: string;
  guilds?: FakeGuild[];
  /** Guild members (for GET /guilds/:g/members/:u): user id → role ids. */
  members?: Record<string, string[]>;
  /** Role ids that exist in every guild (GUILD_CREATE lists them; discord.js drops member roles it does not know). */
  roles?: string[];
}

/** The bot token the tests give Afterglow for the fake. */
export const BOT_TOKEN = 'fake-discord-bot-token-0123456789';

/**
 * The DISCORD_* settings that point Afterglow at this fake: its REST API, its application, the
 * bot token above, its first guild as the clinic's server and that guild's channel named
 * "clinicians" as the clinician channel. `extra` adds settings (roles, admins) or overrides them.
 */
export function discordEnv(fake: FakeDiscord, extra: Record<string, string> = {}): Record<string, string> {
  const guild = fake.guilds[0];
  const clinic = guild?.channels.find((c) => c.name === 'clinicians');
  if (!guild || !clinic) throw new Error('discordEnv: the fake needs a first guild with a channel named "clinicians"');
  return {
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_GUILD_ID: guild.id,
    DISCORD_CLINICIAN_CHANNEL_ID: clinic.id,
    DISCORD_API_URL: fake.apiUrl,
    ...extra,
  };
}

/** The same settings as the DiscordConfig the adapter is built from, read as `npm start` reads them. */
export function discordConfig(fake: FakeDiscord, extra: Record<string, string> = {}): DiscordConfig {
  return loadConfig(discordEnv(fake, extra)).discord!;
}

let snowflakeCounter = 0n;
/** Increasing snowflake-like ids. */
export function snowflake(): string {
  snowflakeCounter += 1n;
  return String((BigInt(Date.now() - 1420070400000) << 22n) + snowflakeCounter);
}

export class FakeDiscord {
  readonly calls: RestCall[] = [];
  readonly gatewayOps: { op: number; d: any }[] = [];
  readonly botUser: FakeUser;
  readonly applicationId: string;
  readonly guilds: FakeGuild[];
  readonly members: Record<string, string[]>;
  readonly guildRoles: string[];
  /** Sent messages by id (so tests can click their buttons). */
  readonly messages = new Map<string, any>();
  /** Users whose DMs are closed: sending to their DM channel fails with 50007. */
  readonly closedDms = new Set<string>();
  identifyCount = 0;
  resumeCount = 0;

  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private seq = 0;
  private sessionId = 'fake-session-1';
  private readonly history: { s: number; payload: string }[] = [];
  private lastAckedSeqOnResume = 0;
  private readonly failures: FakeFailure[] = [];
  private readonly holds: { method?: string; path: RegExp; waiting: RestCall[]; resume: (() => void)[] }[] = [];
  private readonly dmChannels = new Map<string, string>(); // user id → channel id
  private readonly dmOwners = new Map<string, string>(); // channel id → user id
  private readonly waiters = new Set<() => void>();
  /** Interaction token → channel, so follow-ups carry the channel id as on Discord. */
  private readonly tokenChannels = new Map<string, string>();
  /** Interaction token → the message @original stands for (the component's message, or the deferred reply). */
  private readonly tokenMessages = new Map<string, string>();
  port = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.guildRoles = options.roles ?? [];
    this.botUser = options.botUser ?? { id: '900000000000000001', username: 'afterglow', bot: true };
    this.applicationId = options.applicationId ?? '900000000000000002';
    this.guilds = options.guilds ?? [];
    this.members = options.members ?? {};
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  get connected(): boolean {
    return this.socket?.readyState === 1;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      this.wss!.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.releaseHolds();
    for (const client of this.wss?.clients ?? []) client.terminate();
    this.wss?.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  clear(): void {
    this.calls.length = 0;
    this.gatewayOps.length = 0;
    this.failures.length = 0;
    this.releaseHolds();
  }

  /** Leave matching REST calls unanswered until the hold is released (clear() and stop() release it too). */
  hold(match: { method?: string; path: RegExp }): FakeHold {
    const hold = { ...match, waiting: [] as RestCall[], resume: [] as (() => void)[] };
    this.holds.push(hold);
    return {
      waiting: hold.waiting,
      release: () => {
        if (this.holds.includes(hold)) this.holds.splice(this.holds.indexOf(hold), 1);
        for (const resume of hold.resume.splice(0)) resume();
      },
    };
  }

  private releaseHolds(): void {
    for (const hold of this.holds.splice(0)) for (const resume of hold.resume.splice(0)) resume();
  }

  /** Make the next matching REST call(s) fail. */
  fail(failure: FakeFailure): void {
    this.failures.push({ times: 1, ...failure });
  }

  dmChannelOf(userId: string): string {
    let id = this.dmChannels.get(userId);
    if (!id) {
      id = snowflake();
      this.dmChannels.set(userId, id);
      this.dmOwners.set(id, userId);
    }
    return id;
  }

  /** Wait until `predicate` holds (checked on every call/op); fails after `ms` listing what was seen. */
  async waitFor<T>(predicate: () => T | undefined | false, what = 'condition', ms = 2000): Promise<T> {
    const now = predicate();
    if (now) return now;
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const v = predicate();
        if (v) {
          clearTimeout(timer);
          clearInterval(poll);
          this.waiters.delete(check);
          resolve(v);
        }
      };
      // Checked on every REST call and gateway op, and polled for state outside the fake (events seen by a handler).
      const poll = setInterval(check, 5);
      const timer = setTimeout(() => {
        clearInterval(poll);
        this.waiters.delete(check);
        reject(
          new Error(
            `waitFor(${what}) timed out after ${ms} ms; REST calls seen:\n` +
              this.calls.map((c) => `  ${c.method} ${c.path} ${JSON.stringify(c.body)?.slice(0, 300)}`).join('\n') +
              `\ngateway ops: ${this.gatewayOps.map((o) => o.op).join(',')}`,
          ),
        );
      }, ms);
      this.waiters.add(check);
    });
  }

  /** Wait for a REST call matching method + path regexp (+ optional body predicate). */
  waitForCall(method: string, path: RegExp, bodyMatch: (body: any, call: RestCall) => boolean = () => true, ms?: number): Promise<RestCall> {
    return this.waitFor(
      () => this.calls.find((c) => c.method === method && path.test(c.path) && bodyMatch(c.body, c)),
      `${method} ${path}`,
      ms,
    );
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  // ---------------------------------------------------------------- REST

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hr = performance.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v\d+/, ''));
    const method = req.method ?? 'GET';
    let body: any = undefined;
    if (raw) {
      const type = req.headers['content-type'] ?? '';
      if (type.includes('application/json')) body = JSON.parse(raw);
      else if (type.includes('multipart/form-data')) {
        const m = /name="payload_json"\r\n(?:Content-Type: application\/json\r\n)?\r\n([\s\S]*?)\r\n--/.exec(raw);
        body = m ? JSON.parse(m[1]!) : raw;
      } else body = raw;
    }
    const call: RestCall = { method, path, body, auth: req.headers.authorization, at: Date.now(), hr };
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      call.response = payload;
      if (payload === undefined) {
        res.writeHead(status, headers);
        res.end();
      } else {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      }
      // Record after answering so waitFor sees the call once it is complete.
      this.calls.push(call);
      this.notify();
    };

    const hold = this.holds.find((h) => (!h.method || h.method === method) && h.path.test(path));
    if (hold) {
      await new Promise<void>((resume) => {
        hold.waiting.push(call);
        hold.resume.push(resume);
        this.notify();
      });
    }

    const failure = this.failures.find((f) => (!f.method || f.method === method) && f.path.test(path));
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      return send(failure.status, failure.body ?? { message: 'fake failure', code: 0 }, failure.headers);
    }

    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return send(200, {
        url: `ws://127.0.0.1:${this.port}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (method === 'GET' && path === '/gateway') return send(200, { url: this.gatewayUrl });
    if ((m = /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/.exec(path)) && method === 'PUT') {
      const list = (body as any[]).map((c) => ({ ...c, id: snowflake(), application_id: m![1], guild_id: m![2], version: '1', default_member_permissions: null, type: c.type ?? 1 }));
      return send(200, list);
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const userId = String(body.recipient_id);
      return send(200, { id: this.dmChannelOf(userId), type: 1, recipients: [{ id: userId, username: `user${userId}`, discriminator: '0' }], last_message_id: null });
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      const channelId = m[1]!;
      const owner = this.dmOwners.get(channelId);
      if (owner && this.closedDms.has(owner)) {
        return send(403, { message: 'Cannot send messages to this user', code: 50007 });
      }
      return send(200, this.storeMessage(channelId, body));
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path)) && method === 'PATCH') {
      const existing = this.messages.get(m[2]!);
      if (!existing) return send(404, { message: 'Unknown Message', code: 10008 });
      const updated = { ...existing, ...body, edited_timestamp: new Date().toISOString() };
      this.messages.set(m[2]!, updated);
      return send(200, updated);
    }
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) && method === 'POST') {
      return send(204);
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/.exec(path)) && method === 'DELETE') {
      return send(204);
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/.exec(path)) && method === 'PATCH') {
      const token = m[2]!;
      const messageId = m[3] === '@original' ? (this.tokenMessages.get(token) ?? snowflake()) : m[3]!;
      if (m[3] === '@original') this.tokenMessages.set(token, messageId);
      const existing = this.messages.get(messageId);
      const channelId = existing?.channel_id ?? this.tokenChannels.get(token) ?? '0';
      const merged = existing ? { ...body, content: body?.content ?? existing.content, components: body?.components ?? existing.components, embeds: body?.embeds ?? existing.embeds } : body;
      return send(200, this.storeMessage(channelId, merged, messageId));
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path)) && method === 'POST') {
      return send(200, this.storeMessage(this.tokenChannels.get(m[2]!) ?? '0', body));
    }
    if ((m = /^\/guilds\/(\d+)\/members\/(\d+)$/.exec(path)) && method === 'GET') {
      const roles = this.members[m[2]!];
      if (!roles) return send(404, { message: 'Unknown Member', code: 10007 });
      return send(200, { user: { id: m[2], username: `user${m[2]}`, discriminator: '0' }, roles, joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 });
    }
    if ((m = /^\/channels\/(\d+)$/.exec(path)) && method === 'GET') {
      const owner = this.dmOwners.get(m[1]!);
      if (owner) return send(200, { id: m[1], type: 1, recipients: [{ id: owner, username: `user${owner}`, discriminator: '0' }] });
      for (const g of this.guilds) {
        const c = g.channels.find((x) => x.id === m![1]);
        if (c) return send(200, this.channelPayload(g.id, c));
      }
      return send(404, { message: 'Unknown Channel', code: 10003 });
    }
    send(404, { message: `fake: no route for ${method} ${path}`, code: 0 });
  }

  private storeMessage(channelId: string, body: any, id = snowflake()): any {
    const msg = {
      id,
      channel_id: channelId,
      type: 0,
      content: body?.content ?? '',
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      flags: body?.flags ?? 0,
      author: { id: this.botUser.id, username: this.botUser.username, bot: true, discriminator: '0' },
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
    };
    this.messages.set(id, msg);
    return msg;
  }

  private channelPayload(guildId: string, c: FakeChannel): any {
    return {
      id: c.id,
      type: c.type ?? 0,
      name: c.name,
      guild_id: guildId,
      position: 0,
      permission_overwrites: [],
      ...(c.parentId ? { parent_id: c.parentId, thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false } } : {}),
    };
  }

  // ---------------------------------------------------------------- gateway

  private onSocket(ws: WebSocket): void {
    this.socket = ws;
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 }, s: null, t: null }));
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data));
      this.gatewayOps.push({ op: msg.op, d: msg.d });
      this.notify();
      if (msg.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      else if (msg.op === 2) this.onIdentify(ws);
      else if (msg.op === 6) this.onResume(ws, msg.d);
    });
  }

  private onIdentify(ws: WebSocket): void {
    this.identifyCount += 1;
    this.sessionId = `fake-session-${this.identifyCount}`;
    this.seq = 0;
    this.history.length = 0;
    this.dispatch('READY', {
      v: 10,
      user: { id: this.botUser.id, username: this.botUser.username, bot: true, discriminator: '0', avatar: null, flags: 0 },
      guilds: this.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: this.sessionId,
      resume_gateway_url: this.gatewayUrl,
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
    }, ws);
    for (const g of this.guilds) {
      this.dispatch('GUILD_CREATE', {
        id: g.id,
        name: g.name ?? 'Clinic',
        unavailable: false,
        owner_id: '1',
        member_count: 1,
        large: false,
        features: [],
        roles: [g.id, ...this.guildRoles].map((id, position) => ({ id, name: position === 0 ? '@everyone' : `role-${id}`, permissions: '0', position, color: 0, hoist: false, managed: false, mentionable: true, flags: 0 })),
        emojis: [],
        stickers: [],
        members: [],
        presences: [],
        voice_states: [],
        stage_instances: [],
        guild_scheduled_events: [],
        soundboard_sounds: [],
        channels: g.channels.filter((c) => !c.parentId).map((c) => this.channelPayload(g.id, c)),
        threads: g.channels.filter((c) => c.parentId).map((c) => this.channelPayload(g.id, c)),
        joined_at: new Date().toISOString(),
      }, ws);
    }
  }

  private onResume(ws: WebSocket, d: { session_id: string; seq: number }): void {
    this.resumeCount += 1;
    this.lastAckedSeqOnResume = d.seq;
    // Replay what the client missed, then RESUMED — as Discord does.
    for (const h of this.history) if (h.s > d.seq) ws.send(h.payload);
    const s = ++this.seq;
    const payload = JSON.stringify({ op: 0, t: 'RESUMED', s, d: {} });
    this.history.push({ s, payload });
    ws.send(payload);
  }

  /** Send a dispatch. While the client is disconnected it is only kept for replay on RESUME. */
  dispatch(t: string, d: unknown, ws: WebSocket | undefined = this.socket): void {
    const s = ++this.seq;
    const payload = JSON.stringify({ op: 0, t, s, d });
    this.history.push({ s, payload });
    if (ws && ws.readyState === 1) ws.send(payload);
  }

  /** Ask the client to reconnect (op 7); it closes and RESUMEs. */
  requestReconnect(): void {
    this.socket?.send(JSON.stringify({ op: 7, d: null, s: null, t: null }));
  }

  /** Drop the socket abruptly (a network failure); the client reconnects and RESUMEs. */
  dropConnection(): void {
    this.socket?.terminate();
  }

  get lastResumeSeq(): number {
    return this.lastAckedSeqOnResume;
  }

  // ---------------------------------------------------------------- platform events

  private userPayload(u: FakeUser): any {
    return { id: u.id, username: u.username, global_name: u.username, discriminator: '0', avatar: null, bot: u.bot ?? false };
  }

  /** A DM from `user` to the bot. Returns the message id. */
  sendDm(user: FakeUser, content: string): string {
    const id = snowflake();
    this.dispatch('MESSAGE_CREATE', {
      id,
      type: 0,
      channel_id: this.dmChannelOf(user.id),
      channel_type: 1,
      author: this.userPayload(user),
      ...messageDefaults(content),
    });
    return id;
  }

  /** A post in a guild channel (or thread). */
  sendGuildMessage(guildId: string, channelId: string, user: FakeUser, content: string, roles: string[] = []): string {
    const id = snowflake();
    this.dispatch('MESSAGE_CREATE', {
      id,
      type: 0,
      guild_id: guildId,
      channel_id: channelId,
      author: this.userPayload(user),
      member: { roles, joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
      ...messageDefaults(content),
    });
    return id;
  }

  private interactionBase(user: FakeUser, where: { guildId?: string; channelId?: string; roles?: string[] }): any {
    const id = snowflake();
    const token = `itok-${id}`;
    const base: any = {
      id,
      token,
      application_id: this.applicationId,
      version: 1,
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: {},
      app_permissions: '0',
      attachment_size_limit: 8388608,
    };
    if (where.guildId) {
      const channelId = where.channelId!;
      base.guild_id = where.guildId;
      base.guild_locale = 'en-US';
      base.channel_id = channelId;
      base.channel = { id: channelId, type: 0, guild_id: where.guildId, name: 'channel' };
      base.member = { user: this.userPayload(user), roles: where.roles ?? [], permissions: '0', joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 };
      base.context = 0;
    } else {
      const channelId = this.dmChannelOf(user.id);
      base.channel_id = channelId;
      base.channel = { id: channelId, type: 1, recipients: [this.userPayload(user)] };
      base.user = this.userPayload(user);
      base.context = 1;
    }
    this.tokenChannels.set(token, base.channel_id);
    return base;
  }

  /** Press a button on a message the bot sent. Returns the interaction id. */
  clickButton(user: FakeUser, message: any, customId: string, where: { guildId?: string; roles?: string[] } = {}): string {
    const it = this.interactionBase(user, { ...where, channelId: message.channel_id });
    this.tokenMessages.set(it.token, message.id);
    this.dispatch('INTERACTION_CREATE', {
      ...it,
      type: 3,
      data: { custom_id: customId, component_type: 2 },
      message: { ...message, channel_id: where.guildId ? message.channel_id : it.channel_id },
    });
    return it.id;
  }

  /** Pick an option from a string select. */
  selectOption(user: FakeUser, message: any, customId: string, value: string, where: { guildId?: string; roles?: string[] } = {}): string {
    const it = this.interactionBase(user, { ...where, channelId: message.channel_id });
    this.tokenMessages.set(it.token, message.id);
    this.dispatch('INTERACTION_CREATE', {
      ...it,
      type: 3,
      data: { custom_id: customId, component_type: 3, values: [value] },
      message: { ...message, channel_id: where.guildId ? message.channel_id : it.channel_id },
    });
    return it.id;
  }

  /** A slash command. Options are `{ name, type, value }` or subcommands `{ name, type: 1, options }`. */
  slashCommand(user: FakeUser, name: string, options: any[] = [], where: { guildId?: string; channelId?: string; roles?: string[] } = {}): string {
    const it = this.interactionBase(user, where);
    this.dispatch('INTERACTION_CREATE', {
      ...it,
      type: 2,
      data: { id: snowflake(), name, type: 1, options, ...(where.guildId ? { guild_id: where.guildId } : {}) },
    });
    return it.id;
  }

  /** Submit a modal opened by a button on `message`. */
  submitModal(user: FakeUser, customId: string, fields: Record<string, string>, message: any | undefined, where: { guildId?: string; roles?: string[] } = {}): string {
    const it = this.interactionBase(user, { ...where, channelId: message?.channel_id });
    this.dispatch('INTERACTION_CREATE', {
      ...it,
      type: 5,
      data: {
        custom_id: customId,
        components: Object.entries(fields).map(([id, value]) => ({ type: 1, components: [{ type: 4, custom_id: id, value }] })),
      },
      ...(message ? { message } : {}),
    });
    return it.id;
  }
}

/** The fields every MESSAGE_CREATE carries that the tests never vary. */
function messageDefaults(content: string) {
  return {
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
  };
}
