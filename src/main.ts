import { DateTime } from 'luxon';
import { createConsoleAdapter } from '../adapters/console/index.js';
import { advanceClock, createAfterglow, type Afterglow } from './app.js';
import type { Config } from './config.js';
import type { Adapter } from './core/adapter.js';
import { ManualClock, systemClock, type Clock } from './core/clock.js';
import { createLogger, type Logger } from './core/logger.js';

// Wiring for `afterglow start` and `afterglow chat`. The only place (with
// cli.ts) that knows about concrete adapters; adapters are loaded lazily so a
// console session never loads discord.js or Bolt.

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

async function platformAdapters(config: Config, logger: Logger): Promise<Adapter[]> {
  const adapters: Adapter[] = [];
  if (config.slack) {
    const { createSlackAdapter } = await import('../adapters/slack/index.js');
    adapters.push(createSlackAdapter(config.slack, { logger: logger.child({ platform: 'slack' }) }));
  }
  if (config.discord) {
    const { createDiscordAdapter } = await import('../adapters/discord/index.js');
    adapters.push(createDiscordAdapter(config.discord, { logger: logger.child({ platform: 'discord' }) }));
  }
  return adapters;
}

function consoleHooks(app: () => Afterglow, clock: Clock, zone: string, scripted: boolean) {
  return {
    settle: () => app().settle(),
    async advanceTo(at: Date) {
      if (clock instanceof ManualClock) await advanceClock(app(), clock, at);
    },
    async finish() {
      // Paced exercise steps still owed when the script ends: deliver them at their own times.
      if (scripted && clock instanceof ManualClock) {
        for (let next = app().nextWakeAt('reply'); next; next = app().nextWakeAt('reply')) {
          await advanceClock(app(), clock, next, 'reply');
        }
      }
      await app().settle();
    },
    // Always a numeric offset (+00:00 rather than Z), so scripts can compare local times at a glance.
    now: () => DateTime.fromJSDate(clock.now(), { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZ"),
  };
}

/**
 * `afterglow start`: every adapter whose settings are present; the
 * interactive console when none are. Resolves when the bot has stopped.
 */
export async function runStart(config: Config, io: Io): Promise<number> {
  const logger = createLogger({ level: config.logLevel, destination: io.stderr });
  const adapters = await platformAdapters(config, logger);
  if (adapters.length === 0) return runChat(config, io, { scripted: false, logger });
  const app = createAfterglow({ config, adapters, logger });
  try {
    await app.start();
  } catch (err) {
    // Close whatever did start (an HTTP server, a socket) so the process can exit with the error.
    await app.stop();
    throw err;
  }
  logger.info({ platforms: adapters.map((a) => a.platform), db: config.dbPath }, 'afterglow is running');
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await app.stop();
  return 0;
}

/** `afterglow chat [--script]`: the console adapter, interactive or JSON lines. */
export async function runChat(config: Config, io: Io, options: { scripted: boolean; logger?: Logger }): Promise<number> {
  const logger = options.logger ?? createLogger({ level: options.scripted ? 'warn' : config.logLevel, destination: io.stderr });
  // Scripted runs own their clock: `{"at": ...}` lines move it, so a week of prompts runs in a second.
  const clock: Clock = options.scripted ? new ManualClock(new Date()) : systemClock;
  let app!: Afterglow;
  const adapter = createConsoleAdapter({
    mode: options.scripted ? 'script' : 'interactive',
    input: io.stdin,
    output: io.stdout,
    errors: io.stderr,
    hooks: consoleHooks(() => app, clock, config.defaultTimezone, options.scripted),
    user: process.env.USER ?? 'you',
    admins: config.consoleAdmins,
  });
  const extra = options.scripted ? [] : await platformAdapters(config, logger);
  app = createAfterglow({ config, adapters: [adapter, ...extra], clock, logger });
  await app.start();
  await adapter.done;
  await app.stop();
  return 0;
}
