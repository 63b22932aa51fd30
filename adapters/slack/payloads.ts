// The few fields of Slack's payloads that we read, and what normalisation
// needs to know about the workspace. Plain shapes, no Bolt imports, so tests
// can feed plain objects and Slack's extra fields are ignored.

export interface NormalizeContext {
  /** Slack user ids from SLACK_ADMINS: their events carry platformRoles ['admin']. */
  admins: ReadonlySet<string>;
  /** The bot's own user id, to strip `<@Ubot>` from mentions and ignore our own posts. */
  botUserId?: string;
  /**
   * SLACK_CLINICIAN_CHANNEL and SLACK_BACKUP_CHANNEL. Events there are the
   * clinicians' own work, addressed as `clinicians` / `backup` (never a group
   * circle, never screened as patient risk); plain chatter there is dropped.
   */
  clinicianChannel?: string;
  backupChannel?: string;
}

export interface SlackMessageEvent {
  type: string;
  subtype?: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  message?: { user?: string; text?: string; bot_id?: string; ts?: string; subtype?: string; thread_ts?: string };
  previous_message?: { text?: string };
}

export interface SlackEventEnvelope {
  event_id?: string;
  event?: unknown;
}

export interface SlackCommandPayload {
  command: string;
  text?: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  channel_name?: string;
  trigger_id: string;
}

export interface SlackAction {
  action_id: string;
  block_id?: string;
  type: string;
  value?: string;
  selected_option?: { value: string };
  action_ts?: string;
}

export interface SlackBlockActionsPayload {
  type: 'block_actions';
  trigger_id: string;
  user: { id: string; username?: string; name?: string };
  container?: { type: string; message_ts?: string; channel_id?: string; view_id?: string; is_ephemeral?: boolean };
  channel?: { id: string; name?: string };
  message?: { ts: string; text?: string; blocks?: { type: string; block_id?: string }[] };
  view?: { id: string; type: string };
  actions: SlackAction[];
}

export interface SlackViewSubmissionPayload {
  type: 'view_submission';
  trigger_id?: string;
  user: { id: string; username?: string; name?: string };
  view: {
    id: string;
    hash?: string;
    callback_id?: string;
    private_metadata?: string;
    state: { values: Record<string, Record<string, SlackInputValue>> };
  };
}

export interface SlackInputValue {
  type: string;
  value?: string | null;
  selected_date?: string | null;
  selected_time?: string | null;
  selected_date_time?: number | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
}

/** What we keep in a modal's private_metadata so its submission can find its way back. */
export interface FormMetadata {
  /** The choice id the form belongs to. */
  c: string;
  /** Channel and message the button was on (absent when pressed in App Home). */
  ch?: string;
  ts?: string;
  /** True when the button was in a DM. */
  dm?: boolean;
}
