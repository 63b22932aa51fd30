// Receiving: Bolt's listeners acknowledge at once, normalise (normalize.ts)
// and hand the event to the core without awaiting it. A button with a form
// opens its modal here, inside Slack's 3-second trigger window.
import type { App, webApi } from '@slack/bolt';
import type { BoundedMap } from '../../src/core/bounded-map.js';
import type { Logger } from '../../src/core/logger.js';
import type { FormSpec, InboundEvent, MessageRef } from '../../src/core/types.js';
import { platformError } from './errors.js';
import {
  interactionPlace,
  normalizeBlockAction,
  normalizeCommand,
  normalizeHomeOpened,
  normalizeMention,
  normalizeMessage,
  normalizeViewSubmission,
  type NormalizeContext,
  type SlackBlockActionsPayload,
  type SlackCommandPayload,
  type SlackMessageEvent,
  type SlackViewSubmissionPayload,
} from './normalize.js';
import { formFromValue, markChosen, renderModal, type Block } from './render.js';
import { stringify } from './logging.js';

export interface SlackListenerDeps {
  client: webApi.WebClient;
  log: Logger;
  mask: (text: string) => string;
  nctx: NormalizeContext;
  dmChannels: BoundedMap<string, string>;
  formsByChoice: BoundedMap<string, FormSpec>;
  responseUrls: BoundedMap<string, string>;
  /** The core's entry point, once the adapter has started. */
  handle: () => ((event: InboundEvent) => Promise<void>) | undefined;
}

export function registerListeners(app: App, deps: SlackListenerDeps): void {
  const { client, log, nctx } = deps;

  function dispatch(event: InboundEvent | undefined, retryNum?: number): void {
    const handle = deps.handle();
    if (!event || !handle) return;
    log.debug({ eventId: event.id, kind: event.kind, retryNum }, 'slack inbound');
    // Not awaited: Slack has been acknowledged already and the core orders and dedupes.
    handle(event).catch((err: unknown) => log.error({ eventId: event.id, err: deps.mask(stringify(err)) }, 'core handle failed'));
  }

  /** In a DM, replace the pressed row of buttons with the choice made (best effort, after the core has the event). */
  async function showChosen(p: SlackBlockActionsPayload, ref: MessageRef, actionId: string): Promise<void> {
    const blocks = p.message?.blocks ? markChosen(p.message.blocks as Block[], actionId) : undefined;
    if (!blocks) return;
    try {
      await client.chat.update({ channel: ref.channelId, ts: ref.messageId, text: p.message?.text ?? '', blocks: blocks as never });
    } catch (err) {
      log.debug({ code: platformError(err) ?? 'request_failed' }, 'slack could not mark the chosen button');
    }
  }

  async function openForm(p: SlackBlockActionsPayload, form: FormSpec, choice: string): Promise<void> {
    const place = interactionPlace(p, nctx);
    const ref = place.messageRef;
    const view = renderModal(form, {
      c: choice,
      ...(ref ? { ch: ref.channelId, ts: ref.messageId } : {}),
      ...(place.conversation.kind === 'direct' ? { dm: true } : {}),
    });
    try {
      await client.views.open({ trigger_id: p.trigger_id, view: view as never });
    } catch (err) {
      // The trigger expired (3 s) or Slack refused: fall back to the core, which asks in chat.
      log.warn({ code: platformError(err) ?? 'request_failed' }, 'slack views.open failed');
      dispatch(normalizeBlockAction(p, nctx));
    }
  }

  app.event('message', async ({ event, body, context }) => {
    const m = event as SlackMessageEvent;
    // Remember the DM channel: replies then skip a conversations.open round trip.
    if (m.channel_type === 'im' && m.user && m.channel && !m.bot_id) deps.dmChannels.set(m.user, m.channel);
    dispatch(normalizeMessage(body as { event_id?: string }, event as SlackMessageEvent, nctx), context.retryNum);
  });
  app.event('app_mention', async ({ event, body, context }) => {
    dispatch(normalizeMention(body as { event_id?: string }, event as SlackMessageEvent, nctx), context.retryNum);
  });
  app.event('app_home_opened', async ({ event, body, context }) => {
    dispatch(normalizeHomeOpened(body as { event_id?: string }, event, nctx), context.retryNum);
  });
  // Any command name: a clinic may rename /afterglow in its manifest.
  app.command(/.*/, async ({ ack, command }) => {
    await ack();
    const event = normalizeCommand(command as SlackCommandPayload, nctx);
    if (command.response_url) deps.responseUrls.set(event.id, command.response_url);
    dispatch(event);
  });
  app.action({ type: 'block_actions' }, async ({ ack, body }) => {
    await ack();
    const p = body as unknown as SlackBlockActionsPayload;
    const action = p.actions[0];
    if (!action) return;
    const form = formFromValue(action.value) ?? (action.value === 'form' ? deps.formsByChoice.get(action.action_id) : undefined);
    if (form) return openForm(p, form, action.action_id);
    const event = normalizeBlockAction(p, nctx);
    dispatch(event);
    if (event?.conversation.kind === 'direct' && event.messageRef && !p.container?.is_ephemeral) void showChosen(p, event.messageRef, action.action_id);
  });
  app.view({ type: 'view_submission' }, async ({ ack, body }) => {
    await ack();
    dispatch(normalizeViewSubmission(body as unknown as SlackViewSubmissionPayload, nctx));
  });
  app.error(async (err) => {
    log.error({ err: deps.mask(stringify(err)) }, 'slack listener error');
  });
}
