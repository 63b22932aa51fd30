import { DateTime } from 'luxon';
import type { Context } from '../core/context.js';
import { startCheckin } from './checkin.js';

const BARS = '▁▂▃▄▅▆▇█';

/** Mood over recent check-ins as a one-line sparkline (0–10 mapped onto eight bars). */
export function sparkline(values: number[]): string {
  return values.map((v) => BARS[Math.min(7, Math.max(0, Math.round((v / 10) * 7)))]).join('');
}

/** The person's home view (Slack App Home): what's coming, recent mood, their safety plan. */
export function showHome(ctx: Context): void {
  const moods = ctx.store.records
    .recentCheckins(ctx.person.id, 14)
    .reverse()
    .map((c) => c.mood)
    .filter((m): m is number => m !== null);
  const upcoming = ctx.store.outbox
    .pendingFor(ctx.person.id)
    .filter((m) => m.purpose === 'scheduled' || m.purpose === 'caring_contact')
    .slice(0, 5)
    .map((m) => `• ${DateTime.fromISO(m.nextAttemptAt, { zone: ctx.person.timezone }).toFormat('ccc d LLL, HH:mm')}`);
  const lines = [
    ctx.t('home.title'),
    moods.length ? `${ctx.t('home.mood')} ${sparkline(moods)} (${moods.join(', ')})` : ctx.t('home.no_mood'),
    upcoming.length ? `${ctx.t('home.upcoming')}\n${upcoming.join('\n')}` : ctx.t('home.nothing_upcoming'),
  ];
  ctx.services.send(
    { platform: ctx.event.platform, kind: 'home', id: ctx.event.from.userId },
    {
      text: lines.join('\n\n'),
      choices: [
        { id: 'safetyplan:show', label: ctx.t('home.safety_plan') },
        { id: 'home:checkin', label: ctx.t('home.checkin') },
      ],
    },
    { priority: 'reply', purpose: 'home', personId: ctx.person.id },
  );
}

/** Buttons on the home view. */
export const homeFlow = {
  name: 'home',
  choicePrefix: 'home:',
  onInput(ctx: Context): void {
    if (ctx.event.choice === 'home:checkin') return startCheckin(ctx, 'home');
    showHome(ctx);
  },
};
