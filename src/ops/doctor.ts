import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime, IANAZone } from 'luxon';
import { loadLibrary } from '../app.js';
import { loadConfig, mask, type Config } from '../config.js';
import type { ContentLibrary } from '../content/types.js';
import { errorMessage } from '../core/errors.js';
import { LEASE_MS } from '../store/instance-lock.js';
import { inspectDatabase } from '../store/inspect.js';

// `afterglow doctor`: one line per check, ok / warn / fail, exit 1 on any
// fail. It reads and probes; it never migrates, loads the model or connects
// to a platform, so it is safe to run beside a running bot.

export type Verdict = 'ok' | 'warn' | 'fail';
export interface Check {
  name: string;
  verdict: Verdict;
  detail: string;
}

// src/ops/ in development, dist/src/ops/ once compiled: the project root holds models/ either way.
const ABOVE_SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROOT = basename(ABOVE_SRC) === 'dist' ? dirname(ABOVE_SRC) : ABOVE_SRC;
export const MODEL_DIR = join(ROOT, 'models', 'screener');

function ago(iso: string, now: Date): number {
  return Math.round((now.getTime() - new Date(iso).getTime()) / 1000);
}

function databaseChecks(config: Config, now: Date): Check[] {
  const r = inspectDatabase(config.dbPath);
  if (r.state === 'missing')
    return [{ name: 'database', verdict: 'warn', detail: `${config.dbPath} does not exist yet (afterglow migrate or start creates it)` }];
  if (r.state === 'unusable') return [{ name: 'database', verdict: 'fail', detail: r.reason }];
  const schema: Check =
    r.schema === r.latest
      ? { name: 'database', verdict: 'ok', detail: `${config.dbPath} opens read-write, schema ${r.schema} (current)` }
      : { name: 'database', verdict: 'warn', detail: `${config.dbPath} opens read-write, schema ${r.schema}, this code knows ${r.latest}: run afterglow migrate (after a backup)` };
  const integrity: Check =
    r.quickCheck === 'ok' ? { name: 'integrity', verdict: 'ok', detail: 'SQLite quick_check ok' } : { name: 'integrity', verdict: 'fail', detail: `SQLite quick_check: ${r.quickCheck.slice(0, 200)}` };
  let lock: Check;
  if (r.lock === 'no lock table') lock = { name: 'lock', verdict: 'warn', detail: 'no lock table yet (run afterglow migrate)' };
  else if (!r.lock) lock = { name: 'lock', verdict: 'ok', detail: 'free: no instance is running on this database' };
  else {
    const beat = ago(r.lock.heartbeatAt, now);
    const who = `pid ${r.lock.pid} on ${r.lock.host}, started ${ago(r.lock.acquiredAt, now)} s ago, last heartbeat ${beat} s ago`;
    lock =
      beat * 1000 < LEASE_MS
        ? { name: 'lock', verdict: 'ok', detail: `held by ${who}` }
        : { name: 'lock', verdict: 'warn', detail: `stale: ${who} (a killed or hung instance; the next start takes it over)` };
  }
  return [schema, integrity, lock];
}

function platformChecks(config: Config): Check[] {
  const checks: Check[] = [];
  if (config.slack)
    checks.push({
      name: 'slack',
      verdict: 'ok',
      detail: `bot token ${mask(config.slack.botToken)}, ${config.slack.appToken ? `Socket Mode (app token ${mask(config.slack.appToken)})` : `HTTP on port ${config.slack.port}`}, clinician channel ${config.slack.clinicianChannel}${config.slack.backupChannel ? '' : ', no backup channel'}`,
    });
  if (config.discord)
    checks.push({
      name: 'discord',
      verdict: 'ok',
      detail: `token ${mask(config.discord.token)}, server ${config.discord.guildId}, clinician channel ${config.discord.clinicianChannelId}${config.discord.backupChannelId ? '' : ', no backup channel'}`,
    });
  if (checks.length === 0) checks.push({ name: 'platforms', verdict: 'warn', detail: 'no Slack or Discord settings: start runs the local console only' });
  return checks;
}

/** The screening model's files against their manifest's SHA-256, without decoding them. */
export function modelCheck(dir: string = MODEL_DIR): Check {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return { name: 'model', verdict: 'ok', detail: `not installed (${dir}): screening uses the lexicon alone` };
  try {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as { file?: string; sha256?: string };
    if (typeof m.file !== 'string' || typeof m.sha256 !== 'string') return { name: 'model', verdict: 'fail', detail: `${manifestPath} names no weights file or SHA-256` };
    const weights = join(dir, m.file);
    if (!existsSync(weights)) return { name: 'model', verdict: 'fail', detail: `${weights} is missing` };
    const got = createHash('sha256').update(readFileSync(weights)).digest('hex');
    if (got !== m.sha256) return { name: 'model', verdict: 'fail', detail: `${weights} does not match the SHA-256 in its manifest (corrupt or replaced)` };
    return { name: 'model', verdict: 'ok', detail: `installed: ${m.file}, sha256 ${got.slice(0, 12)}…` };
  } catch (err) {
    return { name: 'model', verdict: 'fail', detail: `${manifestPath}: ${errorMessage(err)}` };
  }
}

function contentCheck(config: Config): Check {
  try {
    const { content } = loadLibrary(config);
    return { name: 'content', verdict: 'ok', detail: `library and lexicon load${config.contentDir ? ` (with ${config.contentDir})` : ''}; ${describeSize(content)}` };
  } catch (err) {
    return { name: 'content', verdict: 'fail', detail: errorMessage(err) };
  }
}

function describeSize(content: ContentLibrary): string {
  const en = content.exercises('en').length;
  return `locales ${content.locales.join(', ')}; ${en} exercises, ${content.prompts('en').length} prompts (en)`;
}

/** Time zone data: a named zone and a known daylight-saving change, so a stripped ICU build shows here rather than in a patient's check-in time. */
export function timeZoneCheck(zone: string): Check {
  if (!IANAZone.isValidZone(zone)) return { name: 'time zones', verdict: 'fail', detail: `AFTERGLOW_DEFAULT_TIMEZONE=${zone} is not known to this Node's time zone data` };
  const winter = DateTime.fromISO('2026-01-15T12:00', { zone: 'America/New_York' }).offset;
  const summer = DateTime.fromISO('2026-07-15T12:00', { zone: 'America/New_York' }).offset;
  if (winter !== -300 || summer !== -240)
    return { name: 'time zones', verdict: 'fail', detail: `America/New_York offsets came out ${winter}/${summer} min, not -300/-240: this Node lacks full ICU time zone data` };
  return { name: 'time zones', verdict: 'ok', detail: `IANA data present (default zone ${zone}, now ${DateTime.now().setZone(zone).toFormat('ZZ')})` };
}

export function runChecks(env: NodeJS.ProcessEnv, now: Date = new Date()): Check[] {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    return [{ name: 'settings', verdict: 'fail', detail: errorMessage(err) }, { name: 'other checks', verdict: 'fail', detail: 'skipped until the settings are valid' }];
  }
  return [
    { name: 'settings', verdict: 'ok', detail: 'valid' },
    ...databaseChecks(config, now),
    ...platformChecks(config),
    modelCheck(),
    contentCheck(config),
    timeZoneCheck(config.defaultTimezone),
  ];
}

export function formatChecks(checks: Check[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  return checks.map((c) => `${c.verdict.padEnd(4)} ${c.name.padEnd(width)}  ${c.detail}`).join('\n');
}

/** Print the checks; exit code 1 when any failed. */
export function doctor(env: NodeJS.ProcessEnv, out: (text: string) => void): number {
  const checks = runChecks(env);
  out(formatChecks(checks));
  return checks.some((c) => c.verdict === 'fail') ? 1 : 0;
}
