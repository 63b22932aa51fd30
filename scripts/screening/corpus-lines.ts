import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CodedError } from '../../src/core/errors.js';
import { RISK_CLASSES, SAFE_CLASSES } from '../../src/safety/screening/model/classes.js';

// The corpus format shared by the writers, the variant generator and the model
// (data/screening/README.md). Kept here, not in src/, because nothing at run
// time reads the training corpus.

// The categories are the model's classes: one list (src/safety/screening/model/classes.ts).
export { RISK_CLASSES as RISK_CATEGORIES, SAFE_CLASSES as NEGATIVE_CATEGORIES } from '../../src/safety/screening/model/classes.js';

export const CATEGORIES: readonly string[] = [...RISK_CLASSES, ...SAFE_CLASSES];
export const LANGS = ['en', 'es'] as const;
export const EXPECTS = ['alert', 'review', 'none'] as const;

export type Lang = (typeof LANGS)[number];
export type Expect = (typeof EXPECTS)[number];

export interface CorpusLine {
  id: string;
  lang: Lang;
  category: string;
  expect: Expect;
  text: string;
  generated?: 'typo' | 'template';
  source?: string;
}

/**
 * The key two lines collide on: case and runs of whitespace do not make a new
 * message, punctuation and spelling do (dropping them is what a typo variant is).
 */
export function textKey(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function parseLine(raw: string, where: string): CorpusLine {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw new CodedError('input_invalid', `${where}: not JSON (${(err as Error).message})`);
  }
  const o = value as Record<string, unknown>;
  if (typeof o !== 'object' || o === null) throw new CodedError('input_invalid', `${where}: not an object`);
  for (const f of ['id', 'lang', 'category', 'expect', 'text'] as const) {
    if (typeof o[f] !== 'string' || (o[f] as string).trim() === '') {
      throw new CodedError('input_invalid', `${where}: field "${f}" missing or empty`);
    }
  }
  if (!(LANGS as readonly unknown[]).includes(o.lang)) throw new CodedError('input_invalid', `${where}: lang "${String(o.lang)}"`);
  if (!CATEGORIES.includes(o.category as string)) {
    throw new CodedError('input_invalid', `${where}: unknown category "${String(o.category)}"`);
  }
  if (!(EXPECTS as readonly unknown[]).includes(o.expect)) {
    throw new CodedError('input_invalid', `${where}: expect "${String(o.expect)}"`);
  }
  return o as unknown as CorpusLine;
}

export function readJsonl(file: string): CorpusLine[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((raw, i) => ({ raw, where: `${file}:${i + 1}` }))
    .filter(({ raw }) => raw.trim() !== '')
    .map(({ raw, where }) => parseLine(raw, where));
}

/** Hand-written lines of one language, files in name order, lines in file order. */
export function readHandWritten(trainDir: string, lang: Lang): CorpusLine[] {
  const dir = join(trainDir, lang);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => {
      const lines = readJsonl(join(dir, f));
      const expected = f.replace(/\.jsonl$/, '');
      for (const l of lines) {
        if (l.category !== expected || l.lang !== lang) {
          throw new CodedError('input_invalid', `${join(dir, f)}: line ${l.id} is ${l.lang}/${l.category}, not ${lang}/${expected}`);
        }
      }
      return lines;
    });
}
