// Buttons, selects and submitted modals, as the core's `choice` events.
import type { Address, InboundEvent, MessageRef } from '../../src/core/types.js';
import type { FormMetadata, NormalizeContext, SlackAction, SlackBlockActionsPayload, SlackInputValue, SlackViewSubmissionPayload } from './payloads.js';
import { base, placeOf } from './place.js';

/** The choice id a pressed element stands for: our buttons carry it as action_id. */
export function actionChoice(action: SlackAction): string {
  if (action.type === 'static_select' && action.selected_option) return action.selected_option.value;
  return action.action_id;
}

/** Where an interaction happened, as the core's Address, plus the message to update in place. */
export function interactionPlace(
  p: SlackBlockActionsPayload,
  ctx: NormalizeContext,
): { conversation: Address; messageRef?: MessageRef } {
  const channelId = p.container?.channel_id ?? p.channel?.id;
  const ts = p.container?.message_ts ?? p.message?.ts;
  if (!channelId || p.container?.type === 'view') {
    // Pressed in App Home (or a modal): answer in the person's DM.
    return { conversation: { platform: 'slack', kind: 'direct', id: p.user.id } };
  }
  const messageRef = ts ? { platform: 'slack' as const, channelId, messageId: ts } : undefined;
  // The button's own message is the place, not its thread: answers go to the channel.
  return { ...placeOf(channelId, p.user.id, ctx), ...(messageRef ? { messageRef } : {}) };
}

/** A button press or select. One InboundEvent per action (Slack sends one per payload in practice). */
export function normalizeBlockAction(p: SlackBlockActionsPayload, ctx: NormalizeContext): InboundEvent | undefined {
  const action = p.actions[0];
  if (!action) return undefined;
  const place = interactionPlace(p, ctx);
  return {
    ...base(`act:${p.trigger_id}`, p.user.id, p.user.username ?? p.user.name, ctx),
    kind: 'choice',
    conversation: place.conversation,
    choice: actionChoice(action),
    ...(place.messageRef ? { messageRef: place.messageRef } : {}),
  };
}

export function encodeFormMetadata(meta: FormMetadata): string {
  return JSON.stringify(meta);
}

export function decodeFormMetadata(raw: string | undefined): FormMetadata | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<FormMetadata>;
    return typeof v.c === 'string' ? (v as FormMetadata) : undefined;
  } catch {
    return undefined;
  }
}

/** One input's value as text: dates as YYYY-MM-DD, times as HH:MM, date-times as ISO 8601 UTC. */
export function inputValue(v: SlackInputValue): string | undefined {
  if (v.value != null) return v.value;
  if (v.selected_date != null) return v.selected_date;
  if (v.selected_time != null) return v.selected_time;
  if (v.selected_date_time != null) return new Date(v.selected_date_time * 1000).toISOString();
  if (v.selected_option != null) return v.selected_option.value;
  if (v.selected_options) return v.selected_options.map((o) => o.value).join(',');
  return undefined;
}

/**
 * A submitted modal: the choice of the button that opened it, with the typed
 * fields keyed by the FormSpec field ids (our input blocks use them as block_id).
 */
export function normalizeViewSubmission(p: SlackViewSubmissionPayload, ctx: NormalizeContext): InboundEvent | undefined {
  const meta = decodeFormMetadata(p.view.private_metadata);
  if (!meta) return undefined;
  const fields: Record<string, string> = {};
  for (const [blockId, byAction] of Object.entries(p.view.state.values)) {
    for (const value of Object.values(byAction)) {
      const text = inputValue(value);
      if (text !== undefined) fields[blockId] = text;
    }
  }
  const { conversation } =
    !meta.ch || meta.dm
      ? { conversation: { platform: 'slack', kind: 'direct', id: p.user.id } as Address }
      : placeOf(meta.ch, p.user.id, ctx);
  return {
    ...base(`view:${p.view.id}:${p.view.hash ?? p.trigger_id ?? ''}`, p.user.id, p.user.username ?? p.user.name, ctx),
    kind: 'choice',
    conversation,
    choice: meta.c,
    fields,
    ...(meta.ch && meta.ts ? { messageRef: { platform: 'slack' as const, channelId: meta.ch, messageId: meta.ts } } : {}),
  };
}
