// A fake Slack on loopback: the Web API (form or JSON POSTs to /api/<method>)
// and a Socket Mode WebSocket server, plus helpers that send correctly signed
// Events API, slash command and interactivity requests to a Bolt receiver.
// The real Bolt App and WebClient talk to it exactly as they would to Slack.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadConfig, type SlackConfig } from '../../../src/config.js';

export interface SlackCall {
  method: string;
  body: Record<string, any>;
  token: string | undefined;
  /** What the fake answered. */
  response: Record<string, any>;
}

export type FakeReply = { status?: number; headers?: Record<string, string>; body?: Record<string, unknown> };

export interface FakeSlack {
  /** Web API base for `slackApiUrl` / SLACK_API_URL. */
  readonly apiUrl: string;
  /** A response_url served by the fake (recorded as method 'response_url'). */
  readonly responseUrl: string;
  readonly calls: SlackCall[];
  /** Socket Mode connections currently open. */
  readonly sockets: Set<WebSocket>;
  clear(): void;
  /** Answer the next call to `method` (matching `when`, if given) with this reply instead of the default. */
  failNext(method: string, reply: FakeReply, when?: (body: Record<string, any>) => boolean): void;
  /** Wait for a call matching `pred` (among calls already seen too); fails after `ms` listing what was seen. */
  waitFor(pred: (c: SlackCall) => boolean, label?: string, ms?: number): Promise<SlackCall>;
  /** Calls of one method. */
  callsTo(method: string): SlackCall[];
  /** Socket Mode: send an envelope to every connected client and resolve with its ack. */
  sendEnvelope(type: 'events_api' | 'interactive' | 'slash_commands', payload: unknown): Promise<{ envelope_id: string; payload?: unknown }>;
  /** Socket Mode: send a raw frame (e.g. Slack's `disconnect` warning) to every client. */
  sendFrame(frame: unknown): void;
  /** Socket Mode: resolves when a client connects (or at once if one is). */
  waitForSocket(ms?: number): Promise<void>;
  /** Socket Mode: resolves when no client is connected. */
  waitForNoSocket(ms?: number): Promise<void>;
  /** Be told of every call as it arrives (benchmarks); returns an unsubscribe function. */
  onCall(fn: (c: SlackCall) => void): () => void;
  close(): Promise<void>;
}

export const BOT_USER_ID = 'UBOT0001';
export const BOT_ID = 'BBOT0001';
export const TEAM_ID = 'T0000001';
/** The credentials the tests give Afterglow for the fake workspace. */
export const BOT_TOKEN = 'xoxb-fake-slack-bot-token-0123456789';
export const SIGNING_SECRET = 'fake-slack-signing-secret-0123';

/**
 * The SLACK_* settings that point Afterglow at this fake over HTTP: its Web API, the bot
 * token and signing secret above, clinician channel CCLIN, backup channel CBACKUP, on-call
 * mention SONCALL and admin UADMIN. `extra` adds or overrides settings ('' unsets one).
 */
export function slackEnv(fake: FakeSlack, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_CLINICIAN_CHANNEL: 'CCLIN',
    SLACK_BACKUP_CHANNEL: 'CBACKUP',
    SLACK_ONCALL_MENTION: 'SONCALL',
    SLACK_ADMINS: 'UADMIN',
    SLACK_API_URL: fake.apiUrl,
    ...extra,
  };
}

/** The same settings as the SlackConfig the adapter is built from, read as `npm start` reads them. */
export function slackConfig(fake: FakeSlack, extra: Record<string, string> = {}): SlackConfig {
  return loadConfig(slackEnv(fake, extra)).slack!;
}

const JSON_FIELDS = ['blocks', 'view', 'attachments'];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): Record<string, any> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, any>;
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.includes(k)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* keep as string */
      }
    }
    out[k] = v;
  }
  return out;
}

/** Poll a predicate on the event loop (no sleeps): resolves on the first truthy value. */
export async function waitUntil<T>(fn: () => T | undefined | false, describe: () => string, ms = 2000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms; ${describe()}`);
    await new Promise((r) => setImmediate(r));
  }
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const overrides = new Map<string, { reply: FakeReply; when?: ((body: Record<string, any>) => boolean) | undefined }[]>();
  const sockets = new Set<WebSocket>();
  const listeners = new Set<(c: SlackCall) => void>();
  const pendingAcks = new Map<string, (ack: { envelope_id: string; payload?: unknown }) => void>();
  let ts = 1_700_000_000_000;
  let envelopeSeq = 0;
  let viewSeq = 0;

  const defaults = (method: string, body: Record<string, any>): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://afterglow-test.slack.com/', team: 'Test', user: 'afterglow', team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: BOT_ID };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users ?? '').replace(/^U/, '')}` } };
      case 'chat.postMessage': {
        ts += 1;
        const t = `${Math.floor(ts / 1000)}.${String(ts % 1000).padStart(6, '0')}`;
        return { ok: true, channel: body.channel, ts: t, message: { text: body.text, ts: t } };
      }
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      case 'chat.postEphemeral':
        ts += 1;
        return { ok: true, message_ts: `${Math.floor(ts / 1000)}.${String(ts % 1000).padStart(6, '0')}` };
      case 'views.open':
      case 'views.publish':
      case 'views.update':
        viewSeq += 1;
        return { ok: true, view: { id: `V${viewSeq}`, ...(body.view as object) } };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${port}/socket` };
      default:
        return { ok: true };
    }
  };

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    // /api/<method> is the Web API; anything else stands for a slash command's response_url.
    const path = (req.url ?? '').split('?')[0]!;
    const method = path.startsWith('/api/') ? path.slice(5) : 'response_url';
    const body = parseBody(raw, req.headers['content-type']);
    const auth = req.headers.authorization;
    const queued = overrides.get(method) ?? [];
    const at = queued.findIndex((o) => !o.when || o.when(body));
    const override = at >= 0 ? queued.splice(at, 1)[0]!.reply : undefined;
    const status = override?.status ?? 200;
    const payload = override?.body ?? (status === 200 ? defaults(method, body) : { ok: false });
    const call = { method, body, token: auth?.replace(/^Bearer /, ''), response: payload };
    calls.push(call);
    for (const fn of listeners) fn(call);
    res.writeHead(status, { 'content-type': 'application/json', ...(override?.headers ?? {}) });
    res.end(JSON.stringify(payload));
  });
  const wss = new WebSocketServer({ server, path: '/socket' });
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { envelope_id?: string; payload?: unknown };
      if (msg.envelope_id) pendingAcks.get(msg.envelope_id)?.(msg as { envelope_id: string });
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A0000001' } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const list = () => calls.map((c) => `${c.method}${c.body.channel ? `(${c.body.channel})` : ''}`).join(', ') || 'none';

  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    responseUrl: `http://127.0.0.1:${port}/commands/response/1`,
    calls,
    sockets,
    clear: () => {
      calls.length = 0;
      overrides.clear();
    },
    failNext(method, reply, when) {
      const q = overrides.get(method) ?? [];
      q.push({ reply, when });
      overrides.set(method, q);
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    waitFor(pred, label = 'call', ms = 2000) {
      return waitUntil(() => calls.find(pred), () => `waiting for ${label}; calls seen: ${list()}`, ms);
    },
    sendEnvelope(type, payload) {
      envelopeSeq += 1;
      const envelope_id = `env-${envelopeSeq}`;
      const acked = new Promise<{ envelope_id: string; payload?: unknown }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ack for ${envelope_id} within 2 s`)), 2000);
        pendingAcks.set(envelope_id, (ack) => {
          clearTimeout(timer);
          pendingAcks.delete(envelope_id);
          resolve(ack);
        });
      });
      const frame = JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' });
      for (const ws of sockets) ws.send(frame);
      return acked;
    },
    sendFrame(frame) {
      for (const ws of sockets) ws.send(JSON.stringify(frame));
    },
    onCall(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    waitForSocket: (ms = 2000) => waitUntil(() => sockets.size > 0, () => 'no Socket Mode client connected', ms).then(() => undefined),
    waitForNoSocket: (ms = 2000) => waitUntil(() => sockets.size === 0, () => `${sockets.size} sockets still open`, ms).then(() => undefined),
    async close() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

// ---- Requests to the app, signed as Slack signs them ----

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedOptions {
  secret: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  retryNum?: number;
  /** Send this signature instead of the correct one. */
  signature?: string;
}

export async function postSigned(url: string, body: string, contentType: string, o: SignedOptions): Promise<{ status: number; text: string }> {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': o.signature ?? sign(o.secret, timestamp, body),
      ...(o.retryNum !== undefined ? { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
    },
    body,
  });
  return { status: res.status, text: await res.text() };
}

let eventSeq = 0;
export function nextEventId(): string {
  eventSeq += 1;
  return `Ev${String(eventSeq).padStart(8, '0')}`;
}

/** An Events API callback around `event`. */
export function eventCallback(event: Record<string, unknown>, eventId = nextEventId()): Record<string, unknown> {
  return { token: 'legacy', team_id: TEAM_ID, api_app_id: 'A0000001', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000), event };
}

let msgSeq = 0;
/** A post by `user` in a channel the app is in (channel_type 'channel' public, 'group' private). */
export function channelEvent(channel: string, user: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  msgSeq += 1;
  const ts = `1710000000.${String(msgSeq).padStart(6, '0')}`;
  return { type: 'message', channel, channel_type: 'channel', user, text, ts, event_ts: ts, ...extra };
}

export function dmEvent(user: string, text: string): Record<string, unknown> {
  msgSeq += 1;
  return { type: 'message', channel: `D${user.replace(/^U/, '')}`, channel_type: 'im', user, text, ts: `1710000000.${String(msgSeq).padStart(6, '0')}`, event_ts: `1710000000.${String(msgSeq).padStart(6, '0')}` };
}

let triggerSeq = 0;
export function nextTrigger(): string {
  triggerSeq += 1;
  return `trig-${triggerSeq}`;
}

export function commandForm(user: string, text: string, channel: string, command = '/afterglow', responseUrl = 'http://127.0.0.1:1/response'): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: TEAM_ID,
    channel_id: channel,
    channel_name: channel.startsWith('D') ? 'directmessage' : 'general',
    user_id: user,
    user_name: user.toLowerCase(),
    command,
    text,
    response_url: responseUrl,
    trigger_id: nextTrigger(),
    api_app_id: 'A0000001',
  }).toString();
}

/** A block_actions payload for pressing the button `actionId` (with its `value`) on message (channel, ts). */
export function blockActions(
  user: string,
  actionId: string,
  value: string,
  where: { channel: string; ts: string; blocks?: unknown[]; text?: string } | 'home',
): Record<string, unknown> {
  const container =
    where === 'home'
      ? { type: 'view', view_id: 'VHOME' }
      : { type: 'message', message_ts: where.ts, channel_id: where.channel, is_ephemeral: false };
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM_ID },
    api_app_id: 'A0000001',
    token: 'legacy',
    container,
    trigger_id: nextTrigger(),
    team: { id: TEAM_ID, domain: 'test' },
    ...(where === 'home' ? { view: { id: 'VHOME', type: 'home' } } : { channel: { id: where.channel, name: 'x' }, message: { ts: where.ts, type: 'message', text: where.text ?? '', ...(where.blocks ? { blocks: where.blocks } : {}) } }),
    response_url: 'http://127.0.0.1:1/response',
    actions: [{ action_id: actionId, block_id: 'choices-0', type: 'button', value, text: { type: 'plain_text', text: actionId }, action_ts: '1710000000.1' }],
  };
}

/** A view_submission for a modal we opened: `view` as the fake received it in views.open. */
export function viewSubmission(user: string, view: Record<string, any>, values: Record<string, Record<string, unknown>>): Record<string, unknown> {
  submitSeq += 1;
  return {
    type: 'view_submission',
    team: { id: TEAM_ID, domain: 'test' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM_ID },
    api_app_id: 'A0000001',
    token: 'legacy',
    trigger_id: nextTrigger(),
    view: { ...view, id: `VSUB${submitSeq}`, hash: `h${submitSeq}`, team_id: TEAM_ID, state: { values } },
  };
}
let submitSeq = 0;

export function interactionForm(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
