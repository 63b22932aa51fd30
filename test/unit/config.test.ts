import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig, mask } from '../../src/config.js';
import { CodedError } from '../../src/core/errors.js';

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(CodedError);
    return (e as CodedError).message;
  }
  throw new Error('expected loadConfig to fail');
}

describe('configuration', () => {
  it('GIVEN no settings WHEN loaded THEN the console defaults apply', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ dbPath: './data/afterglow.db', minimalData: false, slack: undefined, discord: undefined });
    expect(c.escalation).toEqual({ timeoutMinutes: 10, repeats: 3 });
  });

  it('GIVEN bad values WHEN loaded THEN one line names the variable and the problem', () => {
    expect(errorOf({ AFTERGLOW_ESCALATION_MINUTES: 'ten' })).toMatch(/^AFTERGLOW_ESCALATION_MINUTES must be a whole number/);
    expect(errorOf({ AFTERGLOW_MINIMAL_DATA: 'maybe' })).toMatch(/^AFTERGLOW_MINIMAL_DATA must be true or false/);
    expect(errorOf({ AFTERGLOW_DEFAULT_TIMEZONE: 'Mars/Base' })).toMatch(/^AFTERGLOW_DEFAULT_TIMEZONE must be an IANA time zone/);
    expect(errorOf({ SLACK_BOT_TOKEN: 'abc' })).toMatch(/^SLACK_BOT_TOKEN must be a bot token/);
  });

  it('GIVEN contradictory platform settings WHEN loaded THEN the missing one is named', () => {
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'secretsecret' })).toMatch(/^SLACK_CLINICIAN_CHANNEL is required/);
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_CLINICIAN_CHANNEL: 'C1' })).toMatch(/^SLACK_SIGNING_SECRET is required in HTTP mode/);
    expect(errorOf({ DISCORD_TOKEN: 'x'.repeat(30) })).toMatch(/^DISCORD_APPLICATION_ID is required/);
    expect(
      errorOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_CLINICIAN_CHANNEL: 'C1', SLACK_BACKUP_CHANNEL: 'C1' }),
    ).toMatch(/^SLACK_BACKUP_CHANNEL must differ/);
  });

  it('GIVEN secrets WHEN the effective settings are printed THEN tokens are masked', () => {
    const token = 'xoxb-1234567890-abcdefghijkl';
    const lines = describeConfig({ SLACK_BOT_TOKEN: token, SLACK_APP_TOKEN: 'xapp-1-zzzzzzzzzzzz', SLACK_CLINICIAN_CHANNEL: 'C123' }).join('\n');
    expect(lines).not.toContain(token);
    expect(lines).toContain(`SLACK_BOT_TOKEN=${mask(token)}`);
    expect(lines).toContain('SLACK_CLINICIAN_CHANNEL=C123');
    expect(lines).toMatch(/AFTERGLOW_DB=\.\/data\/afterglow\.db {2}\(default\)/);
  });
});
