// The plan a clinician shapes (`plan <person> …`): the sequence after each
// session, extra prompts or exercises with a due time, check-in days, a
// questionnaire schedule and a note to the patient. Everything sent goes
// through the scheduler's delivery rows (consent, pauses and quiet hours
// apply as to any scheduled message); the patient sees it with `my plan`.
import { DateTime } from 'luxon';
import type { Context } from '../core/context.js';
import { CodedError } from '../core/errors.js';
import type { CarePlan } from '../store/care-repo.js';
import type { Person } from '../store/people-repo.js';
import type { ScheduleRepo } from '../store/schedule-repo.js';
import { guarded, requireGroup, requirePerson } from './groups.js';
import { parseDays } from './parse.js';
import { planLines } from './patient-view-model.js';
import type { Command } from './router.js';

const QUESTIONNAIRES: Record<string, string> = { phq9: 'PHQ-9', gad7: 'GAD-7' };
/** How far ahead a questionnaire series is planned; changing it replaces what is still planned. */
const SERIES_DAYS = 84;
const USAGE = [
  'plan <person>: show it',
  'plan <person> sequence <default|gentle|intensive>',
  'plan <person> assign <prompt|exercise> <id> <date-time>',
  'plan <person> checkins <daily|mon,wed,...>',
  'plan <person> <phq9|gad7> every <days> days | <phq9|gad7> off',
  'plan <person> note <text>',
  'plan group <name>',
].join('\n');

export function createPlanCommands(repo: ScheduleRepo): Command[] {
  const whenIn = (zone: string) => (iso: string | null) => (iso ? DateTime.fromISO(iso, { zone }).toFormat('ccc d LLL yyyy HH:mm') : '–');

  function show(ctx: Context, person: Person): void {
    const who = (id: number | null) => (id === null ? 'someone' : (ctx.store.people.get(id)?.handle ?? `#${id}`));
    const checkins = person.checkinTime ? `${person.checkinDays} at ${person.checkinTime}` : 'none (no check-in time set)';
    ctx.replyQuietly([`${person.handle}, times in ${person.timezone}:`, ...planLines(ctx.store.care.plan(person.id), ctx.store.care.assignments(person.id), checkins, whenIn(person.timezone), who)].join('\n'));
  }

  function save(ctx: Context, person: Person, change: Partial<CarePlan>, field: string): void {
    const current = ctx.store.care.plan(person.id) ?? { personId: person.id, sequenceId: null, questionnaires: {}, note: null, updatedBy: null, updatedAt: '' };
    ctx.store.care.savePlan({ ...current, ...change, updatedBy: ctx.person.id, updatedAt: ctx.nowIso() });
    ctx.audit('plan.changed', { type: 'person', id: person.id }, { field });
  }

  function assign(ctx: Context, person: Person, kind: string, ref: string, dueAt: Date, text?: string): void {
    const key = `plan:${person.id}:${kind}:${ref.slice(0, 40)}:${dueAt.toISOString()}`;
    const added = repo.addDelivery({ key, source: 'plan', personId: person.id, kind: kind as 'prompt', ref: text ?? ref, dueAt: dueAt.toISOString() }, ctx.nowIso());
    if (!added) throw new CodedError('input_invalid', `${ref} is already assigned to ${person.handle} for then.`);
    ctx.store.care.addAssignment({ personId: person.id, groupId: null, kind, ref, dueAt: dueAt.toISOString(), assignedBy: ctx.person.id, assignedAt: ctx.nowIso(), deliveryKey: key });
  }

  function change(ctx: Context, person: Person, rest: string): void {
    const { content } = ctx.services;
    let m: RegExpExecArray | null;
    if ((m = /^sequence (\S{1,40})$/i.exec(rest))) {
      const seq = content.sequence(m[1]!.toLowerCase());
      if (!seq) throw new CodedError('not_found', `There is no sequence "${m[1]}" in prompts/sequences.`);
      save(ctx, person, { sequenceId: seq.id }, 'sequence');
      return ctx.replyQuietly(`From the next session on, ${person.handle} gets "${seq.title}" (${seq.steps.length} steps). A sequence already running is not changed.`);
    }
    if ((m = /^assign (prompt|exercise) (\S{1,60}) (\S{10,40})$/i.exec(rest))) {
      const kind = m[1]!.toLowerCase();
      const ref = m[2]!;
      const known = kind === 'prompt' ? content.prompt(ref, person.locale) : content.exercise(ref, person.locale);
      if (!known) throw new CodedError('not_found', `There is no ${kind} "${ref}". Type "content list" at the shell to see them.`);
      const due = DateTime.fromISO(m[3]!, { zone: person.timezone, setZone: true });
      if (!due.isValid || due.toMillis() <= ctx.now().getTime()) throw new CodedError('schedule_invalid', `"${m[3]}" is not a date-time in the future (ISO 8601, in ${person.timezone}).`);
      assign(ctx, person, kind, ref, due.toJSDate());
      ctx.audit('plan.assigned', { type: 'person', id: person.id }, { kind, ref, dueAt: due.toISO() });
      return ctx.replyQuietly(`Assigned ${kind} ${ref} to ${person.handle}, due ${whenIn(person.timezone)(due.toUTC().toISO())} (${person.timezone}). Quiet hours and pauses still apply.`);
    }
    if ((m = /^check-?ins ([\w, ]{1,60})$/i.exec(rest))) {
      const days = parseDays(m[1]!);
      if (!days) throw new CodedError('input_invalid', `"${m[1]}" is not a list of days: use daily or e.g. mon,wed,fri.`);
      ctx.store.people.set(person.id, 'checkinDays', days);
      save(ctx, person, {}, 'checkin_days');
      return ctx.replyQuietly(`Check-ins for ${person.handle}: ${days}${person.checkinTime ? ` at ${person.checkinTime}` : ' (they have no check-in time yet: they set it with "checkin time HH:MM")'}.`);
    }
    if ((m = /^(phq9|gad7) (?:every (\d{1,2}) days?|(off))$/i.exec(rest))) {
      const id = m[1]!.toLowerCase();
      const every = m[3] ? 0 : Number(m[2]);
      if (!m[3] && (every < 7 || every > 60)) throw new CodedError('input_invalid', 'Questionnaires can be every 7 to 60 days.');
      ctx.store.care.cancelPlanned(`planq:${person.id}:${id}:`, ctx.nowIso());
      const start = DateTime.fromJSDate(ctx.now(), { zone: person.timezone }).plus({ days: 1 }).set({ hour: 11, minute: 0, second: 0, millisecond: 0 });
      for (let d = 0; every && d < SERIES_DAYS; d += every) {
        const due = start.plus({ days: d });
        repo.addDelivery({ key: `planq:${person.id}:${id}:${due.toISODate()}`, source: 'plan', personId: person.id, kind: 'instrument', ref: id, dueAt: due.toUTC().toISO()! }, ctx.nowIso());
      }
      const questionnaires = { ...(ctx.store.care.plan(person.id)?.questionnaires ?? {}) };
      if (every) questionnaires[id] = every;
      else delete questionnaires[id];
      save(ctx, person, { questionnaires }, id);
      return ctx.replyQuietly(
        every
          ? `${QUESTIONNAIRES[id]} for ${person.handle} every ${every} days at 11:00 ${person.timezone}, from ${start.toFormat('ccc d LLL')} for ${SERIES_DAYS / 7} weeks.`
          : `${QUESTIONNAIRES[id]} series for ${person.handle} stopped (those in a session sequence still come).`,
      );
    }
    if ((m = /^note ([\s\S]{1,1000})$/i.exec(rest))) {
      const note = m[1]!.trim();
      save(ctx, person, { note }, 'note');
      const text = ctx.services.content.text('myplan.note', person.locale, { who: ctx.person.handle, note });
      assign(ctx, person, 'text', 'note', ctx.now(), text);
      return ctx.replyQuietly(`Note saved in ${person.handle}'s plan and sent to them (they see it with "my plan").`);
    }
    throw new CodedError('input_invalid', `I didn't understand that. Usage:\n${USAGE}`);
  }

  function showGroup(ctx: Context, name: string): void {
    const group = requireGroup(repo, name);
    const handle = (id: number | null) => (id === null ? 'someone' : (ctx.store.people.get(id)?.handle ?? `#${id}`));
    const schedules = repo.schedules().filter((s) => s.groupId === group.id && s.status !== 'cancelled');
    const lines = schedules.map(
      (s) => `• #${s.id} ${s.spec} → ${s.target}: ${s.content.ref ?? 'message'} · ${s.status}${s.nextAt ? ` · next ${whenIn(s.timezone)(s.nextAt)}` : ''} · by ${handle(s.createdBy)}`,
    );
    ctx.replyQuietly([`Plan for group ${group.name} (${group.timezone}):`, ...(lines.length ? lines : ['nothing scheduled: add with "schedule <group> <when> <content>"'])].join('\n'));
  }

  return [
    {
      name: 'plan',
      pattern: /^plan (\S{1,100})(?: ([\s\S]{1,1100}))?$/i,
      usage: 'plan <person> [sequence|assign|checkins|phq9|gad7|note …]',
      summary: 'show or shape a patient\'s plan; "plan group <name>" for a group',
      roles: ['clinician', 'facilitator'],
      run: guarded((ctx, [who, rest]) => {
        if (who!.toLowerCase() === 'group' && rest) return showGroup(ctx, rest.trim());
        // Facilitators shape groups; a patient's plan is the clinician's.
        if (!ctx.hasRole('clinician')) throw new CodedError('permission_denied', 'Only clinicians can see or change a patient\'s plan. Facilitators: "plan group <name>".');
        const person = requirePerson(ctx, who!);
        if (!rest) return show(ctx, person);
        change(ctx, person, rest.trim().replace(/[ \t]+/g, ' '));
      }),
    },
  ];
}
