// Sending: the outbox dispatcher calls send()/update(); we render (render.ts),
// find the channel, post through the Web API, and fall back where Slack
// allows (a slash command's response_url, a new post for a gone message).
import type { webApi } from '@slack/bolt';
import type { SlackConfig } from '../../src/config.js';
import type { BoundedMap } from '../../src/core/bounded-map.js';
import { DeliveryError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/logger.js';
import type { Address, FormSpec, MessageRef, OutboundMessage, SendResult } from '../../src/core/types.js';
import { NOT_MEMBER, UPDATE_GONE, platformError, toDeliveryError } from './errors.js';
import { renderHome, renderMessage, type SlackPost } from './render.js';

export interface SlackSenderDeps {
  client: webApi.WebClient;
  config: SlackConfig;
  log: Logger;
  requestTimeoutMs: number;
  /** user id → DM channel id, filled by the listeners too. */
  dmChannels: BoundedMap<string, string>;
  /** Forms too big for a button's value, by choice id (the button carries the rest). */
  formsByChoice: BoundedMap<string, FormSpec>;
  /** Slash commands' response_urls by inbound event id. */
  responseUrls: BoundedMap<string, string>;
}

export interface SlackSender {
  send(to: Address, message: OutboundMessage): Promise<SendResult>;
  /** Resolves with the new message only when the old one was gone and a new one was posted. */
  update(ref: MessageRef, message: OutboundMessage): Promise<SendResult | undefined>;
}

export function createSlackSender(deps: SlackSenderDeps): SlackSender {
  const { client, config, log } = deps;

  /** One Web API call, its failure logged and translated for the dispatcher. */
  async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const de = toDeliveryError(err, method);
      log.warn({ method, kind: de.kind, code: platformError(err), retryAfterMs: de.retryAfterMs }, 'slack call failed');
      throw de;
    }
  }

  async function channelFor(to: Address): Promise<{ channel: string; thread?: string }> {
    switch (to.kind) {
      case 'clinicians':
        return { channel: config.clinicianChannel };
      case 'backup':
        return { channel: config.backupChannel ?? config.clinicianChannel };
      case 'channel':
        return { channel: to.id, ...(to.threadId ? { thread: to.threadId } : {}) };
      case 'direct': {
        const cached = deps.dmChannels.get(to.id);
        if (cached) return { channel: cached };
        const res = await call('conversations.open', () => client.conversations.open({ users: to.id }));
        const id = res.channel?.id;
        if (!id) throw new DeliveryError('transient', 'slack conversations.open returned no channel');
        deps.dmChannels.set(to.id, id);
        return { channel: id };
      }
      case 'home':
        throw new DeliveryError('unreachable', 'a home view has no channel');
    }
  }

  function rememberForms(message: OutboundMessage): void {
    for (const c of message.choices ?? []) if (c.form) deps.formsByChoice.set(c.id, c.form);
  }

  function render(message: OutboundMessage): SlackPost[] {
    rememberForms(message);
    return renderMessage(message, { oncallMention: config.oncallMention });
  }

  /**
   * Edit a message in place; when it is gone (deleted, too old) or the new
   * content needs several posts, post to the same channel instead, so an
   * alert's status change is never lost. Returns the new message when it had
   * to post one, undefined when the edit was made in place.
   */
  async function replace(ref: MessageRef, posts: SlackPost[]): Promise<SendResult | undefined> {
    if (posts.length === 1) {
      const post = posts[0]!;
      try {
        await call('chat.update', () =>
          client.chat.update({ channel: ref.channelId, ts: ref.messageId, text: post.text, blocks: post.blocks as never }),
        );
        return undefined;
      } catch (err) {
        if (!UPDATE_GONE.has(platformError(err) ?? '')) throw err;
        log.info({ code: platformError(err), channel: ref.channelId }, 'slack message to update is gone; posting anew');
      }
    }
    return postAll(posts, ref.channelId, undefined, undefined);
  }

  async function send(to: Address, message: OutboundMessage): Promise<SendResult> {
    if (to.kind === 'home') {
      rememberForms(message);
      await call('views.publish', () => client.views.publish({ user_id: to.id, view: renderHome(message) as never }));
      return { messageId: `home:${to.id}`, channelId: to.id };
    }
    const posts = render(message);
    if (message.replaces && message.replaces.platform === 'slack') {
      const ref = message.replaces;
      return (await replace(ref, posts)) ?? { messageId: ref.messageId, channelId: ref.channelId };
    }
    const { channel, thread } = await channelFor(to);
    const ephemeral = message.ephemeralTo && !(to.kind === 'direct' && to.id === message.ephemeralTo);
    try {
      return await postAll(posts, channel, thread, ephemeral ? message.ephemeralTo : undefined);
    } catch (err) {
      const viaUrl = message.inReplyTo ? deps.responseUrls.get(message.inReplyTo) : undefined;
      if (!viaUrl || !NOT_MEMBER.has(platformError(err) ?? '')) throw err;
      for (const post of posts) await respond(viaUrl, post, Boolean(ephemeral));
      return { messageId: '', channelId: channel };
    }
  }

  /** A reply through a slash command's response_url: works where the bot is not a member. */
  async function respond(url: string, post: SlackPost, ephemeral: boolean): Promise<void> {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: ephemeral ? 'ephemeral' : 'in_channel', text: post.text, blocks: post.blocks }),
        signal: AbortSignal.timeout(deps.requestTimeoutMs),
      });
    } catch (err) {
      throw new DeliveryError('transient', 'slack response_url unreachable', { cause: err });
    }
    if (res.status === 429) throw new DeliveryError('rate_limited', 'slack response_url rate limited', { retryAfterMs: 1000 });
    if (!res.ok) throw new DeliveryError('transient', `slack response_url: http ${res.status}`);
  }

  async function postAll(posts: SlackPost[], channel: string, thread: string | undefined, ephemeralTo: string | undefined): Promise<SendResult> {
    let last: SendResult | undefined;
    const threaded = thread ? { thread_ts: thread } : {};
    for (const post of posts) {
      if (ephemeralTo !== undefined) {
        const res = await call('chat.postEphemeral', () =>
          client.chat.postEphemeral({ channel, user: ephemeralTo, text: post.text, blocks: post.blocks as never, ...threaded }),
        );
        last = { messageId: res.message_ts ?? '', channelId: channel };
      } else {
        const res = await call('chat.postMessage', () =>
          client.chat.postMessage({
            channel,
            text: post.text,
            blocks: post.blocks as never,
            unfurl_links: false,
            unfurl_media: false,
            ...threaded,
          }),
        );
        last = { messageId: res.ts ?? '', channelId: res.channel ?? channel };
      }
    }
    return last!;
  }

  return { send, update: (ref, message) => replace(ref, render(message)) };
}
