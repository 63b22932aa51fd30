// Slash commands: the same command words as the core's text commands. Each
// slash command maps back to the text the core parses (`/journal write text:hi`
// → 'journal hi', `/ack case:12` → 'ack 12'), so the core never knows whether
// a command was typed in a DM or picked from Discord's command menu.
import { REST, Routes, type RESTPutAPIApplicationGuildCommandsJSONBody } from 'discord.js';
import type { DiscordConfig } from '../../src/config.js';
import type { Logger } from '../../src/core/logger.js';

/** Discord application command option types we use. */
const STRING = 3;
const INTEGER = 4;
const SUB_COMMAND = 1;

interface OptionSpec {
  name: string;
  description: string;
  type: typeof STRING | typeof INTEGER;
  required?: boolean;
  maxLength?: number;
}

interface SubcommandSpec {
  name: string;
  description: string;
  /** Words the subcommand contributes to the text command; '' for none. */
  words: string;
  options?: OptionSpec[];
}

export interface CommandSpec {
  name: string;
  description: string;
  /** The core's command word(s); defaults to `name`. Empty for the catch-all. */
  words?: string;
  options?: OptionSpec[];
  subcommands?: SubcommandSpec[];
}

const text = (name: string, description: string, required = true): OptionSpec => ({
  name,
  description,
  type: STRING,
  required,
  maxLength: 4000,
});
const caseId: OptionSpec = { name: 'case', description: 'Case number', type: INTEGER, required: true };

export const COMMANDS: CommandSpec[] = [
  { name: 'help', description: 'What Afterglow can do' },
  { name: 'checkin', description: 'Start a check-in now' },
  {
    name: 'journal',
    description: 'Your private journal',
    subcommands: [
      { name: 'write', description: 'Write a journal entry', words: '', options: [text('text', 'Your entry', false)] },
      { name: 'list', description: 'Show your recent entries', words: 'list' },
    ],
  },
  { name: 'breathe', description: 'A short breathing exercise' },
  { name: 'exercises', description: 'List the exercises' },
  { name: 'exercise', description: 'Start an exercise', options: [text('name', 'Exercise name', false)] },
  { name: 'cancel', description: 'Stop the exercise or conversation in progress' },
  { name: 'pause', description: 'Pause scheduled prompts', options: [text('duration', 'For how long, e.g. 2 days or 1 week', false)] },
  { name: 'resume', description: 'Resume scheduled prompts' },
  { name: 'stop', description: 'Stop all prompts' },
  { name: 'mydata', words: 'my data', description: 'See the data Afterglow keeps about you' },
  { name: 'deletemydata', words: 'delete my data', description: 'Delete your data' },
  {
    name: 'safetyplan',
    words: '',
    description: 'Your safety plan',
    subcommands: [
      { name: 'show', description: 'See your safety plan', words: 'my safety plan' },
      { name: 'edit', description: 'Write or change your safety plan', words: 'edit safety plan' },
    ],
  },
  { name: 'intention', description: 'Set an intention', options: [text('text', 'Your intention', false)] },
  { name: 'timezone', description: 'Set your time zone', options: [text('zone', 'e.g. America/New_York', false)] },
  { name: 'checkin-time', words: 'checkin time', description: 'When to send your daily check-in', options: [text('time', 'e.g. 09:30')] },
  // Clinician and facilitator commands: the core checks the role.
  { name: 'cases', description: 'Open cases (clinicians)' },
  { name: 'ack', description: 'Acknowledge a case (clinicians)', options: [caseId] },
  { name: 'note', description: 'Add a note to a case (clinicians)', options: [caseId, text('text', 'The note')] },
  { name: 'resolve', description: 'Resolve a case (clinicians)', options: [caseId, text('note', 'Resolution note')] },
  { name: 'summary', description: 'A patient summary (clinicians)', options: [text('person', 'The person')] },
  // Anything else the core understands (consent, quiet hours, language, grant …), typed as in a DM.
  { name: 'afterglow', description: 'Any Afterglow command, typed as in a DM', words: '', options: [text('command', 'e.g. quiet hours 22:00-07:00')] },
];

/** The JSON body for PUT /applications/:app/guilds/:guild/commands. */
export function commandDefinitions(): RESTPutAPIApplicationGuildCommandsJSONBody {
  const option = (o: OptionSpec) => ({
    type: o.type,
    name: o.name,
    description: o.description,
    required: o.required ?? false,
    ...(o.type === STRING && o.maxLength ? { max_length: o.maxLength } : {}),
  });
  return COMMANDS.map((c) => ({
    type: 1,
    name: c.name,
    description: c.description,
    // Usable in DMs with the bot as well as in the server.
    contexts: [0, 1],
    options: c.subcommands
      ? c.subcommands.map((s) => ({
          type: SUB_COMMAND,
          name: s.name,
          description: s.description,
          options: (s.options ?? []).map(option),
        }))
      : (c.options ?? []).map(option),
  })) as RESTPutAPIApplicationGuildCommandsJSONBody;
}

export interface InvokedCommand {
  name: string;
  subcommand?: string | null;
  options: { name: string; value: string | number | boolean }[];
}

/** Map an invoked slash command to the core's text command. Null for a command we do not know. */
export function commandToText(invoked: InvokedCommand): string | null {
  const spec = COMMANDS.find((c) => c.name === invoked.name);
  if (!spec) return null;
  const parts: string[] = [];
  const words = spec.words ?? spec.name;
  if (words) parts.push(words);
  let optionSpecs = spec.options ?? [];
  if (spec.subcommands) {
    const sub = spec.subcommands.find((s) => s.name === invoked.subcommand);
    if (!sub) return null;
    if (sub.words) parts.push(sub.words);
    optionSpecs = sub.options ?? [];
  }
  // Declared order, not the order Discord happens to send them in.
  for (const o of optionSpecs) {
    const given = invoked.options.find((x) => x.name === o.name);
    if (given === undefined) continue;
    const value = String(given.value).trim();
    if (value) parts.push(value);
  }
  const result = parts.join(' ').trim();
  return result || null;
}

/**
 * Register the slash commands for the configured guild (guild commands appear
 * at once; global ones take up to an hour). Used at start and by
 * `npx afterglow discord register`. Returns the number registered.
 */
export async function registerCommands(
  config: DiscordConfig,
  options: { logger: Logger; rest?: REST; restOptions?: Record<string, unknown> },
): Promise<number> {
  const rest =
    options.rest ??
    new REST({ ...(config.apiUrl ? { api: restBase(config.apiUrl) } : {}), ...(options.restOptions ?? {}) }).setToken(
      config.token,
    );
  const body = commandDefinitions();
  const result = (await rest.put(Routes.applicationGuildCommands(config.applicationId, config.guildId), {
    body,
  })) as unknown[];
  options.logger.info({ guildId: config.guildId, count: result.length }, 'discord slash commands registered');
  return result.length;
}

/** discord.js wants the base without the version (it appends /v10). Accept either. */
export function restBase(apiUrl: string): string {
  return apiUrl.replace(/\/+$/, '').replace(/\/v\d+$/, '');
}
