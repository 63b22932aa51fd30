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
    expect(c.escalation).toEqual({ timeoutMinutes: 10, repeats: 3, summaryHours: 4 });
    expect(c.rota).toMatchObject({ timezone: 'UTC', source: 'default', oncall: [] });
  });

  it('GIVEN bad values WHEN loaded THEN one line names the variable and the problem', () => {
    expect(errorOf({ AFTERGLOW_ESCALATION_MINUTES: 'ten' })).toMatch(/^AFTERGLOW_ESCALATION_MINUTES must be a whole number/);
    expect(errorOf({ AFTERGLOW_MINIMAL_DATA: 'maybe' })).toMatch(/^AFTERGLOW_MINIMAL_DATA must be true or false/);
    expect(errorOf({ AFTERGLOW_DEFAULT_TIMEZONE: 'Mars/Base' })).toMatch(/^AFTERGLOW_DEFAULT_TIMEZONE must be an IANA time zone/);
    expect(errorOf({ SLACK_BOT_TOKEN: 'abc' })).toMatch(/^SLACK_BOT_TOKEN must be a bot token/);
    expect(errorOf({ AFTERGLOW_SUMMARY_HOURS: '0' })).toMatch(/^AFTERGLOW_SUMMARY_HOURS must be between 1 and 24/);
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

describe('per-language and per-region settings', () => {
  it('GIVEN AFTERGLOW_CLINICIAN_ETA_ES WHEN loaded THEN Spanish gets it and English keeps its own', async () => {
    const { clinicianEtaFor } = await import('../../src/config.js');
    const config = loadConfig({ AFTERGLOW_CLINICIAN_ETA: 'within the hour', AFTERGLOW_CLINICIAN_ETA_ES: 'en menos de una hora' });
    expect(clinicianEtaFor(config, 'es', () => 'x')).toBe('en menos de una hora');
    expect(clinicianEtaFor(config, 'es-MX', () => 'x')).toBe('en menos de una hora');
    expect(clinicianEtaFor(config, 'en', () => 'x')).toBe('within the hour');
  });

  it('GIVEN an English ETA only WHEN a Spanish patient needs one THEN the translated default is used and start-up can name the missing setting', async () => {
    const { clinicianEtaFor, missingEtaTranslations } = await import('../../src/config.js');
    const config = loadConfig({ AFTERGLOW_CLINICIAN_ETA: 'within the hour' });
    expect(clinicianEtaFor(config, 'es', () => 'pronto')).toBe('pronto');
    expect(missingEtaTranslations(config, ['en', 'es'])).toEqual(['es']);
    expect(missingEtaTranslations(loadConfig({}), ['en', 'es'])).toEqual([]);
  });

  it('GIVEN AFTERGLOW_REGIONS WHEN loaded THEN the default region comes first, codes upper-cased; a bad code is one line naming the setting', () => {
    expect(loadConfig({ AFTERGLOW_DEFAULT_REGION: 'CA', AFTERGLOW_REGIONS: 'us, ca,mx' }).regionsServed).toEqual(['CA', 'US', 'MX']);
    expect(loadConfig({}).regionsServed).toEqual(['US']);
    expect(() => loadConfig({ AFTERGLOW_REGIONS: 'US,United States' })).toThrow(/^AFTERGLOW_REGIONS must be region codes/);
  });
});
