import { compose, type Middleware } from './compose.js';
import { Context, type Services } from './context.js';
import { errorCode } from './errors.js';
import { EventQueue } from './event-queue.js';
import type { StoreHealth } from './store-health.js';
import type { InboundEvent, Role } from './types.js';

/** Longest text we store from one message; longer input is clipped, never rejected. */
export const MAX_TEXT_LENGTH = 8_000;

/**
 * What must happen for an event even when the store cannot take it. The core
 * declares it and calls it; src/app.ts wires crisis screening to it
 * (src/safety/store-down.ts), so the core never imports the safety layer.
 */
export interface SafetyNet {
  /**
   * Called for every event before anything about it is written, with nothing
   * but memory: returns what to do if the store then refuses the event
   * (undefined: nothing that cannot wait).
   */
  before(event: InboundEvent): ((error: unknown) => void) | undefined;
}

export interface BotOptions {
  services: Services;
  middleware: Middleware<Context>[];
  safetyNet?: SafetyNet;
  /** Told when the store refuses or takes an event's writes. */
  health?: StoreHealth;
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

  /** The store refused this event: log it loudly and let the safety net answer from memory. */
  function storeRefused(err: unknown, event: InboundEvent, net: ((error: unknown) => void) | undefined): void {
    services.logger.error(
      { code: 'store_write_failed', cause: errorCode(err), eventId: event.id, platform: event.platform, safetyNet: net !== undefined },
      'the database refused an event; crisis screening answered it from memory',
    );
    options.health?.failed(err, services.clock.now());
    try {
      net?.(err);
    } catch (netErr) {
      services.logger.error({ code: 'screening_failed', cause: errorCode(netErr), eventId: event.id }, 'the safety net itself failed');
    }
  }

  function lookFirst(event: InboundEvent): ((error: unknown) => void) | undefined {
    try {
      return options.safetyNet?.before(event);
    } catch (err) {
      // A screening bug must not stop the event; the middleware screens it again.
      services.logger.error({ code: 'screening_failed', cause: errorCode(err), eventId: event.id }, 'screening before the write failed');
      return undefined;
    }
  }

  async function handleOne(raw: InboundEvent): Promise<void> {
    const { store, clock, logger } = services;
    const event = sanitize(raw);
    // Screened before anything is written: if the write below fails, a crisis
    // message is still answered and paged (issue 18: a read-only database
    // used to drop every message, crisis included, right here).
    const net = lookFirst(event);
    const at = clock.now().toISOString();
    // Platforms retry (Slack after 3 s, Discord on resume): one id, one handling.
    // Recorded with the person in one transaction, so an event is never marked
    // handled by a write that then failed.
    let found;
    try {
      found = identify(event, at);
    } catch (err) {
      storeRefused(err, event, net);
      return;
    }
    options.health?.succeeded();
    if (!found) {
      logger.debug({ eventId: event.id, platform: event.platform }, 'duplicate event ignored');
      return;
    }
    const person = found;
    const roles = new Set<Role>(store.people.roles(person.id));
    for (const r of event.platformRoles ?? []) roles.add(r);
    const ctx = new Context(event, services, person, roles);
    await run(ctx);
  }

  function identify(event: InboundEvent, at: string) {
    const { store, config } = services;
    return store.transaction(() => {
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
  }

  // One event at a time, across everyone, committed in small batches.
  // Handling is CPU and SQLite work on one thread (replies are queued, never
  // sent inline), so running people side by side gained nothing; in order,
  // everyone's events stay in order, and a burst commits together.
  const queue = new EventQueue<InboundEvent>({
    transaction: (work) => services.store.eventTransaction(work),
    intact: () => services.store.intact(),
    handle: handleOne,
    onError(err, event, stage) {
      if (stage === 'commit' && event) {
        // This event's writes are gone (a crisis reply queued in SQLite among them): the net answers it.
        const clean = sanitize(event);
        storeRefused(err, clean, lookFirst(clean));
        return;
      }
      if (stage === 'commit') options.health?.failed(err, services.clock.now());
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
