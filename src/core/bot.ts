import { compose, type Middleware } from './compose.js';
import { Context, type Services } from './context.js';
import { errorCode } from './errors.js';
import { EventQueue } from './event-queue.js';
import type { InboundEvent, Role } from './types.js';

/** Longest text we store from one message; longer input is clipped, never rejected. */
export const MAX_TEXT_LENGTH = 8_000;

export interface BotOptions {
  services: Services;
  middleware: Middleware<Context>[];
}

export interface Bot {
  /** The single entry point for inbound events: adapters, the scripted console and tests call it. */
  handle(event: InboundEvent): Promise<void>;
  /** Resolves when every event handed in so far has been handled. */
  idle(): Promise<void>;
}

/**
 * The platform-neutral bot. Each event gets a Context and runs through the
 * middleware chain, one event at a time (see EventQueue).
 */
export function createBot(options: BotOptions): Bot {
  const { services } = options;
  const run = compose(options.middleware);

  async function handleOne(event: InboundEvent): Promise<void> {
    const { store, clock, logger, config } = services;
    const at = clock.now().toISOString();
    // Platforms retry (Slack after 3 s, Discord on resume): one id, one handling.
    // Recorded with the person in one transaction, so an event is never marked
    // handled by a write that then failed.
    const found = store.transaction(() => {
      if (!store.markEventProcessed(event.platform, event.id, at)) return undefined;
      let p = store.people.ensure(
        { platform: event.platform, userId: event.from.userId },
        event.from.handle ?? event.from.userId,
        at,
        { timezone: config.defaultTimezone, region: config.defaultRegion },
      );
      // They wrote to us, so the platform reaches them again (DMs reopened).
      if (p.unreachableAt && event.conversation.kind === 'direct') {
        store.people.set(p.id, 'unreachableAt', null);
        p = { ...p, unreachableAt: null };
      }
      return p;
    });
    if (!found) {
      logger.debug({ eventId: event.id, platform: event.platform }, 'duplicate event ignored');
      return;
    }
    const person = found;
    const roles = new Set<Role>(store.people.roles(person.id));
    for (const r of event.platformRoles ?? []) roles.add(r);
    const ctx = new Context(sanitize(event), services, person, roles);
    await run(ctx);
  }

  // One event at a time, across everyone, committed in small batches.
  // Handling is CPU and SQLite work on one thread (replies are queued, never
  // sent inline), so running people side by side gained nothing; in order,
  // everyone's events stay in order, and a burst commits together.
  const queue = new EventQueue<InboundEvent>({
    transaction: (work) => services.store.eventTransaction(work),
    intact: () => services.store.intact(),
    handle: handleOne,
    onError(err, event) {
      // Last line of defence; the error middleware normally catches first.
      services.logger.error({ code: errorCode(err), err, ...(event ? { eventId: event.id } : {}) }, event ? 'event handling failed' : 'event batch failed to commit');
    },
  });

  return {
    handle: (event: InboundEvent) => queue.push(event),
    idle: () => queue.idle(),
  };
}

/**
 * Drop NUL and other control characters that break terminals, logs and
 * JSON lines. Length is left alone: the screener must see all of a long
 * message (risk hides in the middle as easily as at the ends); flows that
 * store text clip it themselves.
 */
function sanitize(event: InboundEvent): InboundEvent {
  if (event.text === undefined) return event;
  // eslint-disable-next-line no-control-regex
  const text = event.text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ');
  return text === event.text ? event : { ...event, text };
}

/** Cut text for storage, keeping both ends. */
export function clipText(text: string, max = MAX_TEXT_LENGTH): string {
  if (text.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)}\n…\n${text.slice(-half)}`;
}
