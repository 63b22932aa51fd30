import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATEGORIES, LANGS, readHandWritten, textKey, type CorpusLine, type Lang } from './corpus-lines.js';
import { createRng, hashSeed, shuffled } from './prng.js';
import { typoVariant } from './typos.js';
import { TEMPLATES, expandTemplate } from './variant-templates.js';

// Rewrites data/screening/train/generated/ from the hand-written corpus:
//   npx tsx scripts/screening/make-variants.ts [--train <dir>] [--out <dir>]
// Per language and category it adds a third as many variants as there are
// hand-written lines, so variants are a quarter of each category's total
// (the corpus rule caps them at a third). Each language and category has its
// own seeded stream, so adding Spanish lines never changes the English variants.

export const SEED = 20250705;
/** Variants per hand-written line; 1/3 gives a generated share of 1/4. */
export const VARIANT_RATIO = 1 / 3;
/** Share of a category's variants that come from templates, where it has any. */
export const TEMPLATE_SHARE = 0.2;

export type Generated = Map<string, CorpusLine[]>; // key: `${lang}/${category}`

function generateOne(lang: Lang, category: string, hand: CorpusLine[], taken: Set<string>): CorpusLine[] {
  const rng = createRng(hashSeed(SEED, `${lang}/${category}`));
  const quota = Math.floor(hand.length * VARIANT_RATIO);
  const templates = TEMPLATES.filter((t) => t.lang === lang && t.category === category);
  const templateTexts = shuffled(rng, templates.flatMap((t) => expandTemplate(t).map((text) => ({ text, expect: t.expect }))));
  const templateQuota = templates.length ? Math.round(quota * TEMPLATE_SHARE) : 0;
  const out: Omit<CorpusLine, 'id'>[] = [];
  const take = (text: string): boolean => {
    const key = textKey(text);
    if (taken.has(key)) return false;
    taken.add(key);
    return true;
  };
  for (const t of templateTexts) {
    if (out.length >= templateQuota) break;
    if (take(t.text)) out.push({ lang, category, expect: t.expect, text: t.text, generated: 'template' });
  }
  // Each hand-written line is the source of at most one typo variant, so the
  // slips spread over the category instead of piling on a few lines.
  for (const src of shuffled(rng, hand)) {
    if (out.length >= quota) break;
    const text = typoVariant(src.text, lang, src.expect, rng);
    if (take(text)) out.push({ lang, category, expect: src.expect, text, generated: 'typo', source: src.id });
  }
  return out.map((l, i) => ({ id: `gen-${lang}-${category}-${String(i + 1).padStart(4, '0')}`, ...l }));
}

export function generateVariants(handByLang: Record<Lang, CorpusLine[]>): Generated {
  const taken = new Set<string>();
  for (const lang of LANGS) for (const l of handByLang[lang]) taken.add(textKey(l.text));
  const out: Generated = new Map();
  for (const lang of LANGS) {
    for (const category of CATEGORIES) {
      const hand = handByLang[lang].filter((l) => l.category === category);
      if (hand.length) out.set(`${lang}/${category}`, generateOne(lang, category, hand, taken));
    }
  }
  return out;
}

/** One JSON object per line, fields in the corpus's order. */
export function toJsonl(lines: CorpusLine[]): string {
  return lines
    .map(({ id, lang, category, expect, text, generated, source }) =>
      JSON.stringify({ id, lang, category, expect, text, generated, ...(source ? { source } : {}) }),
    )
    .join('\n') + '\n';
}

export function writeGenerated(outDir: string, generated: Generated): void {
  rmSync(outDir, { recursive: true, force: true });
  for (const [key, lines] of generated) {
    const file = join(outDir, `${key}.jsonl`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, toJsonl(lines));
  }
}

export function makeVariants(trainDir: string, outDir: string): Generated {
  const generated = generateVariants({ en: readHandWritten(trainDir, 'en'), es: readHandWritten(trainDir, 'es') });
  writeGenerated(outDir, generated);
  return generated;
}

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const args = process.argv.slice(2);
  const trainDir = resolve(argValue(args, '--train') ?? join(root, 'data/screening/train'));
  const outDir = resolve(argValue(args, '--out') ?? join(trainDir, 'generated'));
  try {
    const generated = makeVariants(trainDir, outDir);
    const counts = [...generated].map(([k, v]) => `${k} ${v.length}`);
    process.stdout.write(`wrote ${counts.length} files to ${outDir}\n${counts.join('\n')}\n`);
  } catch (err) {
    process.stderr.write(`make-variants: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
