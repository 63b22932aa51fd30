// Bolt and the Web API log through our pino logger, with every configured
// secret masked whatever library wrote the line.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/core/logger.js';

/** Replace every configured secret in a log string, whatever library wrote it. */
export function makeMasker(secrets: (string | undefined)[]): (text: string) => string {
  const list = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  const generic = /\b(xox[abpre]-|xapp-)[A-Za-z0-9-]+/g;
  return (text: string): string => {
    let out = text;
    for (const s of list) out = out.split(s).join('****');
    return out.replace(generic, '$1****');
  };
}

export function stringify(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg instanceof Error) return `${arg.name}: ${arg.message}`;
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
}

/** Bolt's logger interface over our pino logger, with secrets masked. Bolt's info chatter goes to debug. */
export function boltLogger(logger: Logger, mask: (s: string) => string): BoltLogger {
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

export function boltLevel(logger: Logger): LogLevel {
  const l = logger.level;
  if (l === 'trace' || l === 'debug') return LogLevel.DEBUG;
  if (l === 'info') return LogLevel.INFO;
  if (l === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}
