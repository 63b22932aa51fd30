// Which Bolt receiver carries Slack's events to us: Socket Mode when an app
// token is configured, otherwise the signed HTTP Events API.
import { HTTPReceiver, SocketModeReceiver, type Logger as BoltLogger, type LogLevel, type Receiver, type webApi } from '@slack/bolt';
import type { SlackConfig } from '../../src/config.js';

export interface ReceiverOptions {
  logger: BoltLogger;
  logLevel: LogLevel;
  clientOptions: webApi.WebClientOptions;
  /** Socket Mode: how long to wait for a pong before reconnecting (ms). */
  clientPingTimeout?: number;
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
  return { receiver };
}
