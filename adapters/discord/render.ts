// Pure rendering: OutboundMessage → Discord API JSON bodies. Discord limits:
// content ≤ 2000 chars, ≤ 5 action rows of ≤ 5 buttons, custom_id ≤ 100 chars,
// button label ≤ 80, select ≤ 25 options, modal title ≤ 45, ≤ 5 text inputs,
// input label ≤ 45, embed description ≤ 4096, field value ≤ 1024.
import { splitText as splitPieces } from '../../src/core/split-text.js';
import { createHash } from 'node:crypto';
import type { AlertView, Choice, FormSpec, OutboundMessage } from '../../src/core/types.js';

export const CONTENT_LIMIT = 2000;
const CUSTOM_ID_LIMIT = 100;
export const MODAL_FIELD_LIMIT = 5;

export interface MessageBody {
  content: string;
  embeds?: unknown[];
  components?: unknown[];
  allowed_mentions: { parse: string[]; roles?: string[] };
  flags?: number;
}

export interface Rendered {
  /** One body per 2000-character chunk; embeds and components ride on the last. */
  bodies: MessageBody[];
  /** Choices that open a modal when pressed: choice id → form. */
  forms: [string, FormSpec][];
  /** custom_ids that stand for a longer choice id: custom_id → choice id. */
  aliases: [string, string][];
}

export interface RenderOptions {
  oncallRoleId?: string | undefined;
}

/** A custom_id for a choice id: itself when it fits, else a stable hash alias. */
export function customIdFor(choiceId: string): string {
  if (choiceId.length <= CUSTOM_ID_LIMIT && !choiceId.startsWith('~')) return choiceId;
  return `~${createHash('sha256').update(choiceId).digest('base64url').slice(0, 43)}`;
}

/** Discord messages hold at most 2,000 characters. */
export function splitText(text: string, limit = CONTENT_LIMIT): string[] {
  return splitPieces(text, limit);
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

const BUTTON = 2;
const ACTION_ROW = 1;
const STRING_SELECT = 3;
const TEXT_INPUT = 4;
const STYLE = { primary: 1, secondary: 2, danger: 4 } as const;

export function renderComponents(choices: Choice[]): unknown[] {
  if (choices.length === 0) return [];
  // A choice with a form must be a button: modals open only from a button press.
  const buttons = choices.length <= 25 || choices.some((c) => c.form);
  if (buttons) {
    const rows: unknown[] = [];
    for (let i = 0; i < Math.min(choices.length, 25); i += 5) {
      rows.push({
        type: ACTION_ROW,
        components: choices.slice(i, i + 5).map((c) => ({
          type: BUTTON,
          style: STYLE[c.style ?? 'secondary'],
          label: truncate(c.label, 80),
          custom_id: customIdFor(c.id),
        })),
      });
    }
    return rows;
  }
  // Long lists (more than 25 options): select menus of 25, at most five.
  const rows: unknown[] = [];
  for (let i = 0; i < Math.min(choices.length, 125); i += 25) {
    const slice = choices.slice(i, i + 25);
    rows.push({
      type: ACTION_ROW,
      components: [
        {
          type: STRING_SELECT,
          custom_id: `select:${i / 25}`,
          min_values: 1,
          max_values: 1,
          options: slice.map((c) => ({ label: truncate(c.label, 100), value: customIdFor(c.id) })),
        },
      ],
    });
  }
  return rows;
}

const ALERT_COLOR: Record<AlertView['status'], number> = {
  open: 0xd93f0b,
  acknowledged: 0xfbca04,
  resolved: 0x2ea44f,
};

export function renderAlertEmbed(alert: AlertView, text: string): unknown {
  const fields: { name: string; value: string; inline?: boolean }[] = [
    { name: 'Status', value: alert.status, inline: true },
    { name: 'Severity', value: alert.severity, inline: true },
    { name: 'Category', value: alert.category, inline: true },
    { name: 'Patient', value: truncate(alert.patientHandle, 1024), inline: true },
  ];
  if (alert.escalationLevel > 0) fields.push({ name: 'Escalation', value: String(alert.escalationLevel), inline: true });
  if (alert.acknowledgedBy) fields.push({ name: 'Acknowledged by', value: truncate(alert.acknowledgedBy, 1024), inline: true });
  if (alert.resolvedBy) fields.push({ name: 'Resolved by', value: truncate(alert.resolvedBy, 1024), inline: true });
  return {
    title: truncate(`Case #${alert.caseId}`, 256),
    description: truncate(text, 4096),
    color: ALERT_COLOR[alert.status],
    fields,
    timestamp: alert.createdAt,
  };
}

export function renderMessage(message: OutboundMessage, options: RenderOptions = {}): Rendered {
  const choices = message.choices ?? [];
  let prefix = '';
  let allowed: MessageBody['allowed_mentions'] = { parse: [] }; // patient words never ping anyone
  if (message.mention === 'oncall' && options.oncallRoleId) {
    prefix = `<@&${options.oncallRoleId}> `;
    allowed = { parse: [], roles: [options.oncallRoleId] };
  } else if (message.mention === 'oncall' || message.mention === 'here') {
    prefix = '@here ';
    allowed = { parse: ['everyone'] };
  }

  // An alert's text goes in the embed; the content carries only the mention.
  const chunks = message.alert ? [prefix.trim()] : splitText(prefix + message.text);
  const bodies: MessageBody[] = chunks.map((content, i) => ({
    content,
    // Only the first chunk carries the mention.
    allowed_mentions: i === 0 ? allowed : { parse: [] },
  }));
  const last = bodies[bodies.length - 1]!;
  if (message.alert) last.embeds = [renderAlertEmbed(message.alert, message.text)];
  const components = renderComponents(choices);
  if (components.length) last.components = components;
  // Edits replacing a message with buttons must clear them when the new one has none.
  if (message.replaces && !components.length) last.components = [];

  // A Discord modal holds at most five inputs. A longer form is not opened as a
  // modal (dropping a field would erase an answer on submit): the press arrives
  // without fields and the core asks in chat instead.
  const forms: [string, FormSpec][] = choices
    .filter((c) => c.form && c.form.fields.length <= MODAL_FIELD_LIMIT)
    .map((c) => [c.id, c.form!]);
  const aliases: [string, string][] = choices.filter((c) => customIdFor(c.id) !== c.id).map((c) => [customIdFor(c.id), c.id]);
  return { bodies, forms, aliases };
}

/** What a date or time field's value must look like (FormField's contract), as a text input's placeholder (≤ 100). */
const FORMAT_HINT = { date: 'YYYY-MM-DD', time: 'HH:MM', datetime: 'YYYY-MM-DDTHH:MM' } as const;

/** The body of a MODAL interaction response (callback type 9) for a form. */
export function renderModal(customId: string, form: FormSpec): unknown {
  return {
    custom_id: customId,
    title: truncate(form.title, 45),
    components: form.fields.slice(0, MODAL_FIELD_LIMIT).map((f) => ({
      type: ACTION_ROW,
      components: [
        {
          type: TEXT_INPUT,
          custom_id: truncate(f.id, 100),
          label: truncate(f.label, 45),
          style: f.multiline ? 2 : 1,
          required: !f.optional,
          max_length: 4000,
          // No date or time pickers on Discord: show the format the core expects instead.
          ...(f.type && f.type !== 'text' ? { placeholder: FORMAT_HINT[f.type] } : {}),
          ...(f.initial ? { value: truncate(f.initial, 4000) } : {}),
        },
      ],
    })),
  };
}
