import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../src/core/errors.js';
import { createScreener, loadLexicon, parseLexicon } from '../../../src/safety/screening/index.js';
import { runScreenCommand } from '../../../src/safety/screen-command.js';
import { LEXICON_PATH, shippedScreener } from './helpers.js';

const minimal = (rules: string) => `version: 1
negation: { cues: [not] }
rules:
${rules}`;

function errorOf(fn: () => unknown): CodedError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CodedError) return err;
    throw err;
  }
  throw new Error('expected a CodedError');
}

describe('lexicon loading', () => {
  it('GIVEN the shipped lexicon WHEN loaded THEN valid with a version', () => {
    const lex = loadLexicon(LEXICON_PATH);
    expect(lex.version).toMatch(/\S/);
    expect(shippedScreener().version).toBe(lex.version);
  });
  it('GIVEN a rule with a bad severity WHEN loaded THEN content_invalid naming the file and the rule id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lex-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, minimal('  - { id: my-rule, category: self_harm, severity: urgent, patterns: [hurt myself] }'));
    const err = errorOf(() => loadLexicon(file));
    expect(err.code).toBe('content_invalid');
    expect(err.message).toContain(file);
    expect(err.message).toContain('my-rule');
  });
  it('GIVEN a pattern with a syntax error WHEN parsed THEN content_invalid naming the rule', () => {
    const err = errorOf(() => parseLexicon(minimal('  - { id: broken-one, category: self_harm, severity: high, patterns: ["(hurt myself"] }'), 'x.yaml'));
    expect(err.code).toBe('content_invalid');
    expect(err.message).toContain('broken-one');
  });
  it('GIVEN an unknown class WHEN parsed THEN content_invalid', () => {
    expect(errorOf(() => parseLexicon(minimal('  - { id: a, category: self_harm, severity: high, patterns: ["@nope"] }'), 'x.yaml')).message).toContain('@nope');
  });
  it('GIVEN a missing file WHEN loaded THEN content_invalid', () => {
    expect(errorOf(() => loadLexicon('/nonexistent/lexicon.yaml')).code).toBe('content_invalid');
  });
  it('GIVEN duplicate ids WHEN parsed THEN content_invalid', () => {
    const rule = '  - { id: dup, category: self_harm, severity: high, patterns: [hurt myself] }';
    expect(errorOf(() => parseLexicon(minimal(`${rule}\n${rule}`), 'x.yaml')).message).toContain('dup');
  });
});

describe('pattern language', () => {
  const build = (patterns: string[], extra = '') =>
    createScreener(parseLexicon(`version: t
negation: { cues: [not], bridge: [going, to] }
classes: { self: "(myself|me)" }
rules:
  - id: r
    category: self_harm
    severity: high
    patterns: ${JSON.stringify(patterns)}
${extra}`, 't.yaml'));
  it('GIVEN gaps, options, classes and prefixes WHEN matching THEN they behave as documented', () => {
    const sc = build(['hurt* ~2 @self [badly]', '(cut|burn) [my] (arm|leg)']);
    expect(sc.screen('hurting really myself').alert).toBe(true);
    expect(sc.screen('hurting one two three myself').alert).toBe(false); // gap too long
    expect(sc.screen('burn arm').alert).toBe(true);
    expect(sc.screen('burn my leg').alert).toBe(true);
    expect(sc.screen('hurt. myself').alert).toBe(false); // gaps never cross a sentence end
  });
  it('GIVEN number slots WHEN matching THEN ranges are parsed', () => {
    const sc = build(['#bp(180,120)', 'took #num(10,99) pills']);
    expect(sc.screen('181/90').alert).toBe(true);
    expect(sc.screen('120/80').alert).toBe(false);
    expect(sc.screen('took 20 pills').alert).toBe(true);
    expect(sc.screen('took 2 pills').alert).toBe(false);
  });
  it('GIVEN negation keep WHEN negated THEN severity stays and the match is marked', () => {
    const sc = createScreener(parseLexicon(`version: t
negation: { cues: [not], bridge: [going, to] }
rules:
  - { id: k, category: plan_intent_means, severity: high, negation: keep, patterns: [take the pills] }
`, 't.yaml'));
    const r = sc.screen('not going to take the pills');
    expect(r.severity).toBe('high');
    expect(r.matches[0]!.negated).toBe(true);
  });
});

describe('screen command', () => {
  it('GIVEN lines on stdin WHEN run THEN one JSON line per message, each screened on its own', async () => {
    const input = Readable.from(['I want to die\n', 'lovely walk today\n', 'I have the pills here\n']);
    let text = '';
    const output = new Writable({ write(chunk, _enc, cb) { text += String(chunk); cb(); } });
    const code = await runScreenCommand(input, output, shippedScreener());
    expect(code).toBe(0);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ line: 1, alert: true, category: 'suicidal_ideation', raisedByContext: false });
    expect(lines[0].matches[0]).toEqual(expect.objectContaining({ ruleId: expect.any(String), negated: false }));
    expect(lines[1]).toMatchObject({ line: 2, alert: false, category: null, severity: null, matches: [] });
    expect(lines[2]).toMatchObject({ line: 3, severity: 'review', raisedByContext: false });
  });
});
