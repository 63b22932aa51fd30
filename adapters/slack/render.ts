// Pure rendering of the core's neutral messages as Slack Block Kit. No I/O.
// Slack's limits are handled here, each where it bites:
//   section text ≤ 3000 chars, ≤ 50 blocks per message, ≤ 100 per view,
//   ≤ 25 elements per actions block, button text ≤ 75, action_id ≤ 255,
//   button value ≤ 2000, header ≤ 150, modal title/submit/close ≤ 24,
//   ≤ 10 fields per section, each ≤ 2000.
import { splitText as splitPieces } from '../../src/core/split-text.js';
import type { AlertView, Choice, FormField, FormSpec, OutboundMessage } from '../../src/core/types.js';
import { encodeFormMetadata, type FormMetadata } from './normalize.js';

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

export const LIMITS = {
  sectionText: 3000,
  blocksPerMessage: 50,
  blocksPerView: 100,
  actionsPerBlock: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  header: 150,
  modalTitle: 24,
  fieldText: 2000,
  fallbackText: 3000,
  privateMetadata: 3000,
} as const;

const FORM_VALUE_PREFIX = '{"f":';

/** Escape the three characters Slack's mrkdwn treats as control characters. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The core writes light Markdown; Slack's bold is a single asterisk. */
export function toMrkdwn(text: string): string {
  return mentionIds(escapeText(text).replace(/\*\*(.+?)\*\*/g, '*$1*').replace(/__(.+?)__/g, '_$1_'));
}

/**
 * The core names Slack people by their user id when it has no handle
 * ("U04ABCD123 is now a clinician"); as `<@id>` Slack shows their current
 * name instead. Ids have a digit, which keeps words like UNFORTUNATELY out.
 */
export function mentionIds(text: string): string {
  return text.replace(/(^|[^<@\w])([UW](?=[A-Z0-9]*\d)[A-Z0-9]{8,11})\b/g, '$1<@$2>');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A section's text holds at most 3,000 characters; entities such as &amp; stay whole. */
export function splitText(text: string, max: number = LIMITS.sectionText): string[] {
  return splitPieces(text, max, { keepEntities: true });
}

/** SLACK_ONCALL_MENTION as Slack markup: a user group (S…), a user (U…/W…), or markup given verbatim. */
export function mentionMarkup(mention: 'oncall' | 'here' | undefined, oncall: string | undefined): string | undefined {
  if (!mention) return undefined;
  if (mention === 'here' || !oncall) return '<!here>';
  const v = oncall.trim();
  if (v.startsWith('<')) return v;
  if (/^S[A-Z0-9]+$/.test(v)) return `<!subteam^${v}>`;
  if (/^[UW][A-Z0-9]+$/.test(v)) return `<@${v}>`;
  if (v === '@here' || v === 'here') return '<!here>';
  if (v === '@channel' || v === 'channel') return '<!channel>';
  return escapeText(v);
}

/** The button's value: the form itself when it fits, so a restart loses nothing; otherwise looked up by id. */
export function buttonValue(choice: Choice): string {
  if (!choice.form) return choice.id.slice(0, LIMITS.buttonValue);
  const encoded = `${FORM_VALUE_PREFIX}${JSON.stringify(choice.form)}}`;
  return encoded.length <= LIMITS.buttonValue ? encoded : 'form';
}

/** The FormSpec carried in a button's value, if it carries one. */
export function formFromValue(value: string | undefined): FormSpec | undefined {
  if (!value || !value.startsWith(FORM_VALUE_PREFIX)) return undefined;
  try {
    const parsed = JSON.parse(value) as { f?: FormSpec };
    return parsed.f && typeof parsed.f.id === 'string' && Array.isArray(parsed.f.fields) ? parsed.f : undefined;
  } catch {
    return undefined;
  }
}

export function renderButton(choice: Choice): Block {
  return {
    type: 'button',
    action_id: choice.id.slice(0, LIMITS.actionId),
    text: { type: 'plain_text', text: truncate(choice.label || choice.id, LIMITS.buttonText), emoji: true },
    value: buttonValue(choice),
    ...(choice.style ? { style: choice.style } : {}),
  };
}

/** Choices as buttons, at most 25 to an actions block; block ids unique within the message. */
export function renderChoices(choices: Choice[], prefix = 'choices'): Block[] {
  const blocks: Block[] = [];
  // action_id must be unique within a message; the core's ids are, but guard against repeats.
  const seen = new Set<string>();
  const unique = choices.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
  for (let i = 0; i < unique.length; i += LIMITS.actionsPerBlock) {
    blocks.push({
      type: 'actions',
      block_id: `${prefix}-${i / LIMITS.actionsPerBlock}`,
      elements: unique.slice(i, i + LIMITS.actionsPerBlock).map(renderButton),
    });
  }
  return blocks;
}

function sections(text: string): Block[] {
  if (!text.trim()) return [];
  return splitText(toMrkdwn(text)).map((t) => ({ type: 'section', text: { type: 'mrkdwn', text: t } }));
}

// Keyed by the core's severities: a review case (a contact request, a
// distress plea) must not look like an emergency.
const SEVERITY_ICON: Record<AlertView['severity'], string> = {
  imminent: ':rotating_light:',
  high: ':rotating_light:',
  moderate: ':large_yellow_circle:',
  review: ':information_source:',
};

const STATUS_ICON: Record<AlertView['status'], string> = {
  open: ':red_circle: Open',
  acknowledged: ':large_yellow_circle: Acknowledged',
  resolved: ':large_green_circle: Resolved',
};

function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeText(iso);
  // Slack shows this in each reader's own time zone; the ISO text is the fallback.
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${escapeText(iso)}>`;
}

/** A person's handle; a bare Slack user id becomes a mention, which Slack shows as their current name. */
export function personMarkup(handle: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(handle) ? `<@${handle}>` : escapeText(handle);
}

/**
 * An alert: the core's first line as the header, the case as fields, the
 * patient's words quoted, and who acted and when (each reader sees the time in
 * their own time zone). The full plain text stays in the notification fallback.
 */
export function renderAlert(alert: AlertView, message: OutboundMessage, mention: string | undefined): Block[] {
  const icon = SEVERITY_ICON[alert.severity];
  const headline = message.text.split('\n')[0]?.trim() || `Case #${alert.caseId}`;
  const blocks: Block[] = [];
  // The mention must be in a section's text for Slack to notify the group.
  if (mention) blocks.push({ type: 'section', block_id: 'alert-mention', text: { type: 'mrkdwn', text: `${mention} ${icon}` } });
  blocks.push({ type: 'header', block_id: 'alert-header', text: { type: 'plain_text', text: truncate(headline, LIMITS.header), emoji: true } });
  const fields = [
    ['Patient', personMarkup(alert.patientHandle)],
    ['Status', STATUS_ICON[alert.status]],
    ['Severity', escapeText(alert.severity)],
    ['Category', escapeText(alert.category.replace(/_/g, ' '))],
    ['Opened', slackDate(alert.createdAt)],
    ['Escalation level', String(alert.escalationLevel)],
  ].map(([k, v]) => ({ type: 'mrkdwn', text: truncate(`*${k}*\n${v}`, LIMITS.fieldText) }));
  blocks.push({ type: 'section', block_id: 'alert-fields', fields });
  if (alert.excerpt) {
    const quoted = escapeText(alert.excerpt)
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n');
    blocks.push({ type: 'section', block_id: 'alert-excerpt', text: { type: 'mrkdwn', text: truncate(quoted, LIMITS.sectionText) } });
  }
  if (alert.context && alert.context.length > 0) {
    const ctx = alert.context.map((l) => `• ${escapeText(l)}`).join('\n');
    blocks.push({ type: 'context', block_id: 'alert-context', elements: [{ type: 'mrkdwn', text: truncate(`Earlier:\n${ctx}`, LIMITS.fieldText) }] });
  }
  const who: string[] = [];
  if (alert.acknowledgedBy) who.push(`:eyes: Acknowledged by *${personMarkup(alert.acknowledgedBy)}*${alert.acknowledgedAt ? ` ${slackDate(alert.acknowledgedAt)}` : ''}`);
  if (alert.resolvedBy) who.push(`:white_check_mark: Resolved by *${personMarkup(alert.resolvedBy)}*${alert.resolvedAt ? ` ${slackDate(alert.resolvedAt)}` : ''}`);
  if (who.length > 0) blocks.push({ type: 'context', block_id: 'alert-status', elements: who.map((t) => ({ type: 'mrkdwn', text: t })) });
  return blocks;
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
  const fallback = truncate(`${mention ? `${mention} ` : ''}${mentionIds(escapeText(message.text))}`, LIMITS.fallbackText);

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
