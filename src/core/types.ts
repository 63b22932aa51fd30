// Platform-neutral message and event types. Every adapter normalises its
// platform's events into InboundEvent and renders OutboundMessage; nothing in
// src/ knows what Slack or Discord look like.
import type { Severity } from '../safety/screening/types.js';

export type Platform = 'console' | 'slack' | 'discord';

export const ROLES = ['patient', 'clinician', 'facilitator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A person as a platform knows them. */
export interface PlatformUser {
  platform: Platform;
  /** The platform's stable user id (Slack U…, Discord snowflake, console name). */
  userId: string;
  /** A display handle, for alerts and transcripts. Never used for identity. */
  handle?: string;
}

/**
 * Where a message goes. `direct` is a one-to-one conversation with a user
 * (`id` is the platform user id; the adapter opens the DM itself);
 * `channel` is a channel, group DM or thread (`id` the channel id).
 * `clinicians` is the clinic's alert channel, resolved by the adapter from
 * its own config; `backup` the optional backup alert channel.
 */
export type Address =
  | { platform: Platform; kind: 'direct'; id: string }
  | { platform: Platform; kind: 'channel'; id: string; threadId?: string }
  | { platform: Platform; kind: 'clinicians' }
  | { platform: Platform; kind: 'backup' }
  /** A person's own home view (Slack App Home); replaced, not appended. */
  | { platform: Platform; kind: 'home'; id: string };

/**
 * message: text typed by a person; edit: a changed message (screened again);
 * choice: a button, select option or submitted form; home: the person opened
 * the bot's home view (Slack App Home) and it should be refreshed.
 */
export type InboundKind = 'message' | 'edit' | 'choice' | 'home';

export interface InboundEvent {
  /**
   * The platform's id for this delivery (Slack event_id, Discord message or
   * interaction id). Platforms retry; a repeated id is handled once.
   */
  id: string;
  platform: Platform;
  kind: InboundKind;
  from: PlatformUser;
  /** Where the event happened; replies go back here unless sent privately. */
  conversation: Address;
  /**
   * Message text (kind message or edit), already stripped of the command
   * prefix. Adapters write mentions neutrally: `@<user id>`, `#<channel id>`.
   */
  text?: string;
  /** For kind choice: the id of the pressed button or picked option. */
  choice?: string;
  /** For kind choice: free text typed into a modal field, keyed by field id. */
  fields?: Record<string, string>;
  /** The platform message a choice was made on, so the core can update it in place. */
  messageRef?: MessageRef;
  /**
   * Roles the platform itself vouches for (Discord role mapping, Slack admin
   * list, the console's `role` field). Stored roles are added to these.
   */
  platformRoles?: Role[];
  /** True when the text arrived through a slash command rather than a plain message. */
  viaCommand?: boolean;
}

export interface Choice {
  id: string;
  label: string;
  style?: 'primary' | 'danger';
  /**
   * A form to open when pressed, on platforms with modals. Its submission
   * arrives as a choice event with this choice's id and `fields`. Without
   * modals the choice arrives without fields and the core asks in chat.
   */
  form?: FormSpec;
}

export interface AlertView {
  caseId: number;
  severity: Severity;
  category: string;
  status: 'open' | 'acknowledged' | 'resolved';
  patientHandle: string;
  createdAt: string;
  /** Absent in minimal-data mode. */
  excerpt?: string;
  context?: string[];
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  resolvedBy?: string;
  resolvedAt?: string;
  escalationLevel: number;
}

export type MessagePriority = 'crisis' | 'reply' | 'scheduled';

export interface OutboundMessage {
  /** Always present: the plain-text form every adapter can show. */
  text: string;
  /** Buttons; an adapter without buttons shows them as a numbered list. */
  choices?: Choice[];
  /** A structured alert for rich rendering (Block Kit, embeds). */
  alert?: AlertView;
  /** Mention the on-call person or group (re-escalation). */
  mention?: 'oncall' | 'here';
  /** Visible only to `ephemeralTo` in a shared channel, where the platform supports it. */
  ephemeralTo?: string;
  /** The inbound event this answers; lets an adapter answer an interaction (ephemeral, within 3 s). */
  inReplyTo?: string;
  /** Edit this earlier message instead of posting a new one (alert status); falls back to a new post. */
  replaces?: MessageRef;
  /** Pace hint for adapters that show typing: this is one step of an exercise. */
  step?: { index: number; total: number; seconds: number };
}

export interface FormSpec {
  id: string;
  title: string;
  fields: FormField[];
}

export interface FormField {
  id: string;
  label: string;
  /** Rendered as a date or time picker where the platform has one; text otherwise. Values arrive as 'YYYY-MM-DD' / 'HH:MM' / ISO 8601. */
  type?: 'text' | 'date' | 'time' | 'datetime';
  multiline?: boolean;
  initial?: string;
  optional?: boolean;
}

export interface MessageRef {
  platform: Platform;
  channelId: string;
  messageId: string;
}

export interface SendResult {
  messageId: string;
  channelId: string;
}
