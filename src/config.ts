import { z } from 'zod';
import { CodedError } from './core/errors.js';
import { timeZone } from './time-zone.js';
import { loadRota, type Rota } from './safety/rota.js';

// One schema over the environment, parsed once at start-up. A bad setting
// stops the start with one line naming the variable; adapters get their
// slice of the parsed result and never read process.env themselves.

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { message: 'must be true or false' })
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: 'must be a whole number' })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `must be between ${min} and ${max}` });

const list = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );


const url = z.string().url({ message: 'must be a URL such as https://slack.com/api/' });
const logLevel = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

const EnvSchema = z.object({
  AFTERGLOW_DB: z.string().min(1).default('./data/afterglow.db'),
  AFTERGLOW_CONTENT_DIR: z.string().min(1).optional(),
  AFTERGLOW_LOG_LEVEL: logLevel.default('info'),
  AFTERGLOW_MINIMAL_DATA: bool.default(false),
  AFTERGLOW_DEFAULT_TIMEZONE: timeZone.default('UTC'),
  AFTERGLOW_DEFAULT_REGION: z
    .string()
    .regex(/^[A-Z]{2,3}$/, { message: 'must be a region code such as US or UK' })
    .default('US'),
  AFTERGLOW_CLINICIAN_ETA: z.string().min(1).max(200).optional(),
  // The regions the clinic serves; with more than one, onboarding asks which is the patient's.
  AFTERGLOW_REGIONS: list
    .refine((codes) => codes.every((c) => /^[A-Za-z]{2,3}$/.test(c)), { message: 'must be region codes separated by commas, such as US,CA,MX' })
    .default([]),
  AFTERGLOW_ESCALATION_MINUTES: int(1, 24 * 60).default(10),
  AFTERGLOW_ESCALATION_REPEATS: int(0, 20).default(3),
  AFTERGLOW_SUMMARY_HOURS: int(1, 24).default(4),
  AFTERGLOW_ROTA_FILE: z.string().min(1).optional(),
  AFTERGLOW_PAUSE_PROMPTS_DURING_CASE: bool.default(true),
  AFTERGLOW_CARING_CONTACTS: bool.default(true),
  AFTERGLOW_SCREENER_MODEL: z.enum(['off', 'review', 'page']).default('off'),
  AFTERGLOW_NOTICE_HOURS: int(1, 24 * 7).default(3),
  AFTERGLOW_SKILL_NOT_NOW_HOURS: int(1, 24 * 30).default(12),
  AFTERGLOW_GRACE_MINUTES: int(0, 7 * 24 * 60).default(120),
  AFTERGLOW_RETENTION_DAYS: int(1, 3650).optional(),
  AFTERGLOW_ADMINS: list.default([]),

  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', { message: 'must be a bot token starting with xoxb-' }).optional(),
  SLACK_SIGNING_SECRET: z.string().min(8).optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', { message: 'must be an app-level token starting with xapp-' }).optional(),
  SLACK_CLINICIAN_CHANNEL: z.string().min(1).optional(),
  SLACK_BACKUP_CHANNEL: z.string().min(1).optional(),
  SLACK_ONCALL_MENTION: z.string().min(1).optional(),
  SLACK_ADMINS: list.default([]),
  SLACK_PORT: int(1, 65535).default(3000),
  SLACK_API_URL: url.optional(),

  DISCORD_TOKEN: z.string().min(10).optional(),
  DISCORD_APPLICATION_ID: z.string().regex(/^\d+$/, { message: 'must be a numeric id' }).optional(),
  DISCORD_GUILD_ID: z.string().regex(/^\d+$/, { message: 'must be a numeric id' }).optional(),
  DISCORD_CLINICIAN_CHANNEL_ID: z.string().regex(/^\d+$/, { message: 'must be a numeric id' }).optional(),
  DISCORD_BACKUP_CHANNEL_ID: z.string().regex(/^\d+$/, { message: 'must be a numeric id' }).optional(),
  DISCORD_ONCALL_ROLE_ID: z.string().regex(/^\d+$/, { message: 'must be a numeric id' }).optional(),
  DISCORD_CLINICIAN_ROLE_ID: z.string().regex(/^\d+$/, { message: 'must be a numeric id' }).optional(),
  DISCORD_FACILITATOR_ROLE_ID: z.string().regex(/^\d+$/, { message: 'must be a numeric id' }).optional(),
  DISCORD_ADMINS: list.default([]),
  DISCORD_API_URL: url.optional(),
});

type Env = z.infer<typeof EnvSchema>;

/** Every setting the schema knows, for `.env.example` (a test keeps it complete). */
export const SETTING_NAMES: readonly string[] = Object.keys(EnvSchema.shape);

export interface SlackConfig {
  botToken: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
  clinicianChannel: string;
  backupChannel: string | undefined;
  oncallMention: string | undefined;
  admins: string[];
  port: number;
  apiUrl: string | undefined;
}

export interface DiscordConfig {
  token: string;
  applicationId: string;
  guildId: string;
  clinicianChannelId: string;
  backupChannelId: string | undefined;
  oncallRoleId: string | undefined;
  clinicianRoleId: string | undefined;
  facilitatorRoleId: string | undefined;
  admins: string[];
  apiUrl: string | undefined;
}

export interface Config {
  dbPath: string;
  contentDir: string | undefined;
  logLevel: z.infer<typeof logLevel>;
  minimalData: boolean;
  defaultTimezone: string;
  defaultRegion: string;
  /** What the patient is told about when a clinician may reach them (AFTERGLOW_CLINICIAN_ETA). */
  clinicianEta: string;
  /** Whether the clinic set AFTERGLOW_CLINICIAN_ETA itself (else the default is a placeholder each language words on its own). */
  clinicianEtaSet: boolean;
  /** AFTERGLOW_CLINICIAN_ETA_ES and the like: the same promise in a patient's language, by lower-case locale. */
  clinicianEtaByLocale: Record<string, string>;
  /** AFTERGLOW_REGIONS, upper case with the default region first; one entry when the clinic serves one region. */
  regionsServed: string[];
  /** Reminders climb primary → backup → on-call person, `repeats` in all; then summaries every `summaryHours` (imminent, high). */
  escalation: { timeoutMinutes: number; repeats: number; summaryHours: number };
  /** AFTERGLOW_ROTA_FILE, if set: where `rota set` writes. */
  rotaFile: string | undefined;
  /** Clinic hours and who is on call. Replaced in place by the admin `rota set` command. */
  rota: Rota;
  pausePromptsDuringCase: boolean;
  caringContacts: boolean;
  /**
   * The learned screener beside the lexicon: off (the lexicon alone), review
   * (it may lower rule hits and open review cases, never page on its own) or
   * page (the full two-signal policy). Off by default until the corpus stops
   * it raising cases on ordinary chat (docs/SCREENING.md).
   */
  screenerModel: 'off' | 'review' | 'page';
  noticeHours: number;
  /** After a patient says "not now" to a skill offer, no offer for this many hours. */
  skillOfferSnoozeHours: number;
  graceMinutes: number;
  retentionDays: number | undefined;
  consoleAdmins: string[];
  slack: SlackConfig | undefined;
  discord: DiscordConfig | undefined;
}

const SECRET_KEYS = new Set(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN']);

function fail(variable: string, problem: string): never {
  throw new CodedError('config_invalid', `${variable} ${problem}`);
}

const DEFAULT_ETA = 'within a few hours during clinic hours';
const ETA_VAR = /^AFTERGLOW_CLINICIAN_ETA_([A-Z]{2,3}(?:_[A-Z]{2})?)$/;

/** AFTERGLOW_CLINICIAN_ETA_ES=… → { es: … }; AFTERGLOW_CLINICIAN_ETA_ES_MX → es-mx. */
function etaByLocale(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const m = ETA_VAR.exec(name);
    if (!m || value === undefined) continue;
    if (value.trim().length > 200) fail(name, 'must be at most 200 characters');
    out[(m[1] as string).toLowerCase().replace('_', '-')] = value.trim();
  }
  return out;
}

/**
 * The response time to promise a patient, in their language: the clinic's
 * own words for that language, else (English) AFTERGLOW_CLINICIAN_ETA. A
 * Spanish patient never gets an English phrase inside a Spanish sentence:
 * with no AFTERGLOW_CLINICIAN_ETA_ES, the default's own translation
 * (`crisis.eta_default`) is used when the clinic kept the default, and when
 * it set its own English promise, the translated text is still used (start-up
 * warns about the missing setting, see `missingEtaTranslations`).
 */
export function clinicianEtaFor(config: Config, locale: string, translatedDefault: () => string): string {
  const l = locale.toLowerCase();
  const own = config.clinicianEtaByLocale[l] ?? config.clinicianEtaByLocale[l.split('-')[0] ?? l];
  if (own) return own;
  if ((l.split('-')[0] ?? l) === 'en') return config.clinicianEta;
  return translatedDefault();
}

/** Locales the content speaks for which a clinic that set its own ETA gave no translation of it. */
export function missingEtaTranslations(config: Config, locales: readonly string[]): string[] {
  if (!config.clinicianEtaSet) return [];
  return locales.filter((l) => l !== 'en' && !config.clinicianEtaByLocale[l]);
}

/** Parse the environment. Throws CodedError('config_invalid') with one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Treat empty strings as unset: `FOO=` in a shell or .env file means "not given".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(String(issue.path[0] ?? 'environment'), issue.message.replace(/^Invalid input: /, ''));
  }
  const e: Env = parsed.data;
  return {
    dbPath: e.AFTERGLOW_DB,
    contentDir: e.AFTERGLOW_CONTENT_DIR,
    logLevel: e.AFTERGLOW_LOG_LEVEL,
    minimalData: e.AFTERGLOW_MINIMAL_DATA,
    defaultTimezone: e.AFTERGLOW_DEFAULT_TIMEZONE,
    defaultRegion: e.AFTERGLOW_DEFAULT_REGION,
    clinicianEta: e.AFTERGLOW_CLINICIAN_ETA ?? DEFAULT_ETA,
    clinicianEtaSet: e.AFTERGLOW_CLINICIAN_ETA !== undefined,
    clinicianEtaByLocale: etaByLocale(cleaned),
    regionsServed: [...new Set([e.AFTERGLOW_DEFAULT_REGION, ...e.AFTERGLOW_REGIONS.map((c) => c.toUpperCase())])],
    escalation: { timeoutMinutes: e.AFTERGLOW_ESCALATION_MINUTES, repeats: e.AFTERGLOW_ESCALATION_REPEATS, summaryHours: e.AFTERGLOW_SUMMARY_HOURS },
    rotaFile: e.AFTERGLOW_ROTA_FILE,
    rota: loadRota(e.AFTERGLOW_ROTA_FILE, e.AFTERGLOW_DEFAULT_TIMEZONE),
    pausePromptsDuringCase: e.AFTERGLOW_PAUSE_PROMPTS_DURING_CASE,
    caringContacts: e.AFTERGLOW_CARING_CONTACTS,
    screenerModel: e.AFTERGLOW_SCREENER_MODEL,
    noticeHours: e.AFTERGLOW_NOTICE_HOURS,
    skillOfferSnoozeHours: e.AFTERGLOW_SKILL_NOT_NOW_HOURS,
    graceMinutes: e.AFTERGLOW_GRACE_MINUTES,
    retentionDays: e.AFTERGLOW_RETENTION_DAYS,
    consoleAdmins: e.AFTERGLOW_ADMINS,
    slack: slackConfig(e),
    discord: discordConfig(e),
  };
}

function slackConfig(e: Env): SlackConfig | undefined {
  const any = e.SLACK_BOT_TOKEN || e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET || e.SLACK_CLINICIAN_CHANNEL;
  if (!any) return undefined;
  if (!e.SLACK_BOT_TOKEN) fail('SLACK_BOT_TOKEN', 'is required when any other SLACK_ setting is given');
  if (!e.SLACK_CLINICIAN_CHANNEL) fail('SLACK_CLINICIAN_CHANNEL', 'is required: crisis alerts need a clinician channel');
  // Socket Mode needs no public endpoint and so no signature check; HTTP mode must verify every request.
  if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET)
    fail('SLACK_SIGNING_SECRET', 'is required in HTTP mode (set it, or set SLACK_APP_TOKEN for Socket Mode)');
  if (e.SLACK_BACKUP_CHANNEL && e.SLACK_BACKUP_CHANNEL === e.SLACK_CLINICIAN_CHANNEL)
    fail('SLACK_BACKUP_CHANNEL', 'must differ from SLACK_CLINICIAN_CHANNEL');
  return {
    botToken: e.SLACK_BOT_TOKEN,
    signingSecret: e.SLACK_SIGNING_SECRET,
    appToken: e.SLACK_APP_TOKEN,
    clinicianChannel: e.SLACK_CLINICIAN_CHANNEL,
    backupChannel: e.SLACK_BACKUP_CHANNEL,
    oncallMention: e.SLACK_ONCALL_MENTION,
    admins: e.SLACK_ADMINS,
    port: e.SLACK_PORT,
    apiUrl: e.SLACK_API_URL,
  };
}

function discordConfig(e: Env): DiscordConfig | undefined {
  const any = e.DISCORD_TOKEN || e.DISCORD_APPLICATION_ID || e.DISCORD_GUILD_ID || e.DISCORD_CLINICIAN_CHANNEL_ID;
  if (!any) return undefined;
  if (!e.DISCORD_TOKEN) fail('DISCORD_TOKEN', 'is required when any other DISCORD_ setting is given');
  if (!e.DISCORD_APPLICATION_ID) fail('DISCORD_APPLICATION_ID', 'is required to register slash commands');
  if (!e.DISCORD_GUILD_ID) fail('DISCORD_GUILD_ID', 'is required: the bot serves one server');
  if (!e.DISCORD_CLINICIAN_CHANNEL_ID) fail('DISCORD_CLINICIAN_CHANNEL_ID', 'is required: crisis alerts need a clinician channel');
  if (e.DISCORD_BACKUP_CHANNEL_ID && e.DISCORD_BACKUP_CHANNEL_ID === e.DISCORD_CLINICIAN_CHANNEL_ID)
    fail('DISCORD_BACKUP_CHANNEL_ID', 'must differ from DISCORD_CLINICIAN_CHANNEL_ID');
  return {
    token: e.DISCORD_TOKEN,
    applicationId: e.DISCORD_APPLICATION_ID,
    guildId: e.DISCORD_GUILD_ID,
    clinicianChannelId: e.DISCORD_CLINICIAN_CHANNEL_ID,
    backupChannelId: e.DISCORD_BACKUP_CHANNEL_ID,
    oncallRoleId: e.DISCORD_ONCALL_ROLE_ID,
    clinicianRoleId: e.DISCORD_CLINICIAN_ROLE_ID,
    facilitatorRoleId: e.DISCORD_FACILITATOR_ROLE_ID,
    admins: e.DISCORD_ADMINS,
    apiUrl: e.DISCORD_API_URL,
  };
}

/** Mask a secret for printing: enough to tell two tokens apart, never enough to use one. */
export function mask(value: string): string {
  if (value.length <= 8) return '****';
  return `${value.slice(0, 5)}…${'*'.repeat(4)}${value.slice(-2)}`;
}

/** The effective settings as `NAME=value` lines, secrets masked (for `afterglow config --check`). */
export function describeConfig(env: NodeJS.ProcessEnv = process.env): string[] {
  loadConfig(env); // throws on anything invalid, so what we print is what runs
  const defaults = EnvSchema.parse({});
  const lines: string[] = [];
  for (const key of Object.keys(EnvSchema.shape)) {
    const raw = env[key]?.trim();
    const given = raw !== undefined && raw !== '';
    const dflt = (defaults as Record<string, unknown>)[key];
    if (!given && dflt === undefined) continue;
    const value = given ? raw! : Array.isArray(dflt) ? dflt.join(',') : String(dflt);
    const shown = SECRET_KEYS.has(key) ? mask(value) : value;
    lines.push(`${key}=${shown}${given ? '' : '  (default)'}`);
  }
  return lines;
}
