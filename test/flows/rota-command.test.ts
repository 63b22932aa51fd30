import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../fakes/run-cli.js';
import { createHarness, onboard, type Harness } from '../fakes/harness.js';

const MIN = 60_000;

function rotaFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'afterglow-rota-')), 'rota.yaml');
  writeFileSync(file, text);
  return file;
}

describe('the rota command', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN a clinician WHEN they type rota THEN they see clinic hours, who is on call now and the paging policy', async () => {
    h = await createHarness({ env: { AFTERGLOW_ROTA_FILE: rotaFile('oncall:\n  - { who: "console:dr_on", name: Dr On, days: [fri], from: "12:00", to: "18:00" }\n') } });
    const out = (await h.say('dr_lee', 'rota', { roles: ['clinician'] })).join('\n');
    expect(out).toMatch(/^Clinic hours \(UTC; from \S+rota\.yaml\): mon 09:00–17:00, .* sat closed, sun closed$/m);
    expect(out).toMatch(/^Now: clinic open; on call Dr On; next opening Mon 23 Nov 09:00 UTC\.$/m);
    expect(out).toMatch(/re-sent every 10 min .* 3 times: clinician channel with the on-call mention, then the backup channel, then the person on call directly/);
  });

  it('GIVEN a patient WHEN they type rota THEN they are refused', async () => {
    h = await createHarness();
    await onboard(h, 'alice');
    expect((await h.say('alice', 'rota')).join('\n')).toMatch(/"rota" needs the clinician or admin role/);
  });

  it('GIVEN a clinician who is not an admin WHEN they try rota set THEN the refusal names the admin role, is audited, and the file is unchanged', async () => {
    const file = rotaFile('holidays: []\n');
    h = await createHarness({ env: { AFTERGLOW_ROTA_FILE: file } });
    const out = (await h.say('dr_lee', 'rota set {"holidays": ["2026-12-25"]}', { roles: ['clinician'] })).join('\n');
    expect(out).toBe('Only an admin can change the rota: you need the admin role.');
    expect(h.app.store.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'rota.refused'`).get()).toEqual({ n: 1 });
    expect(readFileSync(file, 'utf8')).toBe('holidays: []\n');
  });

  it('GIVEN an admin WHEN they set a new rota THEN it is written to the file, audited, and the next page reaches the new person on call', async () => {
    const file = rotaFile('holidays: []\n');
    h = await createHarness({ env: { AFTERGLOW_ROTA_FILE: file, AFTERGLOW_ESCALATION_MINUTES: '10' } });
    const yaml = 'rota set\ntimezone: UTC\noncall:\n  - who: "console:dr_new"\n    name: Dr New\n    days: [mon, tue, wed, thu, fri, sat, sun]\n    from: "00:00"\n    to: "00:00"\n';
    const out = (await h.say('boss', yaml, { roles: ['admin'] })).join('\n');
    expect(out).toMatch(/^Rota saved to \S+ and in use now\./);
    expect(readFileSync(file, 'utf8')).toMatch(/who: "console:dr_new"/);
    const audit = h.app.store.db.prepare(`SELECT actor_person_id, detail FROM audit_log WHERE action = 'rota.changed'`).get() as { actor_person_id: number; detail: string };
    expect(audit.actor_person_id).toBe(h.app.store.people.findByIdentity('console', 'boss')!.id);
    expect(JSON.parse(audit.detail)).toMatchObject({ oncall: 1 });
    await onboard(h, 'alice');
    await h.say('alice', 'i want to kill myself');
    await h.advance(30 * MIN);
    expect(h.adapter.to('dr_new').some((t) => /You are on call: case #1/.test(t))).toBe(true);
  });

  it('GIVEN an admin WHEN the new rota is invalid THEN it says which field, and nothing changes', async () => {
    const file = rotaFile('holidays: []\n');
    h = await createHarness({ env: { AFTERGLOW_ROTA_FILE: file } });
    const out = (await h.say('boss', 'rota set {"hours": {"mon": "9-5"}}', { roles: ['admin'] })).join('\n');
    expect(out).toBe('That rota is not valid: hours.mon must be a span such as 09:00-17:00. Nothing changed.');
    expect(readFileSync(file, 'utf8')).toBe('holidays: []\n');
    expect(h.config.rota.hours.mon).toEqual({ from: 540, to: 1020 });
  });

  it('GIVEN no rota file is configured WHEN an admin sets a rota THEN it is refused, because the change would not outlast a restart', async () => {
    h = await createHarness();
    const out = (await h.say('boss', 'rota set {"holidays": []}', { roles: ['admin'] })).join('\n');
    expect(out).toMatch(/^No rota file is set \(AFTERGLOW_ROTA_FILE\)/);
  });
});

describe('a bad rota file at start', () => {
  it('GIVEN a rota file with a bad time WHEN afterglow starts THEN it exits non-zero with one line naming the setting and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afterglow-rota-start-'));
    const file = join(dir, 'rota.yaml');
    writeFileSync(file, 'oncall:\n  - { who: "slack:U1", days: [mon], from: "25:00", to: "09:00" }\n');
    const { code, err } = await new Promise<{ code: number | null; err: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'config', '--check'], {
        env: { PATH: process.env.PATH ?? '', AFTERGLOW_DB: join(dir, 'x.db'), AFTERGLOW_ROTA_FILE: file },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let e = '';
      child.stderr.on('data', (d: Buffer) => (e += d.toString()));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, err: e }));
    });
    expect(code).not.toBe(0);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(`AFTERGLOW_ROTA_FILE ${file}: oncall.0.from must be a time such as 09:00`);
  });
});
