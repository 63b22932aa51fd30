import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTING_NAMES } from '../../src/config.js';

// .env.example is what a clinic copies; a setting missing from it is one
// nobody knows to set. Read as a file, parsed like a shell would.
const text = readFileSync(join(import.meta.dirname, '..', '..', '.env.example'), 'utf8');
const listed = text
  .split('\n')
  .map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1])
  .filter((k): k is string => k !== undefined);

describe('.env.example', () => {
  it('GIVEN the settings schema WHEN .env.example is read THEN every setting appears as NAME=, once', () => {
    expect(SETTING_NAMES.length).toBeGreaterThan(30);
    expect(SETTING_NAMES.filter((k) => !listed.includes(k))).toEqual([]);
    expect(listed.filter((k, i) => listed.indexOf(k) !== i)).toEqual([]);
  });

  it('GIVEN .env.example WHEN read THEN it names no setting the schema does not know (a typo would be ignored silently)', () => {
    expect(listed.filter((k) => !SETTING_NAMES.includes(k))).toEqual([]);
  });
});
