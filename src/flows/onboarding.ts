import type { Context } from '../core/context.js';
import type { Flow } from './router.js';
import { canonicalTimeZone, parseTimeOfDay, parseYesNo } from './parse.js';

const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/London'];

/** First contact: what the bot is and is not, consent, time zone, check-in time. */
export function startOnboarding(ctx: Context): void {
  ctx.setFlowState('onboarding', 'consent');
  ctx.reply(ctx.t('notice.disclaimer'));
  askConsent(ctx);
  ctx.store.people.set(ctx.person.id, 'lastNoticeAt', ctx.nowIso());
}

function askConsent(ctx: Context): void {
  ctx.reply({
    text: ctx.t('onboarding.consent_ask'),
    choices: [
      { id: 'onb:consent:yes', label: ctx.t('onboarding.consent_yes'), style: 'primary' },
      { id: 'onb:consent:no', label: ctx.t('onboarding.consent_no') },
    ],
  });
}

function askTimezone(ctx: Context): void {
  ctx.reply({
    text: ctx.t('onboarding.timezone_ask', { zone: ctx.person.timezone }),
    choices: [
      ...ZONES.map((z) => ({ id: `onb:tz:${z}`, label: z.replace('_', ' ') })),
      { id: `onb:tz:keep`, label: ctx.t('onboarding.timezone_keep', { zone: ctx.person.timezone }) },
    ],
  });
}

function askCheckinTime(ctx: Context): void {
  ctx.reply({
    text: ctx.t('onboarding.checkin_time_ask'),
    choices: [
      { id: 'onb:time:09:00', label: '09:00' },
      { id: 'onb:time:13:00', label: '13:00' },
      { id: 'onb:time:19:00', label: '19:00' },
      { id: 'onb:time:none', label: ctx.t('onboarding.checkin_time_none') },
    ],
  });
}

/** The answer as a choice id suffix or as typed text. */
function answer(ctx: Context, prefix: string): string {
  if (ctx.event.kind === 'choice' && ctx.event.choice?.startsWith(prefix)) return ctx.event.choice.slice(prefix.length);
  return ctx.text;
}

export const onboardingFlow: Flow = {
  name: 'onboarding',
  choicePrefix: 'onb:',
  onInput(ctx) {
    const state = ctx.flowState();
    if (!state || state.flow !== 'onboarding') return ctx.reply(ctx.t('onboarding.already_done'));
    switch (state.step) {
      case 'consent': {
        const a = answer(ctx, 'onb:consent:');
        const yes = a === 'yes' ? true : a === 'no' ? false : parseYesNo(a);
        if (yes === undefined) return askConsent(ctx);
        ctx.store.people.setConsent(ctx.person.id, yes ? 'granted' : 'declined', ctx.nowIso());
        ctx.audit(yes ? 'consent.granted' : 'consent.declined', { type: 'person', id: ctx.person.id });
        ctx.reply(ctx.t(yes ? 'onboarding.consent_thanks' : 'onboarding.consent_declined'));
        ctx.setFlowState('onboarding', 'timezone');
        return askTimezone(ctx);
      }
      case 'timezone': {
        const a = answer(ctx, 'onb:tz:');
        if (a !== 'keep') {
          const zone = canonicalTimeZone(a);
          if (!zone) {
            ctx.reply(ctx.t('settings.timezone_invalid', { zone: a.slice(0, 60) }));
            return askTimezone(ctx);
          }
          ctx.store.people.set(ctx.person.id, 'timezone', zone);
        }
        ctx.setFlowState('onboarding', 'checkin_time');
        return askCheckinTime(ctx);
      }
      case 'checkin_time': {
        const a = answer(ctx, 'onb:time:');
        if (a !== 'none' && !/^skip$/i.test(a)) {
          const time = parseTimeOfDay(a);
          if (!time) {
            ctx.reply(ctx.t('settings.time_invalid', { time: a.slice(0, 20) }));
            return askCheckinTime(ctx);
          }
          ctx.store.people.set(ctx.person.id, 'checkinTime', time);
        }
        ctx.store.people.set(ctx.person.id, 'onboardedAt', ctx.nowIso());
        ctx.clearFlowState();
        ctx.audit('onboarding.completed', { type: 'person', id: ctx.person.id });
        const me = ctx.store.people.get(ctx.person.id)!;
        return ctx.reply(
          ctx.t('onboarding.done', {
            zone: me.timezone,
            checkin: me.checkinTime ? ctx.t('onboarding.checkin_at', { time: me.checkinTime }) : ctx.t('onboarding.checkin_none'),
          }),
        );
      }
      default:
        ctx.clearFlowState();
        return ctx.reply(ctx.t('help.patient'));
    }
  },
};
