// Views: the App Home tab, forms as modals, and a pressed row of buttons
// replaced by the choice made.
import type { FormField, FormSpec, OutboundMessage } from '../../src/core/types.js';
import { renderChoices } from './choices.js';
import { LIMITS, escapeText, truncate } from './mrkdwn.js';
import { encodeFormMetadata } from './normalize-interactions.js';
import type { FormMetadata } from './payloads.js';
import { sections, type Block, type SlackView } from './render.js';

/**
 * The App Home tab. The core sends text and choices; paragraphs become
 * sections with dividers between topics, a short first line becomes the header,
 * and the choices (safety plan, check-in…) a row of buttons.
 */
export function renderHome(message: OutboundMessage): SlackView {
  const paragraphs = message.text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const blocks: Block[] = [];
  const first = paragraphs[0];
  if (first && !first.includes('\n') && first.length <= LIMITS.header && paragraphs.length > 1) {
    blocks.push({ type: 'header', text: { type: 'plain_text', text: first.replace(/\*\*/g, ''), emoji: true } });
    paragraphs.shift();
  }
  const actions = message.choices && message.choices.length > 0 ? renderChoices(message.choices, 'home') : [];
  if (actions.length > 0) blocks.push(...actions, { type: 'divider' });
  paragraphs.forEach((p, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(...sections(p));
  });
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerView) };
}

function plain(text: string, max: number) {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

function inputElement(field: FormField): Block {
  const actionId = 'value';
  switch (field.type) {
    case 'date':
      return {
        type: 'datepicker',
        action_id: actionId,
        ...(field.initial && /^\d{4}-\d{2}-\d{2}$/.test(field.initial) ? { initial_date: field.initial } : {}),
      };
    case 'time':
      return {
        type: 'timepicker',
        action_id: actionId,
        ...(field.initial && /^\d{2}:\d{2}$/.test(field.initial) ? { initial_time: field.initial } : {}),
      };
    case 'datetime': {
      const ms = field.initial ? Date.parse(field.initial) : Number.NaN;
      return {
        type: 'datetimepicker',
        action_id: actionId,
        ...(Number.isNaN(ms) ? {} : { initial_date_time: Math.floor(ms / 1000) }),
      };
    }
    default:
      return {
        type: 'plain_text_input',
        action_id: actionId,
        multiline: field.multiline === true,
        ...(field.initial ? { initial_value: field.initial.slice(0, 3000) } : {}),
      };
  }
}

/**
 * A FormSpec as a modal. Input block ids are the field ids so the submission
 * maps straight back; private_metadata remembers the choice and the message.
 */
export function renderModal(form: FormSpec, meta: FormMetadata): SlackView {
  const fields = form.fields;
  return {
    type: 'modal',
    callback_id: 'afterglow_form',
    title: plain(form.title || 'Afterglow', LIMITS.modalTitle),
    submit: plain('Submit', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: encodeFormMetadata(meta).slice(0, LIMITS.privateMetadata),
    blocks: fields.slice(0, LIMITS.blocksPerView).map((f) => ({
      type: 'input',
      block_id: f.id.slice(0, 255),
      label: plain(f.label, 2000),
      optional: f.optional === true,
      element: inputElement(f),
    })),
  };
}

/**
 * After a button in a DM was pressed: the same message with its row of
 * choices replaced by the one picked, so the conversation reads like a
 * transcript and an old question cannot be answered twice by accident.
 * Only our own choice rows (block ids `choices-N`) are touched; undefined
 * when there is nothing to change.
 */
export function markChosen(blocks: Block[], actionId: string): Block[] | undefined {
  const isChoices = (b: Block) => b.type === 'actions' && typeof b.block_id === 'string' && b.block_id.startsWith('choices-');
  const rows = blocks.filter(isChoices);
  const pressed = rows
    .flatMap((b) => (b.elements as { action_id?: string; text?: { text?: string } }[] | undefined) ?? [])
    .find((e) => e.action_id === actionId);
  if (!pressed) return undefined;
  const label = pressed.text?.text ?? actionId;
  const out: Block[] = [];
  let placed = false;
  for (const b of blocks) {
    if (!isChoices(b)) out.push(b);
    else if (!placed) {
      out.push({ type: 'context', block_id: 'chosen', elements: [{ type: 'mrkdwn', text: `:white_check_mark: *${escapeText(label)}*` }] });
      placed = true;
    }
  }
  return out;
}
