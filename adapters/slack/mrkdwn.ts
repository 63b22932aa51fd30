// Text for Slack: its limits, its three control characters, light Markdown
// as mrkdwn, mentions, and patient words made inert. Pure; no I/O.
//   section text ≤ 3000 chars, ≤ 50 blocks per message, ≤ 100 per view,
//   ≤ 25 elements per actions block, button text ≤ 75, action_id ≤ 255,
//   button value ≤ 2000, header ≤ 150, modal title/submit/close ≤ 24,
//   ≤ 10 fields per section, each ≤ 2000.
import { splitText as splitPieces } from '../../src/core/split-text.js';

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

/** Escape the three characters Slack's mrkdwn treats as control characters. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ZWSP = '\u200b';

/**
 * Someone's own words where Slack reads mrkdwn (a notification's fallback
 * text, a field): the three control characters escaped, so `<!here>`,
 * `<@U…>`, `<#C…>` and `<url|label>` show as typed; a zero-width space after
 * each of `* _ ~ \`` and before a line's leading `>`, so no bold, italics,
 * strike, code or quote forms; and no id ever turned into a mention. Where a
 * block can hold plain_text, patient words go there instead (`plainWords`),
 * which Slack never formats.
 */
export function inertMrkdwn(text: string): string {
  return escapeText(text)
    .replace(/[*_~`]/g, (c) => `${c}${ZWSP}`)
    .replace(/^(\s*)&gt;/gm, `$1${ZWSP}&gt;`);
}

/** Patient words as a plain_text object: no mrkdwn, no mentions, no emoji codes. */
export function plainWords(text: string, max: number = LIMITS.sectionText) {
  return { type: 'plain_text', text: truncate(text, max), emoji: false };
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

export function truncate(text: string, max: number): string {
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

