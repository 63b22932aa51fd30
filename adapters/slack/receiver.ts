// Which Bolt receiver carries Slack's events to us: Socket Mode when an app
// token is configured, otherwise the signed HTTP Events API.
import { HTTPReceiver, SocketModeReceiver, type Logger as BoltLogger, type LogLevel, type Receiver, type webApi } from '@slack/bolt';
import type { SlackConfig } from '../../src/config.js';
import type { Logger } from '../../src/core/logger.js';

export interface ReceiverOptions {
  /** Ours, for what this module itself refuses. */
  log: Logger;
  logger: BoltLogger;
  logLevel: LogLevel;
  clientOptions: webApi.WebClientOptions;
  /** Socket Mode: how long to wait for a pong before reconnecting (ms). */
  clientPingTimeout?: number;
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

export function createReceiver(config: SlackConfig, options: ReceiverOptions): { receiver: Receiver; socket?: SocketModeReceiver } {
  const { logger, logLevel } = options;
  if (config.appToken) {
    const socket = new SocketModeReceiver({
      appToken: config.appToken,
      logger,
      logLevel,
      ...(options.clientPingTimeout ? { clientPingTimeout: options.clientPingTimeout } : {}),
      installerOptions: { clientOptions: options.clientOptions },
    });
    return { receiver: socket, socket };
  }
  const receiver = new HTTPReceiver({
    signingSecret: config.signingSecret!,
    endpoints: '/slack/events',
    logger,
    logLevel,
    // The acknowledgement goes when the listener is done, and the listener waits for the core's
    // commit (at most ACK_WAIT_MS, inside Slack's 3 s): acknowledged means stored (receive.ts).
    processBeforeResponse: true,
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
  refuseFutureRequests(receiver, options.log);
  return { receiver };
}
