// Slack's failures, translated into the dispatcher's three outcomes.
import { DeliveryError } from '../../src/core/errors.js';

const UNREACHABLE = new Set(['user_not_found', 'users_not_found', 'account_inactive', 'cannot_dm_bot', 'user_disabled']);
/** The bot is not in the channel a slash command came from: answer through the command's response_url. */
export const NOT_MEMBER = new Set(['not_in_channel', 'channel_not_found']);
/** The message to edit is gone or can no longer be edited: post anew. */
export const UPDATE_GONE = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed', 'msg_too_long']);

/** Slack's failure, as the dispatcher's three outcomes. */
export function toDeliveryError(err: unknown, method: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number };
  if (e?.code === 'slack_webapi_rate_limited_error') {
    return new DeliveryError('rate_limited', `slack ${method} rate limited`, {
      retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000,
      cause: err,
    });
  }
  if (e?.code === 'slack_webapi_platform_error') {
    const code = e.data?.error ?? 'unknown';
    if (code === 'ratelimited') return new DeliveryError('rate_limited', `slack ${method} rate limited`, { retryAfterMs: 1000, cause: err });
    if (UNREACHABLE.has(code)) return new DeliveryError('unreachable', `slack ${method}: ${code}`, { cause: err });
    return new DeliveryError('transient', `slack ${method}: ${code}`, { cause: err });
  }
  if (e?.code === 'slack_webapi_http_error') return new DeliveryError('transient', `slack ${method}: http ${e.statusCode ?? '?'}`, { cause: err });
  return new DeliveryError('transient', `slack ${method}: ${e?.code ?? 'request failed'}`, { cause: err });
}

/** Slack's own error string (`channel_not_found`, …), when the Web API gave one. */
export function platformError(err: unknown): string | undefined {
  const cause = err instanceof DeliveryError ? err.cause : err;
  const e = cause as { code?: string; data?: { error?: string } };
  return e?.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
}
