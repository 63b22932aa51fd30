// An alert card: header, the case as fields, the patient's words as
// plain_text (never formatted, never a mention), why, and who acted when.
import type { AlertView, OutboundMessage } from '../../src/core/types.js';
import { LIMITS, escapeText, inertMrkdwn, plainWords, truncate } from './mrkdwn.js';
import type { Block } from './render.js';

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
  return /^[UW][A-Z0-9]{2,}$/.test(handle) ? `<@${handle}>` : inertMrkdwn(handle);
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
  // The patient's words are plain_text: whatever they typed (ids, <!here>, *bold*, links) shows as typed.
  if (alert.excerpt) {
    blocks.push({ type: 'context', block_id: 'alert-excerpt-label', elements: [{ type: 'mrkdwn', text: '*Message*' }] });
    blocks.push({ type: 'section', block_id: 'alert-excerpt', text: plainWords(alert.excerpt) });
  }
  // Why the screener decided: one line, already free of patient words in minimal-data mode.
  // Why the screener decided: one line that may quote the matched words, so it is plain_text like them.
  if (alert.why) blocks.push({ type: 'context', block_id: 'alert-why', elements: [plainWords(`Why: ${alert.why}`, LIMITS.fieldText)] });
  if (alert.context && alert.context.length > 0) {
    const ctx = alert.context.map((l) => `• ${l}`).join('\n');
    blocks.push({ type: 'context', block_id: 'alert-context', elements: [plainWords(`Earlier:\n${ctx}`, LIMITS.fieldText)] });
  }
  const who: string[] = [];
  if (alert.acknowledgedBy) who.push(`:eyes: Acknowledged by *${personMarkup(alert.acknowledgedBy)}*${alert.acknowledgedAt ? ` ${slackDate(alert.acknowledgedAt)}` : ''}`);
  if (alert.resolvedBy) who.push(`:white_check_mark: Resolved by *${personMarkup(alert.resolvedBy)}*${alert.resolvedAt ? ` ${slackDate(alert.resolvedAt)}` : ''}`);
  if (who.length > 0) blocks.push({ type: 'context', block_id: 'alert-status', elements: who.map((t) => ({ type: 'mrkdwn', text: t })) });
  return blocks;
}

