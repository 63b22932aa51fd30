import { afterEach, describe, expect, it } from 'vitest';
import { CodedError } from '../../../src/core/errors.js';
import { loadContent } from '../../../src/content/load-content.js';
import { PROMPTS_DIR, tempContentDir } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** Loads the project content plus one broken clinic file; returns the error. */
function loadBroken(rel: string, body: string): { err: CodedError; file: string } {
  const t = tempContentDir({ [rel]: body });
  cleanups.push(t.cleanup);
  try {
    loadContent({ dirs: [PROMPTS_DIR, t.dir] });
  } catch (err) {
    expect(err).toBeInstanceOf(CodedError);
    return { err: err as CodedError, file: `${t.dir}/${rel}` };
  }
  throw new Error('expected loadContent to fail');
}

describe('broken content stops loading', () => {
  it('GIVEN an exercise step without seconds WHEN loaded THEN it fails naming the file, the entry and the problem', () => {
    const { err, file } = loadBroken(
      'exercises/en/bad.yaml',
      'id: hum\ntitle: Humming\nsummary: Hum.\nforms:\n  short:\n    - text: Hum softly.\n  long:\n    - { text: Hum., seconds: 10 }\n',
    );
    expect(err.code).toBe('content_invalid');
    expect(err.message).toBe(`${file}: hum: forms.short.0.seconds: every step needs seconds (a duration)`);
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it('GIVEN a prompt with an undeclared placeholder WHEN loaded THEN it fails naming file and prompt', () => {
    const { err, file } = loadBroken(
      'integration/en/bad.yaml',
      '- id: oops\n  phase: landing\n  theme: body\n  text: Hello {{nickname}}, how are you?\n',
    );
    expect(err.message).toBe(`${file}: oops: unknown placeholder {{nickname}} (allowed here: {{name}}, {{intention}})`);
  });

  it('GIVEN a prompt quoting the intention without a fallback WHEN loaded THEN it fails', () => {
    const { err } = loadBroken('integration/en/bad.yaml', '- id: ask\n  phase: landing\n  theme: intentions\n  text: You said "{{intention}}".\n');
    expect(err.message).toMatch(/: ask: text quotes \{\{intention\}\}, so textNoIntention/);
  });

  it('GIVEN a crisis reply that drops the resources WHEN loaded THEN it fails naming the key', () => {
    const { err, file } = loadBroken('text/en/crisis.yaml', 'crisis.reply.high: We have told your clinician.\n');
    expect(err.message).toBe(`${file}: crisis.reply.high: must include {{resources}} so the person sees where to get help`);
  });

  it('GIVEN a text too long for Discord WHEN loaded THEN it fails with the length', () => {
    const { err } = loadBroken('text/en/long.yaml', `notice.disclaimer: ${'word '.repeat(450)}\n`);
    expect(err.message).toMatch(/: notice.disclaimer: text is \d+ characters .* allows 2000 \(Discord\)/);
  });

  it('GIVEN a resource without a checked date WHEN loaded THEN it fails', () => {
    const { err, file } = loadBroken(
      'resources/en/r.yaml',
      '- id: local-line\n  region: US\n  name: Local line\n  contact: call 555\n  source: our list\n',
    );
    expect(err.message).toBe(`${file}: local-line: checked: checked (the date the entry was verified) is required`);
  });

  it('GIVEN a sequence pointing at a missing prompt WHEN loaded THEN it fails naming sequence and step', () => {
    const { err, file } = loadBroken(
      'sequences/short.yaml',
      'id: short\ntitle: Short\nsteps:\n  - { id: s1, offset: { hours: 2 }, kind: prompt, ref: no-such-prompt }\n',
    );
    expect(err.message).toBe(`${file}: short s1: refers to unknown prompt "no-such-prompt"`);
  });

  it('GIVEN two items with one id in the same folder WHEN loaded THEN it fails as a duplicate', () => {
    const body = '- { id: twin, phase: landing, theme: body, text: One. }\n- { id: twin, phase: landing, theme: body, text: Two. }\n';
    const { err, file } = loadBroken('integration/en/twins.yaml', body);
    expect(err.message).toBe(`${file}: twin: duplicate id (also in ${file})`);
  });

  it('GIVEN a file that is not valid YAML WHEN loaded THEN it fails naming the file', () => {
    const { err, file } = loadBroken('text/en/bad.yaml', 'notice.not_human: "unclosed\n');
    expect(err.message.startsWith(`${file}: (file): not valid YAML`)).toBe(true);
  });

  it('GIVEN a Spanish key with no English original WHEN loaded THEN it fails', () => {
    const { err } = loadBroken('text/es/extra.yaml', 'crisis.reply.typo: Hola {{resources}}\n');
    expect(err.message).toMatch(/: crisis.reply.typo: no English text for this key/);
  });

  it('GIVEN a translated PHQ-9 that changes the scoring WHEN loaded THEN it fails', () => {
    const body = `id: phq9\ntitle: PHQ-9\nintro: x\nitems:\n  - { id: only, text: x, options: [{ value: 0, label: a }, { value: 1, label: b }] }\nbands:\n  - { min: 0, max: 1, label: all }\n`;
    const { err } = loadBroken('instruments/es/phq9.yaml', body);
    expect(err.message).toMatch(/: phq9: a translation must keep the English item ids/);
  });

  it('GIVEN an unknown folder in a clinic dir WHEN loaded THEN it fails instead of being silently ignored', () => {
    const { err } = loadBroken('exercise/en/x.yaml', 'id: x\n');
    expect(err.message).toMatch(/exercise: \(folder\): unknown content folder/);
  });

  it('GIVEN a missing content folder WHEN loaded THEN it fails naming it', () => {
    expect(() => loadContent({ dirs: ['/nonexistent/afterglow'] })).toThrow('/nonexistent/afterglow: (folder): content folder not found');
  });
});
