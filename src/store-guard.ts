import type { Config } from './config.js';
import type { Clock } from './core/clock.js';
import { errorCode } from './core/errors.js';
import type { Logger } from './core/logger.js';
import type { StoreHealth, StoreHealthState } from './core/store-health.js';
import type { Platform } from './core/types.js';
import { storeNotice, type SendUnrecorded } from './safety/store-down.js';
import { acquireInstanceLock, LEASE_MS, type InstanceLock, type LockHolder } from './store/instance-lock.js';
import type { Store } from './store/store.js';

// Wiring for issue 18: the instance lock's life (taken at start, renewed,
// released at stop) and what the clinician channel is told about the
// store's health. Kept out of app.ts, which wires the bot.

export interface StoreGuardOptions {
  store: Store;
  clock: Clock;
  realTime: boolean;
  logger: Logger;
  config: Config;
  health: StoreHealth;
  platforms: () => Platform[];
  sendUnrecorded: SendUnrecorded;
  /** Another instance took the database: stop sending (and, under `start`, stop the process). */
  onLockLost: () => void;
}

export interface StoreGuard {
  /** Take the database, before any platform connects; throws `store_locked` naming the holder. */
  acquire(): void;
  /** On every tick: renew the lease (a real write, so also proof the store takes writes) and send notices due. */
  tick(): void;
  release(): void;
  holder(): LockHolder | undefined;
}

export function createStoreGuard(options: StoreGuardOptions): StoreGuard {
  const { store, clock, logger, config, health } = options;
  let lock: InstanceLock | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  // The clinician channel hears when the database starts refusing writes, every 30 minutes while it does, and
  // (judged on the tick, so a store that flickers between events does not flood the channel) when it recovers.
  let lastNoticeAt = 0;
  let toldFailing = false;
  const notify = (state: StoreHealthState, change: 'failing' | 'recovered' | 'still_failing'): void => {
    lastNoticeAt = clock.now().getTime();
    toldFailing = change !== 'recovered';
    for (const platform of new Set(options.platforms()))
      options.sendUnrecorded({ platform, kind: 'clinicians' }, storeNotice(state, change, config.defaultTimezone), { purpose: 'store_notice', key: `store:${change}:${lastNoticeAt}` });
  };
  health.onChange((state, change) => {
    if (change === 'failing') logger.error({ code: state.code, since: state.since }, 'the database is refusing writes');
    else logger.warn({}, 'the database takes writes again');
    if (change === 'failing' && !toldFailing) notify(state, change);
  });

  function renew(): void {
    if (!lock || health.state().lockLost) return;
    let held: boolean;
    try {
      held = lock.renew(clock.now());
    } catch (err) {
      health.failed(err, clock.now());
      logger.error({ code: 'store_write_failed', cause: errorCode(err) }, 'could not renew the database lock');
      return;
    }
    if (held) {
      health.succeeded();
      return;
    }
    // Our lease ran out (a long pause) and another instance took the database: sending now would double every message.
    logger.error({ code: 'store_locked' }, 'another instance took over this database; this one stops sending');
    health.lostLock(clock.now());
    options.onLockLost();
  }

  return {
    acquire() {
      lock = acquireInstanceLock(store.db, { now: clock.now() });
      if (lock.tookOverFrom)
        logger.warn({ pid: lock.tookOverFrom.pid, host: lock.tookOverFrom.host, heartbeatAt: lock.tookOverFrom.heartbeatAt }, 'took over the database from an instance that is gone');
      if (options.realTime) {
        heartbeat = setInterval(renew, LEASE_MS / 4);
        heartbeat.unref();
      }
    },
    tick() {
      renew();
      const state = health.state();
      if (state.ok && toldFailing) notify(state, 'recovered');
      else if (!state.ok && clock.now().getTime() - lastNoticeAt >= 30 * 60_000) notify(state, 'still_failing');
    },
    release() {
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = undefined;
      try {
        lock?.release();
      } catch (err) {
        logger.error({ code: errorCode(err) }, 'could not release the database lock; the next start on another host waits for its lease to run out');
      }
      lock = undefined;
    },
    holder: () => lock?.holder,
  };
}
