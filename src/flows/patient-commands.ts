import { DateTime } from 'luxon';
import type { Context } from '../core/context.js';
import { startCheckin } from './checkin.js';
import { listExercises, runExercise, stopExercise } from './exercises.js';
import { listJournal, saveJournal, startJournal } from './journal.js';
import { askDeleteMyData, exportMyData } from './my-data.js';
import { canonicalTimeZone, parseDays, parseDuration, parseTimeOfDay } from './parse.js';
import type { Command } from './router.js';
import { showSafetyPlan, startSafetyPlan } from './safety-plan.js';

const FOREVER = '9999-12-31T00:00:00.000Z';

function setPause(ctx: Context, until: string | null): void {
  ctx.store.people.set(ctx.person.id, 'pausedUntil', until);
  ctx.audit(until ? 'person.paused' : 'person.resumed', { type: 'person', id: ctx.person.id }, until ? { until } : undefined);
}

/** Commands anyone may use. Patterns are anchored so that free text is never mistaken for a command. */
/** What "cancel" says in the middle of a flow that has its own words for it. */
const FLOW_CANCELLED: Record<string, string> = {
  checkin: 'checkin.cancelled',
  instrument: 'instrument.cancelled',
  journal: 'journal.cancelled',
  safety_plan: 'plan.cancelled',
};

export function createPatientCommands(staff: () => Command[] = () => []): Command[] {
  return [
    { name: 'help', pattern: /^(?:help|\?|menu|commands)$/i, usage: 'help', summary: 'help.summary', run: (ctx) => ctx.reply(helpText(ctx, staff())) },
    { name: 'checkin', pattern: /^check[- ]?in$/i, usage: 'checkin', summary: 'help.checkin', run: (ctx) => startCheckin(ctx) },
    { name: 'journal list', pattern: /^journal (?:list|entries|show)$/i, usage: 'journal list', summary: 'help.journal_list', run: listJournal },
    { name: 'journal', pattern: /^journal(?:[\s:]+([\s\S]+))?$/i, usage: 'journal <text>', summary: 'help.journal', run: (ctx, [text]) => (text ? saveJournal(ctx, text) : startJournal(ctx)) },
    { name: 'breathe', pattern: /^breathe$/i, usage: 'breathe', summary: 'help.breathe', run: (ctx) => runExercise(ctx, 'box') },
    { name: 'exercises', pattern: /^exercises$/i, usage: 'exercises', summary: 'help.exercises', run: (ctx) => listExercises(ctx) },
    {
      name: 'exercise',
      pattern: /^exercise(?: ([\w\- ]{1,40}?))?(?: (long|short))?$/i,
      usage: 'exercise <name> [long]',
      summary: 'help.exercise',
      run: (ctx, [name, form]) => (name ? runExercise(ctx, name, form?.toLowerCase() === 'long' ? 'long' : 'short') : listExercises(ctx)),
    },
    {
      name: 'cancel',
      pattern: /^(?:cancel|stop exercise)$/i,
      usage: 'cancel',
      summary: 'help.cancel',
      run(ctx) {
        const stopped = stopExercise(ctx);
        const flow = ctx.flowState()?.flow;
        ctx.clearFlowState();
        // The flow's own words say what was not kept ("Check-in stopped. Nothing from it was saved.").
        const own = flow ? FLOW_CANCELLED[flow] : undefined;
        ctx.reply(ctx.t(own ?? (stopped || flow ? 'cancel.done' : 'cancel.nothing')));
      },
    },
    { name: 'my safety plan', pattern: /^(?:my )?safety ?plan$/i, usage: 'my safety plan', summary: 'help.safety_plan', run: showSafetyPlan },
    { name: 'edit safety plan', pattern: /^(?:edit|change|update) (?:my )?safety ?plan$/i, usage: 'edit safety plan', summary: 'help.edit_safety_plan', run: startSafetyPlan },
    {
      name: 'pause',
      pattern: /^pause(?: (\S.{0,30}))?$/i,
      usage: 'pause <duration>',
      summary: 'help.pause',
      run(ctx, [duration]) {
        if (!duration) {
          setPause(ctx, FOREVER);
          return ctx.reply(ctx.t('settings.paused_open'));
        }
        const ms = parseDuration(duration);
        if (ms === undefined) return ctx.reply(ctx.t('settings.duration_invalid', { duration: duration.slice(0, 20) }));
        const until = new Date(ctx.now().getTime() + ms);
        setPause(ctx, until.toISOString());
        ctx.reply(ctx.t('settings.paused_until', { until: DateTime.fromJSDate(until, { zone: ctx.person.timezone }).toFormat('ccc d LLL, HH:mm') }));
      },
    },
    {
      name: 'resume',
      pattern: /^resume$/i,
      usage: 'resume',
      summary: 'help.resume',
      run(ctx) {
        setPause(ctx, null);
        ctx.reply(ctx.t('settings.resumed'));
      },
    },
    {
      name: 'stop',
      pattern: /^(?:stop|unsubscribe|opt out)$/i,
      usage: 'stop',
      summary: 'help.stop',
      run(ctx) {
        // "stop" in the middle of a questionnaire or exercise most likely means "stop this", not "never message me".
        const inFlow = ctx.flowState();
        const hadExercise = stopExercise(ctx);
        if (inFlow || hadExercise) {
          ctx.clearFlowState();
          return ctx.reply(ctx.t('cancel.stopped_this'));
        }
        ctx.store.people.set(ctx.person.id, 'optedOutAt', ctx.nowIso());
        ctx.store.outbox.cancelPending(ctx.person.id, 'scheduled');
        stopExercise(ctx);
        ctx.audit('person.opted_out', { type: 'person', id: ctx.person.id });
        ctx.reply(ctx.t('settings.stopped'));
      },
    },
    {
      name: 'start',
      pattern: /^(?:start|opt in|subscribe)$/i,
      usage: 'start',
      summary: 'help.start',
      run(ctx) {
        ctx.store.people.set(ctx.person.id, 'optedOutAt', null);
        ctx.audit('person.opted_in', { type: 'person', id: ctx.person.id });
        ctx.reply(ctx.t('settings.started'));
      },
    },
    { name: 'my data', pattern: /^(?:my data|export(?: my data)?)$/i, usage: 'my data', summary: 'help.my_data', run: exportMyData },
    { name: 'delete my data', pattern: /^delete my data$/i, usage: 'delete my data', summary: 'help.delete_my_data', run: askDeleteMyData },
    {
      name: 'consent',
      pattern: /^consent(?: (yes|no))?$/i,
      usage: 'consent yes|no',
      summary: 'help.consent',
      run(ctx, [answer]) {
        if (!answer) return ctx.reply(ctx.t(ctx.person.consent === 'granted' ? 'consent.status_granted' : 'consent.status_not_granted'));
        const yes = answer.toLowerCase() === 'yes';
        ctx.store.people.setConsent(ctx.person.id, yes ? 'granted' : 'declined', ctx.nowIso());
        ctx.audit(yes ? 'consent.granted' : 'consent.declined', { type: 'person', id: ctx.person.id });
        ctx.reply(ctx.t(yes ? 'onboarding.consent_thanks' : 'onboarding.consent_declined'));
      },
    },
    {
      name: 'timezone',
      pattern: /^(?:timezone|time zone|tz)(?: (\S{1,64}))?$/i,
      usage: 'timezone <IANA zone>',
      summary: 'help.timezone',
      run(ctx, [zone]) {
        if (!zone) return ctx.reply(ctx.t('settings.timezone_current', { zone: ctx.person.timezone }));
        const canonical = canonicalTimeZone(zone);
        if (!canonical) return ctx.reply(ctx.t('settings.timezone_invalid', { zone }));
        ctx.store.people.set(ctx.person.id, 'timezone', canonical);
        ctx.reply(ctx.t('settings.timezone_set', { zone: canonical }));
      },
    },
    {
      name: 'checkin time',
      pattern: /^check[- ]?in time (\S{1,10})$/i,
      usage: 'checkin time <HH:MM>',
      summary: 'help.checkin_time',
      run(ctx, [time]) {
        if (/^(off|none)$/i.test(time!)) {
          ctx.store.people.set(ctx.person.id, 'checkinTime', null);
          return ctx.reply(ctx.t('settings.checkin_off'));
        }
        const t = parseTimeOfDay(time!);
        if (!t) return ctx.reply(ctx.t('settings.time_invalid', { time: time! }));
        ctx.store.people.set(ctx.person.id, 'checkinTime', t);
        ctx.reply(ctx.t('settings.checkin_time_set', { time: t, zone: ctx.person.timezone }));
      },
    },
    {
      name: 'checkin days',
      pattern: /^check[- ]?in days ([\w, ]{1,60})$/i,
      usage: 'checkin days <daily|mon,tue,...>',
      summary: 'help.checkin_days',
      run(ctx, [days]) {
        const d = parseDays(days!);
        if (!d) return ctx.reply(ctx.t('settings.days_invalid', { days: days! }));
        ctx.store.people.set(ctx.person.id, 'checkinDays', d);
        ctx.reply(ctx.t('settings.checkin_days_set', { days: d }));
      },
    },
    {
      name: 'quiet hours',
      pattern: /^quiet hours (\S{1,8})\s*(?:-|to)\s*(\S{1,8})$/i,
      usage: 'quiet hours <HH:MM>-<HH:MM>',
      summary: 'help.quiet_hours',
      run(ctx, [from, to]) {
        const a = parseTimeOfDay(from!);
        const b = parseTimeOfDay(to!);
        if (!a || !b || a === b) return ctx.reply(ctx.t('settings.quiet_invalid'));
        ctx.store.people.set(ctx.person.id, 'quietStart', a);
        ctx.store.people.set(ctx.person.id, 'quietEnd', b);
        ctx.reply(ctx.t('settings.quiet_set', { from: a, to: b }));
      },
    },
    {
      name: 'language',
      pattern: /^(?:language|idioma) ([a-z]{2}(?:-[a-z]{2})?)$/i,
      usage: 'language <code>',
      summary: 'help.language',
      run(ctx, [code]) {
        const locale = code!.toLowerCase().slice(0, 2);
        if (!ctx.services.content.locales.includes(locale))
          return ctx.reply(ctx.t('settings.language_unknown', { code: code!, available: ctx.services.content.locales.join(', ') }));
        ctx.store.people.set(ctx.person.id, 'locale', locale);
        ctx.reply(ctx.services.content.text('settings.language_set', locale, { code: locale }));
      },
    },
    {
      name: 'intention',
      pattern: /^intention(?:[ :]+([\s\S]{1,500}))?$/i,
      usage: 'intention <text>',
      summary: 'help.intention',
      run(ctx, [text]) {
        if (!text) return ctx.reply(ctx.person.intention ? ctx.t('intention.saved', { intention: ctx.person.intention }) : ctx.t('intention.ask'));
        ctx.store.people.set(ctx.person.id, 'intention', text.trim());
        ctx.reply(ctx.t('intention.saved', { intention: text.trim() }));
      },
    },
  ];
}

/** Help for what this person may do: patients see theirs, staff see theirs too. */
export function helpText(ctx: Context, staff: Command[] = []): string {
  const lines = [ctx.t('help.patient')];
  const mine = staff.filter((c) => !c.roles || c.roles.some((r) => ctx.hasRole(r)));
  if (ctx.hasRole('clinician') || ctx.hasRole('facilitator')) {
    lines.push('', 'Staff commands:', ...mine.map((c) => `• ${c.usage} — ${c.summary}`));
  }
  return lines.join('\n');
}
