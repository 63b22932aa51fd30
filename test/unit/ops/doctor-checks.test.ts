import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modelCheck, timeZoneCheck } from '../../../src/ops/doctor.js';

// The model check reads real files in a temp folder; it hashes, it never decodes.
describe('doctor: screening model', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'afterglow-model-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const install = (weights: Buffer, sha = createHash('sha256').update(weights).digest('hex')) => {
    writeFileSync(join(dir, 'w.bin'), weights);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ file: 'w.bin', sha256: sha }));
  };

  it('GIVEN no model folder WHEN checked THEN it says not installed, which is not a failure', () => {
    expect(modelCheck(join(dir, 'absent'))).toMatchObject({ verdict: 'ok', detail: expect.stringMatching(/^not installed/) });
  });

  it('GIVEN weights matching their manifest WHEN checked THEN ok names the file', () => {
    install(Buffer.from('weights'));
    expect(modelCheck(dir)).toMatchObject({ verdict: 'ok', detail: expect.stringMatching(/^installed: w\.bin/) });
  });

  it('GIVEN weights that were replaced WHEN checked THEN it fails saying they do not match', () => {
    install(Buffer.from('weights'), 'a'.repeat(64));
    expect(modelCheck(dir)).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/does not match the SHA-256/) });
  });

  it('GIVEN a manifest naming a missing file WHEN checked THEN it fails naming it', () => {
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ file: 'gone.bin', sha256: 'b'.repeat(64) }));
    expect(modelCheck(dir)).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/gone\.bin is missing/) });
  });
});

describe('doctor: time zone data', () => {
  it('GIVEN a real zone WHEN checked THEN ok', () => {
    expect(timeZoneCheck('America/Los_Angeles').verdict).toBe('ok');
  });
  it('GIVEN a zone this Node does not know WHEN checked THEN fail naming the setting', () => {
    expect(timeZoneCheck('Mars/Olympus')).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/AFTERGLOW_DEFAULT_TIMEZONE=Mars\/Olympus/) });
  });
});
