// Receiving: Bolt's listeners acknowledge at once, normalise (normalize.ts)
// and hand the event to the core without awaiting it. A button with a form
// opens its modal here, inside Slack's 3-second trigger window.
import type { App, webApi } from '@slack/bolt';
import type { BoundedMap } from '../../src/core/bounded-map.js';
import type { Logger } from '../../src/core/logger.js';
import type { FormSpec, InboundEvent, MessageRef } from '../../src/core/types.js';
import { platformError } from './errors.js';
import { normalizeCommand, normalizeHomeOpened, normalizeMention, normalizeMessage } from './normalize.js';
import { interactionPlace, normalizeBlockAction, normalizeViewSubmission } from './normalize-interactions.js';
import type { NormalizeContext, SlackBlockActionsPayload, SlackCommandPayload, SlackMessageEvent, SlackViewSubmissionPayload } from './payloads.js';
import { formFromValue } from './choices.js';
import type { Block } from './render.js';
import { markChosen, renderModal } from './views.js';
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

/** How long an acknowledgement may wait for the core's commit: well inside Slack's 3 seconds. */
export const ACK_WAIT_MS = 2_000;

export function registerListeners(app: App, deps: SlackListenerDeps): void {
  const { client, log, nctx } = deps;

  /**
   * Hand the event to the core. Resolves once the core has committed it, or
   * after ACK_WAIT_MS at the latest: listeners await this, and in HTTP mode
   * Bolt sends the acknowledgement only when they are done
   * (processBeforeResponse), so an acknowledged event is a stored one — a
   * crash before the commit leaves it unacknowledged and Slack sends it
   * again (the core dedupes by event id). The cap keeps the acknowledgement
   * inside Slack's 3 seconds when the core is slow.
   */
  function dispatch(event: InboundEvent | undefined, retryNum?: number): Promise<void> {
    const handle = deps.handle();
    if (!event || !handle) return Promise.resolve();
    log.debug({ eventId: event.id, kind: event.kind, retryNum }, 'slack inbound');
    const done = handle(event).catch((err: unknown) => log.error({ eventId: event.id, err: deps.mask(stringify(err)) }, 'core handle failed'));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ACK_WAIT_MS);
    });
    return Promise.race([done, late]).finally(() => clearTimeout(timer));
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
      await dispatch(normalizeBlockAction(p, nctx));
    }
  }

  app.event('message', async ({ event, body, context }) => {
    const m = event as SlackMessageEvent;
    // Remember the DM channel: replies then skip a conversations.open round trip.
    if (m.channel_type === 'im' && m.user && m.channel && !m.bot_id) deps.dmChannels.set(m.user, m.channel);
    await dispatch(normalizeMessage(body as { event_id?: string }, event as SlackMessageEvent, nctx), context.retryNum);
  });
  app.event('app_mention', async ({ event, body, context }) => {
    await dispatch(normalizeMention(body as { event_id?: string }, event as SlackMessageEvent, nctx), context.retryNum);
  });
  app.event('app_home_opened', async ({ event, body, context }) => {
    await dispatch(normalizeHomeOpened(body as { event_id?: string }, event, nctx), context.retryNum);
  });
  // Any command name: a clinic may rename /afterglow in its manifest.
  app.command(/.*/, async ({ ack, command }) => {
    await ack();
    const event = normalizeCommand(command as SlackCommandPayload, nctx);
    if (command.response_url) deps.responseUrls.set(event.id, command.response_url);
    await dispatch(event);
  });
  app.action({ type: 'block_actions' }, async ({ ack, body }) => {
    await ack();
    const p = body as unknown as SlackBlockActionsPayload;
    const action = p.actions[0];
    if (!action) return;
    const form = formFromValue(action.value) ?? (action.value === 'form' ? deps.formsByChoice.get(action.action_id) : undefined);
    if (form) return openForm(p, form, action.action_id);
    const event = normalizeBlockAction(p, nctx);
    await dispatch(event);
    if (event?.conversation.kind === 'direct' && event.messageRef && !p.container?.is_ephemeral) void showChosen(p, event.messageRef, action.action_id);
  });
  app.view({ type: 'view_submission' }, async ({ ack, body }) => {
    await ack();
    await dispatch(normalizeViewSubmission(body as unknown as SlackViewSubmissionPayload, nctx));
  });
  app.error(async (err) => {
    log.error({ err: deps.mask(stringify(err)) }, 'slack listener error');
  });
}
