import { DateTime } from 'luxon';
import type { Context } from '../core/context.js';
import { CodedError } from '../core/errors.js';
import type { Role } from '../core/types.js';
import { dailyCheckinGivesWay } from '../scheduler/checkin-day.js';
import { checkinRecurrence, formatLocal, nextOccurrence, nextOccurrences, parseWhen, recurrenceOf, sequenceStepAt } from '../scheduler/recurrence.js';
import type { GroupSchedule, ScheduleRepo } from '../store/schedule-repo.js';
import { guarded, requireGroup, requireGroupLead, requirePerson } from './groups.js';
import { canonicalTimeZone } from './parse.js';
import type { Command } from './router.js';

const CLINICIAN: Role[] = ['clinician'];
const FACILITATOR: Role[] = ['facilitator'];
/** A session may be recorded a little after it happened; steps already past are recorded as skipped. */
const SESSION_MAX_PAST_MS = 3 * 86_400_000;
const SESSION_MAX_FUTURE_MS = 366 * 86_400_000;

/**
 * Record a session and plan the sequence: every step becomes a delivery row
 * now (so `schedule` can show it and a restart loses nothing); a new session
 * cancels what was left of the previous one.
 */
export function recordSession(ctx: Context, repo: ScheduleRepo, personRef: string, when: string, sequenceId = 'default'): void {
  const person = requirePerson(ctx, personRef);
  const parsed = DateTime.fromISO(when, { zone: person.timezone, setZone: true });
  if (!parsed.isValid) throw new CodedError('schedule_invalid', `"${when}" is not an ISO 8601 date-time; use e.g. 2026-10-31T14:00 (the patient's zone, ${person.timezone}) or 2026-10-31T14:00-04:00.`);
  const at = parsed.toJSDate();
  const now = ctx.now();
  if (now.getTime() - at.getTime() > SESSION_MAX_PAST_MS) throw new CodedError('schedule_invalid', `${when} is more than 3 days in the past; nothing was scheduled.`);
  if (at.getTime() - now.getTime() > SESSION_MAX_FUTURE_MS) throw new CodedError('schedule_invalid', `${when} is more than a year ahead; nothing was scheduled.`);
  const sequence = ctx.services.content.sequence(sequenceId);
  if (!sequence) throw new CodedError('not_found', `There is no sequence "${sequenceId}" in prompts/sequences.`);
  const nowIso = ctx.nowIso();
  const planned = sequence.steps.map((step) => ({ step, at: sequenceStepAt(at, person.timezone, step.offset) }));
  const sessionId = repo.transaction(() => {
    const id = repo.recordSession(person.id, at.toISOString(), sequence.id, ctx.person.id, nowIso);
    for (const { step, at: due } of planned) {
      const past = due.getTime() <= now.getTime();
      repo.addDelivery(
        {
          key: `seq:${id}:${step.id}`,
          source: 'sequence',
          sourceId: id,
          personId: person.id,
          kind: step.kind,
          ref: step.ref ?? null,
          step: step.id,
          dueAt: due.toISOString(),
          ...(past ? { status: 'skipped' as const, reason: 'before_recorded' } : {}),
        },
        nowIso,
      );
    }
    return id;
  });
  ctx.audit('session.recorded', { type: 'person', id: person.id }, { session: sessionId, at: at.toISOString(), sequence: sequence.id });
  const upcoming = planned.filter((p) => p.at.getTime() > now.getTime());
  ctx.replyQuietly(
    [
      `Session recorded for ${person.handle} at ${formatLocal(at, person.timezone)}. ${upcoming.length} of ${planned.length} steps of "${sequence.title}" scheduled in ${person.timezone} (any earlier sequence replaced):`,
      ...upcoming.map((p) => `• ${formatLocal(p.at, person.timezone)} — ${p.step.kind}${p.step.ref ? ` ${p.step.ref}` : ''}`),
    ].join('\n'),
  );
}

/** Tokens of `schedule <group> "<when>" <content> …`: quoted strings or bare words. */
function tokens(input: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|“([^”]*)”|(\S+)/g;
  for (let m = re.exec(input); m; m = re.exec(input)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

function isZoneToken(t: string): boolean {
  return t.includes('/') || /^(utc|gmt)$/i.test(t);
}

function describe(s: GroupSchedule, repo: ScheduleRepo): string {
  const g = repo.group(s.groupId);
  const what = s.content.text !== undefined ? `"${s.content.text.length > 60 ? `${s.content.text.slice(0, 60)}…` : s.content.text}"` : s.content.ref;
  const next = s.nextAt ? `next ${formatLocal(s.nextAt, s.timezone)}` : 'no further runs';
  return `#${s.id} ${g?.name ?? '?'} · ${s.spec} (${s.timezone}) · ${what} · to ${s.target === 'channel' ? 'the channel' : 'each member by DM'} · ${s.status} · ${next}`;
}

export function createScheduleCommands(repo: ScheduleRepo): Command[] {
  function scheduleById(ctx: Context, id: string, action: string): GroupSchedule {
    const s = repo.schedule(Number(id));
    if (!s || s.status === 'cancelled') throw new CodedError('not_found', `There is no schedule #${id}. Type "schedules" to see them.`);
    requireGroupLead(ctx, repo, repo.group(s.groupId)!, action);
    return s;
  }

  const commands: Command[] = [
    {
      name: 'session',
      pattern: /^session (\S{1,80}) (\S{10,40})$/i,
      usage: 'session <person> <ISO 8601 date-time>',
      summary: 'record a session and schedule the integration sequence in the patient\'s time zone',
      roles: CLINICIAN,
      run: guarded((ctx, [who, when]) => recordSession(ctx, repo, who!, when!)),
    },
    {
      name: 'schedule',
      pattern: /^(?:schedule|my schedule|what'?s next)$/i,
      usage: 'schedule',
      summary: 'help.schedule',
      run(ctx) {
        const zone = ctx.person.timezone;
        const items = repo.plannedFor(ctx.person.id, 5).map((d) => ({ at: d.sendAt, what: ctx.t(`schedule.kind.${d.kind}`) }));
        // From the settings themselves, so a time changed a moment ago shows at once.
        const p = ctx.person;
        const rec = p.checkinTime ? checkinRecurrence(p.checkinTime, p.checkinDays) : undefined;
        let nextCheckin = rec && nextOccurrence(rec, zone, ctx.now());
        // A daily check-in that gives way to the session's check-in that day is not coming: show the next one that is.
        for (let i = 0; rec && nextCheckin && i < 7 && dailyCheckinGivesWay(repo, p.id, zone, nextCheckin); i++) nextCheckin = nextOccurrence(rec, zone, nextCheckin);
        if (nextCheckin) items.push({ at: nextCheckin.toISOString(), what: ctx.t('schedule.kind.checkin') });
        items.sort((a, b) => a.at.localeCompare(b.at));
        const lines: string[] = [];
        if (ctx.person.optedOutAt) lines.push(ctx.t('schedule.opted_out'));
        else if (ctx.person.pausedUntil && ctx.person.pausedUntil > ctx.nowIso()) lines.push(ctx.t('schedule.paused'));
        if (items.length === 0) lines.push(ctx.t('schedule.none'));
        else {
          lines.push(ctx.t('schedule.upcoming', { zone }));
          for (const i of items.slice(0, 5)) lines.push(`• ${DateTime.fromISO(i.at, { zone }).toFormat('ccc d LLL, HH:mm')} — ${i.what}`);
          lines.push(ctx.t('schedule.quiet_note', { from: ctx.person.quietStart, to: ctx.person.quietEnd }));
        }
        ctx.reply(lines.join('\n'));
      },
    },
    {
      name: 'schedules',
      pattern: /^schedules$/i,
      usage: 'schedules',
      summary: 'list group schedules',
      roles: FACILITATOR,
      run(ctx) {
        const all = repo.schedules();
        ctx.replyQuietly(all.length ? all.map((s) => describe(s, repo)).join('\n') : 'No group schedules. Create one with schedule <group> "<when>" <content id or "text">.');
      },
    },
    {
      name: 'schedule preview',
      pattern: /^schedule preview #?(\d{1,9})$/i,
      usage: 'schedule preview <id>',
      summary: 'the next 5 runs of a schedule in its local time',
      roles: FACILITATOR,
      run: guarded((ctx, [id]) => {
        const s = repo.schedule(Number(id));
        if (!s || s.status === 'cancelled') throw new CodedError('not_found', `There is no schedule #${id}.`);
        const from = s.nextAt ? new Date(new Date(s.nextAt).getTime() - 1) : ctx.now();
        const runs = nextOccurrences(recurrenceOf(s.spec), s.timezone, from, 5);
        ctx.replyQuietly([`Schedule #${s.id}: ${s.spec} (${s.timezone})${s.status === 'paused' ? ' — paused' : ''}`, ...runs.map((r) => `• ${formatLocal(r, s.timezone)}`)].join('\n'));
      }),
    },
    {
      name: 'schedule pause',
      pattern: /^schedule (pause|resume|cancel) #?(\d{1,9})$/i,
      usage: 'schedule pause|resume|cancel <id>',
      summary: 'pause, resume or cancel a group schedule',
      roles: FACILITATOR,
      run: guarded((ctx, [verb, id]) => {
        const action = verb!.toLowerCase();
        const s = scheduleById(ctx, id!, `${action} its schedules`);
        if (action === 'pause') {
          repo.setScheduleState(s.id, s.nextAt, 'paused');
        } else if (action === 'resume') {
          // Resuming never sends what fell due while paused: start from now.
          const next = nextOccurrence(recurrenceOf(s.spec), s.timezone, ctx.now());
          repo.setScheduleState(s.id, next?.toISOString() ?? null, next ? 'active' : 'done');
        } else {
          repo.transaction(() => {
            repo.setScheduleState(s.id, null, 'cancelled');
            repo.cancelScheduleDeliveries(s.id, ctx.nowIso());
          });
        }
        const done = action === 'cancel' ? 'cancelled' : action === 'pause' ? 'paused' : 'resumed';
        ctx.audit(`schedule.${done}`, { type: 'schedule', id: s.id });
        ctx.replyQuietly(`Schedule #${s.id} ${done}.`);
      }),
    },
    {
      name: 'participation',
      pattern: /^(?:participation|schedule participation) #?(\d{1,9})$/i,
      usage: 'participation <schedule id>',
      summary: 'who answered the last prompts of a group schedule',
      roles: FACILITATOR,
      run: guarded((ctx, [id]) => {
        const s = repo.schedule(Number(id));
        if (!s) throw new CodedError('not_found', `There is no schedule #${id}.`);
        const g = repo.group(s.groupId)!;
        requireGroupLead(ctx, repo, g, 'see participation');
        const posts = repo.recentPosts(s.id, 5);
        if (posts.length === 0) return ctx.replyQuietly(`Schedule #${s.id} has not run yet.`);
        const total = repo.memberCount(g.id);
        ctx.replyQuietly(
          [
            `Participation for schedule #${s.id} (${g.name}, ${total} members):`,
            ...posts.map((p) => {
              const who = repo.participants(p.key).map((pid) => ctx.store.people.get(pid)?.handle ?? `#${pid}`);
              return `• ${formatLocal(p.at, s.timezone)}: ${who.length}/${total}${who.length ? ` — ${who.slice(0, 20).join(', ')}${who.length > 20 ? '…' : ''}` : ''}`;
            }),
          ].join('\n'),
        );
      }),
    },
    {
      name: 'schedule group',
      pattern: /^schedule ([\w-]{1,40}) (\S[\s\S]{0,1800})$/i,
      usage: 'schedule <group> "<when>" <content id or "text"> [to channel|to members] [tz <zone>]',
      summary: 'schedule a group prompt: "daily 09:00", "weekly mon,thu 19:30", "once 2026-12-01 18:00" or a 5-field cron',
      roles: FACILITATOR,
      run: guarded((ctx, [name, rest]) => {
        const g = requireGroup(repo, name!);
        requireGroupLead(ctx, repo, g, 'schedule prompts');
        if (!/^["“]/.test(rest!)) throw new CodedError('schedule_invalid', 'Put the time in quotes, e.g. schedule circle "weekly mon,thu 19:30" "How are you arriving today?"');
        const t = tokens(rest!);
        let when = t.shift()!;
        let zone = g.timezone;
        let target: 'channel' | 'dm' | undefined;
        let what: { ref?: string; text?: string } | undefined;
        const whenWords = when.trim().split(/\s+/);
        if (whenWords.length > 1 && isZoneToken(whenWords.at(-1)!)) {
          zone = whenWords.pop()!;
          when = whenWords.join(' ');
        }
        const quoted = [...rest!.matchAll(/"([^"]*)"|“([^”]*)”/g)].map((m) => m[1] ?? m[2]);
        while (t.length) {
          const tok = t.shift()!;
          if (/^to$/i.test(tok) && t.length) {
            const dest = t.shift()!.toLowerCase();
            if (dest === 'channel') target = 'channel';
            else if (['members', 'dm', 'dms', 'each'].includes(dest)) target = 'dm';
            else throw new CodedError('schedule_invalid', `"to ${dest}": use "to channel" or "to members".`);
          } else if (/^(tz|in)$/i.test(tok) && t.length) {
            zone = t.shift()!;
          } else if (!what) {
            what = quoted.includes(tok) ? { text: tok } : { ref: tok };
          } else throw new CodedError('schedule_invalid', `I don't understand "${tok}" after the content.`);
        }
        const canonical = canonicalTimeZone(zone);
        if (!canonical) throw new CodedError('schedule_invalid', `"${zone}" is not a time zone I know; use an IANA name such as America/New_York.`);
        const { recurrence, spec } = parseWhen(when);
        if (!what || (what.text !== undefined && !what.text.trim())) throw new CodedError('schedule_invalid', 'Say what to send: a prompt or exercise id, or "quoted text".');
        if (what.ref !== undefined) {
          const c = ctx.services.content;
          if (!c.prompt(what.ref, 'en') && !c.exercise(what.ref, 'en'))
            throw new CodedError('schedule_invalid', `"${what.ref}" is not a prompt or exercise id (see "content list"), and quoted text must be in "quotes".`);
        }
        target ??= g.channel ? 'channel' : 'dm';
        if (target === 'channel' && !g.channel) throw new CodedError('schedule_invalid', `"${g.name}" has no channel; set one with "group channel ${g.name} <channel-id>" or use "to members".`);
        const first = nextOccurrence(recurrence, canonical, ctx.now());
        if (!first) {
          throw new CodedError(
            'schedule_invalid',
            recurrence.kind === 'once' ? `"${when}" (${canonical}) is in the past; nothing was scheduled.` : `"${when}" never fires; nothing was scheduled.`,
          );
        }
        const s = repo.createSchedule(
          { groupId: g.id, spec, timezone: canonical, content: what, target, nextAt: first.toISOString(), createdBy: ctx.person.id },
          ctx.nowIso(),
        );
        ctx.audit('schedule.created', { type: 'schedule', id: s.id }, { group: g.id, spec, timezone: canonical, target });
        ctx.replyQuietly(`Schedule #${s.id} created: ${describe(s, repo)}`);
      }),
    },
  ];

  return commands;
}
