// Pure rendering of the core's neutral messages as Slack Block Kit. No I/O.
// The pieces: mrkdwn.ts (limits, escaping, inert patient words), choices.ts
// (buttons), render-alert.ts (alert cards), views.ts (App Home, modals).
import type { OutboundMessage } from '../../src/core/types.js';
import { renderChoices } from './choices.js';
import { LIMITS, escapeText, inertMrkdwn, mentionIds, mentionMarkup, splitText, toMrkdwn, truncate } from './mrkdwn.js';
import { renderAlert } from './render-alert.js';

export type Block = { type: string; block_id?: string } & Record<string, unknown>;

export interface SlackPost {
  /** Notification and accessibility fallback; also what old clients show. */
  text: string;
  blocks: Block[];
}

export interface SlackView {
  type: 'home' | 'modal';
  blocks: Block[];
  [key: string]: unknown;
}

/** The core's text as mrkdwn sections of at most 3,000 characters each. */
export function sections(text: string): Block[] {
  if (!text.trim()) return [];
  return splitText(toMrkdwn(text)).map((t) => ({ type: 'section', text: { type: 'mrkdwn', text: t } }));
}

function stepContext(step: NonNullable<OutboundMessage['step']>): Block {
  const secs = step.seconds > 0 ? ` · about ${step.seconds} s` : '';
  return { type: 'context', block_id: 'step', elements: [{ type: 'mrkdwn', text: `Step ${step.index} of ${step.total}${secs}` }] };
}

export interface RenderOptions {
  /** SLACK_ONCALL_MENTION, used when the message asks for the on-call mention. */
  oncallMention?: string;
}

/**
 * One neutral message as one or more Slack posts (more only when the text
 * needs over 50 blocks). Buttons go on the last post, under the text they belong to.
 */
export function renderMessage(message: OutboundMessage, options: RenderOptions = {}): SlackPost[] {
  const mention = mentionMarkup(message.mention, options.oncallMention);
  const body: Block[] = message.alert
    ? renderAlert(message.alert, message, mention)
    : sections(message.text);
  if (!message.alert && mention) {
    const first = body[0];
    const text = first?.text as { type: string; text: string } | undefined;
    if (first && text) first.text = { ...text, text: truncate(`${mention} ${text.text}`, LIMITS.sectionText) };
    else body.unshift({ type: 'section', text: { type: 'mrkdwn', text: mention } });
  }
  if (message.step) body.push(stepContext(message.step));
  const tail = message.choices && message.choices.length > 0 ? renderChoices(message.choices) : [];
  // An alert's text quotes the patient: inert, ids left as typed. Only the core's own text gets mentions.
  const plainText = message.alert ? inertMrkdwn(message.text) : mentionIds(escapeText(message.text));
  const fallback = truncate(`${mention ? `${mention} ` : ''}${plainText}`, LIMITS.fallbackText);

  const posts: SlackPost[] = [];
  let current: Block[] = [];
  for (const block of body) {
    if (current.length === LIMITS.blocksPerMessage) {
      posts.push({ text: '', blocks: current });
      current = [];
    }
    current.push(block);
  }
  if (current.length + tail.length > LIMITS.blocksPerMessage) {
    posts.push({ text: '', blocks: current });
    current = [];
  }
  current.push(...tail);
  posts.push({ text: '', blocks: current });
  // Each post needs its own fallback text; the first one notifies with the real start of the message.
  return posts.map((p, i) => ({
    blocks: p.blocks,
    text: i === 0 ? fallback : plainOf(p.blocks) || fallback,
  }));
}

function plainOf(blocks: Block[]): string {
  const first = blocks.find((b) => b.type === 'section') as { text?: { text?: string } } | undefined;
  return truncate(first?.text?.text ?? '', 200);
}

