// Interactions we may still answer. Discord wants an acknowledgement within
// 3 s (we defer at once) and then lets the token be used for 15 minutes: the
// core's answer fills the deferred reply, or follows it up, through the token.
import { Routes, type Interaction, type REST } from 'discord.js';
import { BoundedMap } from '../../src/core/bounded-map.js';
import type { Logger } from '../../src/core/logger.js';
import type { Address, OutboundMessage, SendResult } from '../../src/core/types.js';
import { errorFacts } from './errors.js';
import type { MessageBody } from './render.js';

export const EPHEMERAL = 64;

export interface PendingInteraction {
  id: string;
  token: string;
  applicationId: string;
  /** reply: deferred with a "thinking" reply (slash command, modal); update: a component press. */
  mode: 'reply' | 'update';
  /** Answers through this interaction stay private (any interaction in the server). */
  ephemeral: boolean;
  userId: string;
  channelId: string;
  isDm: boolean;
  /** The message a component was on (mode update). */
  messageId: string | undefined;
  /** Whether @original (the deferred reply) has been filled in. */
  originalUsed: boolean;
  expiresAt: number;
  /** Resolves true once Discord accepted the acknowledgement. */
  acked: Promise<boolean>;
}

export interface InteractionsOptions {
  rest: () => REST;
  log: Logger;
  ttlMs: number;
  max: number;
  /** The staff channels, where an answer to the clinician who acted stays private to them. */
  clinicianChannelId: string;
  backupChannelId: string | undefined;
}

export function createInteractions(options: InteractionsOptions) {
  const { rest, log } = options;
  const pending = new BoundedMap<string, PendingInteraction>({ max: options.max, ttlMs: options.ttlMs });
  const ephemeralMessages = new BoundedMap<string, true>(2000);

  function callback(id: string, token: string, body: unknown): Promise<boolean> {
    return rest()
      .post(Routes.interactionCallback(id, token), { body, auth: false })
      .then(() => true)
      .catch((err) => {
        log.warn({ interactionId: id, ...errorFacts(err) }, 'discord interaction acknowledgement failed');
        return false;
      });
  }

  function remember(i: Interaction, mode: 'reply' | 'update', acked: Promise<boolean>, messageId?: string): void {
    pending.set(i.id, {
      id: i.id,
      token: i.token,
      applicationId: i.applicationId,
      mode,
      ephemeral: i.guildId !== null,
      userId: i.user.id,
      channelId: i.channelId ?? '',
      isDm: i.guildId === null,
      messageId,
      originalUsed: false,
      expiresAt: Date.now() + options.ttlMs,
      acked,
    });
  }

  /** Whether this message should answer the interaction it replies to, and privately. */
  function fits(p: PendingInteraction, to: Address, message: OutboundMessage): boolean {
    if (p.expiresAt <= Date.now()) return false;
    if (message.ephemeralTo) return message.ephemeralTo === p.userId;
    switch (to.kind) {
      case 'direct':
        return p.isDm && to.id === p.userId;
      case 'channel':
        return !p.isDm && (to.threadId ?? to.id) === p.channelId;
      case 'clinicians':
      case 'backup':
        // A reply to the clinician who acted, where they acted: private to them.
        return !p.isDm && p.channelId === (to.kind === 'clinicians' ? options.clinicianChannelId : options.backupChannelId);
      default:
        return false;
    }
  }

  async function answer(p: PendingInteraction, bodies: MessageBody[]): Promise<SendResult> {
    await p.acked;
    let last: { id: string } | undefined;
    for (const body of bodies) {
      const flagged = p.ephemeral ? { ...body, flags: EPHEMERAL } : body;
      if (p.mode === 'reply' && !p.originalUsed) {
        // The deferred reply's visibility was fixed when it was deferred.
        last = (await rest().patch(Routes.webhookMessage(p.applicationId, p.token, '@original'), {
          body: { ...body, flags: undefined },
          auth: false,
        })) as { id: string };
        p.originalUsed = true;
      } else {
        last = (await rest().post(Routes.webhook(p.applicationId, p.token), { body: flagged, auth: false })) as { id: string };
      }
      if (p.ephemeral) ephemeralMessages.set(last.id, true);
    }
    return { messageId: last!.id, channelId: p.channelId };
  }

  /** A deferred reply nobody will fill (the answer went by DM): remove the "thinking…" placeholder. */
  function retireDeferred(p: PendingInteraction | undefined): void {
    if (!p || p.mode !== 'reply' || p.originalUsed || p.isDm) return;
    p.originalUsed = true;
    void p.acked
      .then(() => rest().delete(Routes.webhookMessage(p.applicationId, p.token, '@original'), { auth: false }))
      .catch((err) => log.debug(errorFacts(err), 'discord deferred reply cleanup failed'));
  }

  return {
    callback,
    remember,
    fits,
    answer,
    retireDeferred,
    get: (id: string | undefined) => (id ? pending.get(id) : undefined),
    forget: (id: string) => pending.delete(id),
    clear: () => pending.clear(),
    /** Ephemeral messages cannot be edited without their interaction: never fall back to a public post. */
    isEphemeral: (messageId: string) => ephemeralMessages.has(messageId),
  };
}

export type Interactions = ReturnType<typeof createInteractions>;
