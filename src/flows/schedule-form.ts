import type { Context } from '../core/context.js';
import type { Choice } from '../core/types.js';
import { findCommand, mayRun, type Command, type Flow } from './router.js';

const FACILITATOR = ['facilitator' as const];

function formChoice(): Choice {
  return {
    id: 'schedform:submit',
    label: 'Schedule a prompt',
    style: 'primary',
    form: {
      id: 'schedule',
      title: 'Schedule a prompt',
      fields: [
        { id: 'group', label: 'Group name' },
        { id: 'repeat', label: 'Repeat: once, daily, or weekly mon,thu', initial: 'once' },
        { id: 'date', label: 'Date (for once)', type: 'date', optional: true },
        { id: 'time', label: 'Time', type: 'time' },
        { id: 'content', label: 'Prompt or exercise id, or your own words', multiline: true },
      ],
    },
  };
}

/** The typed command the form stands for, so both paths share one set of checks. */
export function scheduleCommandFromForm(fields: Record<string, string>): string | string[] {
  const missing = ['group', 'time', 'content'].filter((f) => !fields[f]?.trim());
  const repeat = (fields.repeat ?? 'once').trim().toLowerCase();
  if (repeat === 'once' && !fields.date?.trim()) missing.push('date');
  if (missing.length) return missing;
  const time = fields.time!.trim();
  const when = repeat === 'once' ? `once ${fields.date!.trim()} ${time}` : repeat === 'daily' ? `daily ${time}` : `${repeat} ${time}`;
  const content = fields.content!.trim();
  // An id is one word; anything else is the facilitator's own words, quoted.
  const what = /^[\w.-]{1,80}$/.test(content) ? content : `"${content.replace(/["“”]/g, "'")}"`;
  return `schedule ${fields.group!.trim()} "${when.replace(/"/g, '')}" ${what}`;
}

/**
 * Scheduling through a form (Slack and Discord modals with date and time
 * pickers). The submission becomes the same `schedule <group> "<when>" …`
 * command a facilitator can type, so validation and permissions live once.
 */
export function createScheduleForm(commands: () => Command[]): { commands: Command[]; flows: Flow[] } {
  const open: Command = {
    name: 'schedule form',
    pattern: /^schedule (?:form|new)$/i,
    usage: 'schedule form',
    summary: 'schedule a group prompt with a form (date and time pickers where the platform has them)',
    roles: FACILITATOR,
    run: (ctx) =>
      ctx.replyQuietly({
        text: 'Schedule a prompt for a group. Without a form here, type: schedule <group> "<when>" <prompt id or "text">',
        choices: [formChoice()],
      }),
  };
  const submit: Flow = {
    name: 'schedule_form',
    choicePrefix: 'schedform:',
    onInput(ctx: Context) {
      if (!ctx.event.fields) return ctx.replyQuietly('Type: schedule <group> "<when>" <prompt id or "text"> — for example schedule circle "weekly thu 19:30" "What are you noticing this week?"');
      const text = scheduleCommandFromForm(ctx.event.fields);
      if (Array.isArray(text)) return ctx.replyQuietly(`Please fill in: ${text.join(', ')}. Nothing was scheduled.`);
      const found = findCommand(commands(), text);
      if (!found || found.command.name !== 'schedule group' || !mayRun(ctx, found.command)) {
        ctx.audit('command.refused', undefined, { command: 'schedule form' });
        return ctx.replyQuietly(ctx.t('error.not_allowed', { command: 'schedule' }));
      }
      return found.command.run(ctx, found.args);
    },
  };
  return { commands: [open], flows: [submit] };
}
