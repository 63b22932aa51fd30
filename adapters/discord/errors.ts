// discord.js failures, as the outbox dispatcher's three outcomes, and the
// facts about them that are safe to log (never the error's message: discord.js
// errors carry the request body, which may hold patient words).
import { DiscordAPIError, RateLimitError } from 'discord.js';
import { CodedError, DeliveryError } from '../../src/core/errors.js';

/** Map a REST failure to what the outbox dispatcher should do. */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof RateLimitError) {
    return new DeliveryError('rate_limited', `discord rate limited (${err.route})`, {
      retryAfterMs: Math.max(err.timeToReset, err.retryAfter ?? 0, 1000),
    });
  }
  if (err instanceof DiscordAPIError) {
    // 50007: the user closed DMs or left the server; 10013: unknown user.
    if (err.code === 50007 || err.code === 10013) {
      return new DeliveryError('unreachable', `discord refused delivery (code ${err.code})`);
    }
    if (err.status === 429) return new DeliveryError('rate_limited', 'discord rate limited', { retryAfterMs: 1000 });
    return new DeliveryError('transient', `discord API error ${err.status} (code ${err.code})`);
  }
  const status = (err as { status?: number } | undefined)?.status;
  if (status === 429) return new DeliveryError('rate_limited', 'discord rate limited', { retryAfterMs: 1000 });
  return new DeliveryError('transient', `discord request failed${status ? ` (${status})` : ''}`);
}

export function errorFacts(err: unknown): Record<string, unknown> {
  if (err instanceof DiscordAPIError) return { status: err.status, discordCode: err.code };
  if (err instanceof RateLimitError) return { rateLimited: true, timeToReset: err.timeToReset };
  if (err instanceof CodedError) return { code: err.code };
  return { error: (err as Error | undefined)?.name ?? 'unknown' };
}

export function isDiscordCode(err: unknown, ...codes: number[]): boolean {
  return err instanceof DiscordAPIError && typeof err.code === 'number' && codes.includes(err.code);
}
