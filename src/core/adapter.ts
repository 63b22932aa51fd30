import type { Address, InboundEvent, MessageRef, OutboundMessage, Platform, SendResult } from './types.js';

/** A send rate, as a token bucket. */
export interface RateLimit {
  /** Sustained messages per second. */
  perSecond: number;
  /** How many may go at once after a quiet spell. */
  burst: number;
}

/**
 * What the core needs from a platform. Kept small: optional capabilities
 * degrade (no update() means a new message instead of an edit).
 *
 * An adapter never reads process.env and never exits the process: it is
 * handed its slice of the parsed config.
 */
export interface Adapter {
  readonly platform: Platform;
  /** Connect and start delivering events to `handle`. Resolves when ready. */
  start(handle: (event: InboundEvent) => Promise<void>): Promise<void>;
  /** Graceful stop: resolves once sockets and servers are closed. */
  stop(): Promise<void>;
  /**
   * Send one message. Throws DeliveryError to tell the dispatcher whether to
   * retry, wait (rate limit) or give up (unreachable).
   */
  send(to: Address, message: OutboundMessage): Promise<SendResult>;
  /**
   * Edit a message already sent (alert status). When the old message is gone
   * and the adapter posts a new one instead, it returns where that went.
   */
  update?(ref: MessageRef, message: OutboundMessage): Promise<SendResult | void>;
  /** Whether this platform shows buttons; the core numbers choices otherwise. */
  readonly supportsChoices: boolean;
  /** How fast the dispatcher may send here: kept under the platform's documented limits. None: no limit. */
  readonly rateLimit?: RateLimit;
  /** Whether a backup clinician channel is configured, for alerts nobody acknowledges or that cannot be delivered. */
  readonly hasBackupChannel: boolean;
}
