import { DateTime } from 'luxon';
import type { Context } from '../core/context.js';
import { startCheckin } from './checkin.js';
import { emergencyContact } from '../content/render.js';
import { dosingGuidance } from './dosing-guidance.js';
import { listExercises, runExercise, stopExercise } from './exercises.js';
import { listJournal, saveJournal, startJournal } from './journal.js';
import { askDeleteMyData, exportMyData } from './my-data.js';
import { FOREVER, setPause } from './pause.js';
import { canonicalTimeZone, parseDays, parseDuration, parseTimeOfDay } from './parse.js';
import type { Command } from './router.js';
import { openExerciseReflection } from './reflection.js';
import { setRegion, showRegion } from './region.js';
import { showSafetyPlan, startSafetyPlan } from './safety-plan.js';


/** Commands anyone may use. Patterns are anchored so that free text is never mistaken for a command. */
/** What "cancel" says in the middle of a flow that has its own words for it. */
const FLOW_CANCELLED: Record<string, string> = {
  checkin: 'checkin.cancelled',
  instrument: 'instrument.cancelled',
  journal: 'journal.cancelled',
  safety_plan: 'plan.cancelled',
  prompt: 'prompt.cancelled',
};

export function createPatientCommands(staff: () => Command[] = () => []): Command[] {
  return [
    // "ayuda" alone is the Spanish word for it; a longer plea ("necesito ayuda") is free text, screened as a request for a person.
    { name: 'help', aliases: ['?', 'menu', 'commands', 'ayuda', 'menú', 'comandos'], pattern: /^(?:help|\?|menu|commands|ayuda|men[uú]|comandos)$/i, usage: 'help', summary: 'help.summary', run: (ctx) => ctx.reply(helpText(ctx, staff())) },
    { name: 'checkin', aliases: ['check-in', 'check in', 'chequeo', 'registro'], pattern: /^(?:check[- ]?in|chequeo|registro)$/i, usage: 'checkin', summary: 'help.checkin', run: (ctx) => startCheckin(ctx) },
    { name: 'journal list', aliases: ['mi diario'], pattern: /^(?:journal (?:list|entries|show)|diario (?:lista|entradas|ver)|mi diario)$/i, usage: 'journal list', summary: 'help.journal_list', run: listJournal },
    {
      name: 'journal',
      aliases: ['diario'],
      pattern: /^(?:journal|diario)(?:[\s:]+([\s\S]+))?$/i,
      usage: 'journal <text>',
      summary: 'help.journal',
      // "Journal writing helps" mid-question is an answer; only the bare word opens the journal.
      exact: (_ctx, [text]) => !text,
      run: (ctx, [text]) => (text ? saveJournal(ctx, text) : startJournal(ctx)),
    },
    { name: 'breathe', aliases: ['respirar'], pattern: /^(?:breathe|respirar)$/i, usage: 'breathe', summary: 'help.breathe', run: (ctx) => startExercise(ctx, 'box') },
    { name: 'exercises', aliases: ['ejercicios'], pattern: /^(?:exercises|ejercicios)$/i, usage: 'exercises', summary: 'help.exercises', run: (ctx) => listExercises(ctx) },
    {
      name: 'exercise',
      pattern: /^(?:exercise|ejercicio)(?: ([\p{L}\d\- ]{1,40}?))?(?: (long|short|largo|corto))?$/iu,
      usage: 'exercise <name> [long]',
      summary: 'help.exercise',
      // "Exercise helped" is a sentence; "exercise grounding" names one.
      exact: (ctx, [name]) => !name || ctx.services.content.exercise(name, ctx.locale) !== undefined,
      run: (ctx, [name, form]) => (name ? startExercise(ctx, name, /^(long|largo)$/i.test(form ?? '') ? 'long' : 'short') : listExercises(ctx)),
    },
    {
      name: 'cancel',
      aliases: ['cancelar'],
      pattern: /^(?:cancel|stop exercise|cancelar)$/i,
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
    { name: 'my safety plan', aliases: ['mi plan de seguridad'], pattern: /^(?:(?:my )?safety ?plan|(?:mi )?plan de seguridad)$/i, usage: 'my safety plan', summary: 'help.safety_plan', run: showSafetyPlan },
    // Plain "safety" is the dosing-day guidance; "safety plan" (above) is the patient's own plan.
    {
      name: 'safety',
      pattern: /^(?:safety|seguridad|safety guidance|dosing day)$/i,
      usage: 'safety',
      summary: 'help.safety',
      run: (ctx) => ctx.reply(dosingGuidance(ctx.services.content, ctx.locale, ctx.person.region)),
    },
    { name: 'edit safety plan', aliases: ['editar mi plan de seguridad'], pattern: /^(?:(?:edit|change|update) (?:my )?safety ?plan|(?:editar|cambiar) (?:mi )?plan de seguridad)$/i, usage: 'edit safety plan', summary: 'help.edit_safety_plan', run: startSafetyPlan },
    {
      name: 'pause',
      aliases: ['pausa'],
      pattern: /^(?:pause|pausa|pausar)(?: (\S.{0,30}))?$/i,
      usage: 'pause <duration>',
      summary: 'help.pause',
      exact: (_ctx, [duration]) => !duration || parseDuration(duration) !== undefined,
      run(ctx, [duration]) {
        if (!duration) {
          setPause(ctx, FOREVER);
          return ctx.reply(ctx.t('settings.paused_open'));
        }
        const ms = parseDuration(duration);
        if (ms === undefined) return ctx.reply(ctx.t('settings.duration_invalid', { duration: duration.slice(0, 20) }));
        const until = new Date(ctx.now().getTime() + ms);
        setPause(ctx, until.toISOString());
        ctx.reply(ctx.t('settings.paused_until', { until: DateTime.fromJSDate(until, { zone: ctx.person.timezone }).setLocale(ctx.locale).toFormat('ccc d LLL, HH:mm') }));
      },
    },
    {
      name: 'resume',
      aliases: ['reanudar'],
      pattern: /^(?:resume|reanudar)$/i,
      usage: 'resume',
      summary: 'help.resume',
      run(ctx) {
        setPause(ctx, null);
        ctx.reply(ctx.t('settings.resumed'));
      },
    },
    {
      name: 'stop',
      aliases: ['unsubscribe', 'opt out', 'parar', 'no más mensajes'],
      pattern: /^(?:stop|unsubscribe|opt out|parar|no m[aá]s mensajes)$/i,
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
        // "No more scheduled messages" includes the caring contacts already queued after a case.
        ctx.store.outbox.cancelPending(ctx.person.id, 'caring_contact');
        stopExercise(ctx);
        ctx.audit('person.opted_out', { type: 'person', id: ctx.person.id });
        ctx.reply(ctx.t('settings.stopped'));
      },
    },
    {
      name: 'start',
      aliases: ['opt in', 'subscribe', 'empezar', 'iniciar'],
      pattern: /^(?:start|opt in|subscribe|empezar|iniciar)$/i,
      usage: 'start',
      summary: 'help.start',
      run(ctx) {
        ctx.store.people.set(ctx.person.id, 'optedOutAt', null);
        ctx.audit('person.opted_in', { type: 'person', id: ctx.person.id });
        ctx.reply(ctx.t('settings.started'));
      },
    },
    { name: 'my data', aliases: ['mis datos', 'exportar'], pattern: /^(?:my data|export(?: my data)?|mis datos|exportar(?: mis datos)?)$/i, usage: 'my data', summary: 'help.my_data', run: exportMyData },
    { name: 'delete my data', aliases: ['borrar mis datos'], pattern: /^(?:delete my data|borrar mis datos)$/i, usage: 'delete my data', summary: 'help.delete_my_data', run: askDeleteMyData },
    {
      name: 'consent',
      pattern: /^(?:consent|consentimiento)(?: (yes|no|s[ií]))?$/i,
      usage: 'consent yes|no',
      summary: 'help.consent',
      run(ctx, [answer]) {
        if (!answer) return ctx.reply(ctx.t(ctx.person.consent === 'granted' ? 'consent.status_granted' : 'consent.status_not_granted'));
        const yes = answer.toLowerCase() !== 'no';
        ctx.store.people.setConsent(ctx.person.id, yes ? 'granted' : 'declined', ctx.nowIso());
        ctx.audit(yes ? 'consent.granted' : 'consent.declined', { type: 'person', id: ctx.person.id });
        ctx.reply(ctx.t(yes ? 'onboarding.consent_thanks' : 'onboarding.consent_declined'));
      },
    },
    {
      name: 'timezone',
      pattern: /^(?:timezone|time zone|tz|zona horaria)(?: (\S{1,64}))?$/i,
      usage: 'timezone <IANA zone>',
      summary: 'help.timezone',
      exact: (_ctx, [zone]) => !zone || canonicalTimeZone(zone) !== undefined,
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
      pattern: /^(?:check[- ]?in time|hora del registro) (\S{1,10})$/i,
      usage: 'checkin time <HH:MM>',
      summary: 'help.checkin_time',
      exact: (_ctx, [time]) => /^(off|none)$/i.test(time ?? '') || parseTimeOfDay(time ?? '') !== undefined,
      run(ctx, [time]) {
        if (/^(off|none|no|ninguna)$/i.test(time!)) {
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
      pattern: /^(?:check[- ]?in days|d[ií]as del registro) ([\p{L}, ]{1,60})$/iu,
      usage: 'checkin days <daily|mon,tue,...>',
      summary: 'help.checkin_days',
      exact: (_ctx, [days]) => parseDays(days ?? '') !== undefined,
      run(ctx, [days]) {
        const d = parseDays(days!);
        if (!d) return ctx.reply(ctx.t('settings.days_invalid', { days: days! }));
        ctx.store.people.set(ctx.person.id, 'checkinDays', d);
        ctx.reply(ctx.t('settings.checkin_days_set', { days: d }));
      },
    },
    {
      name: 'quiet hours',
      pattern: /^(?:quiet hours|horas de silencio) (\S{1,8})\s*(?:-|to|a)\s*(\S{1,8})$/i,
      usage: 'quiet hours <HH:MM>-<HH:MM>',
      summary: 'help.quiet_hours',
      exact: (_ctx, [from, to]) => parseTimeOfDay(from ?? '') !== undefined && parseTimeOfDay(to ?? '') !== undefined,
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
      exact: (ctx, [code]) => ctx.services.content.locales.includes((code ?? '').toLowerCase().slice(0, 2)),
      run(ctx, [code]) {
        const locale = code!.toLowerCase().slice(0, 2);
        if (!ctx.services.content.locales.includes(locale))
          return ctx.reply(ctx.t('settings.language_unknown', { code: code!, available: ctx.services.content.locales.join(', ') }));
        ctx.store.people.set(ctx.person.id, 'locale', locale);
        ctx.reply(ctx.services.content.text('settings.language_set', locale, { code: locale }));
      },
    },
    {
      name: 'region',
      pattern: /^(?:region|regi[oó]n|country|pa[ií]s)(?: (\S{1,10}))?$/i,
      usage: 'region <code>',
      summary: 'help.region',
      run: (ctx, [code]) => (code ? void setRegion(ctx, code) : showRegion(ctx)),
    },
    {
      name: 'intention',
      pattern: /^(?:intention|intenci[oó]n)(?:[ :]+([\s\S]{1,500}))?$/i,
      usage: 'intention <text>',
      summary: 'help.intention',
      exact: (_ctx, [text]) => !text,
      run(ctx, [text]) {
        if (!text) return ctx.reply(ctx.person.intention ? ctx.t('intention.saved', { intention: ctx.person.intention }) : ctx.t('intention.ask'));
        ctx.store.people.set(ctx.person.id, 'intention', text.trim());
        ctx.reply(ctx.t('intention.saved', { intention: text.trim() }));
      },
    },
  ];
}

/** An exercise, and afterwards a moment to say how it went (unless another question is already waiting). */
function startExercise(ctx: Context, name: string, form: 'short' | 'long' = 'short'): void {
  runExercise(ctx, name, form);
  const exercise = ctx.services.content.exercise(name.trim().toLowerCase(), ctx.locale);
  if (exercise) openExerciseReflection(ctx, exercise.id);
}

/** Help for what this person may do: patients see theirs, staff see theirs too. */
export function helpText(ctx: Context, staff: Command[] = []): string {
  const lines = [ctx.t('help.patient', { emergency: emergencyContact(ctx.services.content, ctx.person.region, ctx.locale) })];
  const mine = staff.filter((c) => !c.roles || c.roles.some((r) => ctx.hasRole(r)));
  if (ctx.hasRole('clinician') || ctx.hasRole('facilitator')) {
    lines.push('', 'Staff commands:', ...mine.map((c) => `• ${c.usage} — ${c.summary}`));
  }
  return lines.join('\n');
}
