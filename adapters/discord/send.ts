// Sending: the outbox dispatcher calls send()/update(); we render
// (render.ts), answer through a pending interaction where one fits, edit in
// place where we can, and otherwise post to the channel or the person's DM.
import { Routes, type REST } from 'discord.js';
import type { DiscordConfig } from '../../src/config.js';
import type { BoundedMap } from '../../src/core/bounded-map.js';
import type { Logger } from '../../src/core/logger.js';
import type { Address, FormSpec, MessageRef, OutboundMessage, SendResult } from '../../src/core/types.js';
import { errorFacts, isDiscordCode, toDeliveryError } from './errors.js';
import type { Interactions, PendingInteraction } from './interactions.js';
import { renderMessage, type MessageBody } from './render.js';

export interface DiscordSenderDeps {
  config: DiscordConfig;
  log: Logger;
  rest: () => REST;
  interactions: Interactions;
  forms: BoundedMap<string, FormSpec>;
  aliases: BoundedMap<string, string>;
  dmChannels: BoundedMap<string, string>;
}

export function createDiscordSender(deps: DiscordSenderDeps) {
  const { config, log, rest, interactions } = deps;

  async function dmChannel(userId: string): Promise<string> {
    const known = deps.dmChannels.get(userId);
    if (known) return known;
    const channel = (await rest().post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
    deps.dmChannels.set(userId, channel.id);
    return channel.id;
  }

  async function channelFor(to: Address): Promise<string | null> {
    switch (to.kind) {
      case 'direct':
        return dmChannel(to.id);
      case 'channel':
        return to.threadId ?? to.id;
      case 'clinicians':
        return config.clinicianChannelId;
      case 'backup':
        // Without a backup channel the clinician channel is the only place left.
        return config.backupChannelId ?? config.clinicianChannelId;
      case 'home':
        return null; // Discord has no home view
    }
  }

  async function post(channelId: string, bodies: MessageBody[]): Promise<SendResult> {
    let last: { id: string } | undefined;
    for (const body of bodies) {
      last = (await rest().post(Routes.channelMessages(channelId), { body })) as { id: string };
    }
    return { messageId: last!.id, channelId };
  }

  function registerRendered(message: OutboundMessage) {
    const rendered = renderMessage(message, { oncallRoleId: config.oncallRoleId });
    for (const [id, form] of rendered.forms) deps.forms.set(id, form);
    for (const [customId, id] of rendered.aliases) deps.aliases.set(customId, id);
    return rendered;
  }

  async function edit(ref: MessageRef, message: OutboundMessage, p: PendingInteraction | undefined): Promise<boolean> {
    // An edit is one message: the last chunk carries the buttons and embed.
    const patch = registerRendered({ ...message, replaces: ref }).bodies.at(-1)!;
    if (p && p.mode === 'update' && p.messageId === ref.messageId && p.expiresAt > Date.now()) {
      // Edit through the interaction: works for ephemeral messages too.
      await p.acked;
      await rest().patch(Routes.webhookMessage(p.applicationId, p.token, '@original'), { body: patch, auth: false });
      return true;
    }
    if (interactions.isEphemeral(ref.messageId)) {
      log.debug({ messageId: ref.messageId }, 'discord cannot edit an ephemeral message without its interaction');
      return true; // never fall back to a public post
    }
    try {
      await rest().patch(Routes.channelMessage(ref.channelId, ref.messageId), { body: patch });
      return true;
    } catch (err) {
      if (isDiscordCode(err, 10008, 10003)) return false; // gone: post anew
      throw err;
    }
  }

  async function deliver(to: Address, message: OutboundMessage): Promise<SendResult> {
    const p = interactions.get(message.inReplyTo);
    if (to.kind === 'home') return { messageId: '', channelId: '' };
    if (message.replaces && (await edit(message.replaces, message, p))) {
      return { messageId: message.replaces.messageId, channelId: message.replaces.channelId };
    }
    const rendered = registerRendered(message);
    if (p && interactions.fits(p, to, message)) {
      try {
        return await interactions.answer(p, rendered.bodies);
      } catch (err) {
        // 10015 unknown webhook / 10062 unknown interaction: the token has lapsed; send normally.
        if (!isDiscordCode(err, 10015, 10062)) throw err;
        interactions.forget(p.id);
      }
    }
    if (message.ephemeralTo && to.kind !== 'direct') {
      // Private words for one person in a shared place: their DM, never the channel.
      const result = await post(await dmChannel(message.ephemeralTo), rendered.bodies);
      interactions.retireDeferred(p);
      return result;
    }
    const channelId = await channelFor(to);
    if (!channelId) return { messageId: '', channelId: '' };
    const result = await post(channelId, rendered.bodies);
    if (to.kind === 'direct') interactions.retireDeferred(p);
    return result;
  }

  return {
    async send(to: Address, message: OutboundMessage): Promise<SendResult> {
      try {
        return await deliver(to, message);
      } catch (err) {
        const failure = toDeliveryError(err);
        log.warn({ to: to.kind, kind: failure.kind, ...errorFacts(err) }, 'discord send failed');
        throw failure;
      }
    },

    /**
     * Edit in place; when the message is gone (10008 Unknown Message, 10003
     * Unknown Channel) post it anew in the same channel and resolve with the
     * new message, so the dispatcher aims later edits at it. Resolves with
     * nothing when the edit was made in place.
     */
    async update(ref: MessageRef, message: OutboundMessage): Promise<SendResult | undefined> {
      try {
        if (await edit(ref, message, interactions.get(message.inReplyTo))) return undefined;
        log.info({ channelId: ref.channelId, messageId: ref.messageId }, 'discord message to update is gone; posting anew');
        return await post(ref.channelId, registerRendered(message).bodies);
      } catch (err) {
        const failure = toDeliveryError(err);
        log.warn({ kind: failure.kind, ...errorFacts(err) }, 'discord update failed');
        throw failure;
      }
    },
  };
}
