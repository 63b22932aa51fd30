import { afterEach, describe, expect, it } from 'vitest';
import { CodedError } from '../../../src/core/errors.js';
import { loadContent } from '../../../src/content/load-content.js';
import { PROMPTS_DIR, tempContentDir } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function load(files: Record<string, string>): CodedError | undefined {
  const t = tempContentDir(files);
  cleanups.push(t.cleanup);
  try {
    loadContent({ dirs: [PROMPTS_DIR, t.dir] });
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(CodedError);
    return err as CodedError;
  }
}

const SKILL = (extra = '') =>
  `id: pros-cons\ntitle: Pros and cons\ngroup: crisis\nwhy: Weighing both sides slows an urge down.\ncard: List the pros and cons of acting on the urge, and of not.\npractice:\n  - { text: Write the pros of acting on the urge., seconds: 30 }\n${extra}`;

describe('skills content', () => {
  it('GIVEN the project prompts WHEN loaded THEN every skill exists in English and Spanish and TIPP is not for a dosing day', () => {
    const lib = loadContent({ dirs: [PROMPTS_DIR] });
    const en = lib.skills('en').map((s) => s.id);
    expect(en).toHaveLength(11);
    expect(lib.list().filter((i) => i.kind === 'skill').every((i) => i.locales.includes('es'))).toBe(true);
    expect(lib.skill('tipp', 'es')!.notOnDosingDay).toBe(true);
    expect(lib.skills('en').filter((s) => s.notOnDosingDay).map((s) => s.id)).toEqual(['tipp']);
  });

  it('GIVEN a clinic skill in English only WHEN loaded THEN the lint fails naming the missing Spanish translation', () => {
    const err = load({ 'skills/en/pros.yaml': SKILL() });
    expect(err?.message).toMatch(/pros-cons: skill has no es translation/);
  });

  it('GIVEN a skill text key in English only WHEN loaded THEN the lint fails naming the key', () => {
    const err = load({ 'text/en/extra.yaml': 'skills.extra_line: One more line.\n' });
    expect(err?.message).toMatch(/skills\.extra_line: skill text has no es translation/);
  });

  it('GIVEN a Spanish translation that drops notOnDosingDay WHEN loaded THEN the lint fails', () => {
    const es = `id: tipp\ntitle: TIPP\ngroup: crisis\nwhy: Ayuda.\ncard: Tarjeta.\npractice:\n  - { text: Paso., seconds: 10 }\n`;
    const err = load({ 'skills/es/tipp.yaml': es });
    expect(err?.message).toMatch(/tipp: a translation must keep the English group, flow and notOnDosingDay/);
  });

  it('GIVEN a skill marked notOnDosingDay without a caution WHEN loaded THEN the lint fails', () => {
    const err = load({ 'skills/en/pros.yaml': SKILL('notOnDosingDay: true\n') });
    expect(err?.message).toMatch(/notOnDosingDay needs a caution/);
  });

  it('GIVEN a complete clinic skill in both languages WHEN loaded THEN it is in the library', () => {
    const err = load({ 'skills/en/pros.yaml': SKILL(), 'skills/es/pros.yaml': SKILL().replace('Pros and cons', 'Pros y contras') });
    expect(err).toBeUndefined();
  });
});
