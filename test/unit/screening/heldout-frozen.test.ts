import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The held-out set is only worth anything while it is exactly what was frozen before
// training: a silent edit (a "fixed" label, a reworded line) would make every figure
// measured on it incomparable with the ones before. This test is the tripwire.
const DIR = fileURLToPath(new URL('../../../data/screening/heldout/', import.meta.url));
const FILES = ['en.jsonl', 'es.jsonl'] as const;

// Categories and the expects each may carry, as the corpus brief defines them.
const RISK = [
  'passive_ideation', 'active_ideation', 'plan_means_timing', 'goodbye_giving_away', 'self_harm',
  'harm_to_others', 'abuse', 'medical_emergency', 'misuse',
] as const;
const ALLOWED: Record<string, readonly string[]> = {
  ...Object.fromEntries(RISK.map((c) => [c, ['alert', 'review']])),
  distress: ['review'],
  resolved_past: ['none', 'review'],
  ...Object.fromEntries(
    ['kap_experience', 'idiom', 'other_people', 'letters_homework', 'grief', 'dark_humour',
      'expected_side_effects', 'news_films', 'medicine_questions', 'everyday'].map((c) => [c, ['none']]),
  ),
};

interface HeldOutLine { id: string; lang: string; category: string; expect: string; text: string }

function frozenHashes(): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of readFileSync(`${DIR}FROZEN.sha256`, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const m = /^([0-9a-f]{64}) [ *](\S+)$/.exec(line);
    if (!m) throw new Error(`FROZEN.sha256: not a sha256sum line: ${JSON.stringify(line)}`);
    map.set(m[2]!, m[1]!);
  }
  return map;
}

function parseLines(file: string): { line: number; value: unknown; error?: string }[] {
  const parts = readFileSync(`${DIR}${file}`, 'utf8').split('\n');
  // Only the newline that ends the last record is allowed; a blank line inside is an error.
  if (parts.at(-1) === '') parts.pop();
  return parts.map((text, i) => {
    try {
      return { line: i + 1, value: JSON.parse(text) as unknown };
    } catch (e) {
      return { line: i + 1, value: null, error: (e as Error).message };
    }
  });
}

/** Every problem with one parsed line, as readable strings (empty when the line is valid). */
function problems(file: string, line: number, v: unknown): string[] {
  const where = `${file}:${line}`;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [`${where}: not a JSON object`];
  const r = v as Partial<HeldOutLine>;
  const out: string[] = [];
  const lang = file.slice(0, 2);
  const keys = Object.keys(r).sort().join(',');
  if (keys !== 'category,expect,id,lang,text') out.push(`${where}: keys are ${keys}`);
  if (r.lang !== lang) out.push(`${where}: lang ${String(r.lang)} in ${file}`);
  const allowed = typeof r.category === 'string' ? ALLOWED[r.category] : undefined;
  if (!allowed) out.push(`${where}: unknown category ${String(r.category)}`);
  else if (!allowed.includes(String(r.expect))) out.push(`${where}: expect ${String(r.expect)} not allowed for ${r.category}`);
  const idPattern = new RegExp(`^ho-${lang}-${String(r.category)}-\\d{4}$`);
  if (typeof r.id !== 'string' || !idPattern.test(r.id)) out.push(`${where}: id ${String(r.id)} does not match ${idPattern}`);
  if (typeof r.text !== 'string' || r.text.trim() === '') out.push(`${where}: empty text`);
  return out;
}

describe('held-out screening set', () => {
  it('GIVEN FROZEN.sha256 WHEN each held-out file is hashed THEN the hash is the frozen one', () => {
    const frozen = frozenHashes();
    expect([...frozen.keys()].sort()).toEqual([...FILES].sort());
    for (const file of FILES) {
      const actual = createHash('sha256').update(readFileSync(`${DIR}${file}`)).digest('hex');
      expect(actual, `${file} changed after it was frozen`).toBe(frozen.get(file));
    }
  });

  it('GIVEN the held-out files WHEN every line is parsed THEN each is a valid record with an allowed category and expect', () => {
    const found: string[] = [];
    for (const file of FILES) {
      const lines = parseLines(file);
      expect(lines.length, `${file} is empty`).toBeGreaterThan(0);
      for (const { line, value, error } of lines) {
        if (error !== undefined) found.push(`${file}:${line}: ${error}`);
        else found.push(...problems(file, line, value));
      }
    }
    expect(found).toEqual([]);
  });

  it('GIVEN both languages WHEN ids are collected THEN no id appears twice', () => {
    const seen = new Map<string, string>();
    const dupes: string[] = [];
    for (const file of FILES) {
      for (const { line, value } of parseLines(file)) {
        const id = (value as Partial<HeldOutLine> | null)?.id;
        if (typeof id !== 'string') continue;
        const prior = seen.get(id);
        if (prior !== undefined) dupes.push(`${id} at ${prior} and ${file}:${line}`);
        else seen.set(id, `${file}:${line}`);
      }
    }
    expect(dupes).toEqual([]);
  });
});
