import type { Middleware } from './compose.js';
import type { Context } from './context.js';
import { CodedError, errorCode, type ErrorCode } from './errors.js';

/** Codes whose message is written for the person who asked, not for the log. */
const USER_FACING: ReadonlySet<ErrorCode> = new Set(['input_invalid', 'not_found', 'schedule_invalid', 'permission_denied']);
import type { Logger } from './logger.js';

/**
 * The global error handler: log the failure (codes and ids, no message text)
 * and give the person a short apology instead of silence.
 */
export function errorBoundary(logger: Logger): Middleware<Context> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      // A problem with what the person asked for: tell them exactly what, as one line.
      if (err instanceof CodedError && USER_FACING.has(err.code)) {
        logger.debug({ code: err.code, eventId: ctx.event.id }, 'request refused');
        return ctx.replyQuietly(err.message);
      }
      logger.error({ code: errorCode(err), err, eventId: ctx.event.id, personId: ctx.person.id }, 'handler failed');
      try {
        ctx.replyQuietly(ctx.t('error.sorry'));
      } catch (inner) {
        logger.error({ code: errorCode(inner) }, 'could not send the apology');
      }
    }
  };
}

/**
 * The not-a-human notice at the start and every few hours of conversation
 * (New York's rule for AI companions). Onboarding shows the longer disclaimer.
 */
export function periodicNotice(hours: number): Middleware<Context> {
  return async (ctx, next) => {
    const last = ctx.person.lastNoticeAt ? new Date(ctx.person.lastNoticeAt).getTime() : undefined;
    const due = ctx.person.onboardedAt !== null && (last === undefined || ctx.now().getTime() - last >= hours * 3_600_000);
    if (due && ctx.event.kind !== 'home' && ctx.event.conversation.kind === 'direct') {
      ctx.store.people.set(ctx.person.id, 'lastNoticeAt', ctx.nowIso());
      ctx.reply(ctx.t('notice.not_human'));
    }
    await next();
  };
}
