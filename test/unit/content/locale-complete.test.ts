import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, loadContent } from '../../../src/content/load-content.js';
import { PLACEHOLDER_RE, SAMPLE_VALUES } from '../../../src/content/placeholders.js';
import { exerciseStepMessages, renderInstrumentItem, renderPrompt } from '../../../src/content/render.js';
import type { ContentLibrary } from '../../../src/content/types.js';
import { PROMPTS_DIR, tempContentDir } from './helpers.js';

// One language at a time: a patient who chose Spanish must never meet an
// English sentence because a translation is missing (the fallback is for a
// clinic's own additions, not for the project's content).

const lib = loadContent({ dirs: [PROMPTS_DIR] });
const TRANSLATED = ['text', 'exercise', 'prompt', 'instrument', 'resource'] as const;

/** Items the default locale has and `locale` lacks, as "kind id". */
function missingIn(library: ContentLibrary, locale: string): string[] {
  return library
    .list()
    .filter((s) => (TRANSLATED as readonly string[]).includes(s.kind) && s.locales.includes(DEFAULT_LOCALE) && !s.locales.includes(locale))
    .map((s) => `${s.kind} ${s.id}`);
}

/** Every string a patient could be sent from the library in a locale, with realistic values filled in. */
function renderAll(library: ContentLibrary, locale: string): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const s of library.list().filter((x) => x.kind === 'text')) out.push({ where: `text ${s.id}`, text: library.text(s.id, locale, SAMPLE_VALUES) });
  for (const e of library.exercises(locale)) {
    out.push({ where: `exercise ${e.id}`, text: [e.title, e.summary, e.caution ?? ''].join('\n') });
    for (const form of ['short', 'long'] as const) for (const m of exerciseStepMessages(e, form, SAMPLE_VALUES)) out.push({ where: `exercise ${e.id} ${form}`, text: m.text });
  }
  for (const p of library.prompts(locale)) {
    out.push({ where: `prompt ${p.id}`, text: renderPrompt(p, SAMPLE_VALUES) });
    out.push({ where: `prompt ${p.id} (no intention)`, text: renderPrompt(p, { ...SAMPLE_VALUES, intention: '' }) });
  }
  for (const id of library.list().filter((x) => x.kind === 'instrument').map((x) => x.id)) {
    const inst = library.instrument(id, locale)!;
    out.push({ where: `instrument ${id}`, text: [inst.title, inst.intro ?? ''].join('\n') });
    for (const item of inst.items) out.push({ where: `instrument ${id} ${item.id}`, text: renderInstrumentItem(inst, item.id) });
  }
  return out;
}

/**
 * The English catalogue's own sentences, cut at placeholders and sentence
 * ends; fragments of four words or more are English-only wording (names like
 * "Afterglow" or "Lifeline" are shorter and may appear in any language).
 */
function englishSentences(library: ContentLibrary): Set<string> {
  const templates: string[] = [];
  for (const s of library.list().filter((x) => x.kind === 'text')) templates.push(library.text(s.id, DEFAULT_LOCALE));
  for (const e of library.exercises(DEFAULT_LOCALE)) {
    templates.push(e.summary, e.caution ?? '');
    for (const form of ['short', 'long'] as const) templates.push(...e.forms[form].map((st) => st.text));
  }
  for (const p of library.prompts(DEFAULT_LOCALE)) templates.push(p.text, p.textNoIntention ?? '');
  for (const id of library.list().filter((x) => x.kind === 'instrument').map((x) => x.id)) {
    const inst = library.instrument(id, DEFAULT_LOCALE)!;
    templates.push(inst.intro ?? '', ...inst.items.map((i) => i.text), ...inst.items.flatMap((i) => i.options.map((o) => o.label)));
  }
  const out = new Set<string>();
  for (const t of templates) {
    for (const piece of t.replace(/\{\{[^}]*\}\}/g, '\n').split(/[.!?:;\n•()"“”]+/)) {
      const s = piece.trim();
      if (s.split(/\s+/).length >= 4) out.add(s);
    }
  }
  return out;
}

function englishIn(library: ContentLibrary, locale: string): string[] {
  const english = [...englishSentences(library)];
  const hits: string[] = [];
  for (const { where, text } of renderAll(library, locale)) {
    // The filled sample values are English on purpose (an intention, the US list): they are not the catalogue's wording.
    let own = text;
    for (const v of Object.values(SAMPLE_VALUES)) own = own.split(v).join('\n');
    for (const s of english) if (own.includes(s)) hits.push(`${where}: "${s}"`);
  }
  return hits;
}

describe('every language is complete', () => {
  const others = lib.locales.filter((l) => l !== DEFAULT_LOCALE);

  it('GIVEN the project content THEN it speaks Spanish as well as English', () => {
    expect(others).toContain('es');
  });

  it.each(others)('GIVEN locale %s THEN it has every text, exercise, prompt, questionnaire and resource English has', (locale) => {
    expect(missingIn(lib, locale)).toEqual([]);
  });

  it.each(others)('GIVEN locale %s WHEN every message is rendered THEN none holds an English sentence from the English catalogue', (locale) => {
    expect(englishIn(lib, locale)).toEqual([]);
  });

  it('GIVEN a text key only English has WHEN checked THEN the check names it (it cannot pass vacuously)', () => {
    const { dir, cleanup } = tempContentDir({ 'text/en/extra.yaml': 'notice.extra_line: Something only English has to say.\n' });
    try {
      const withExtra = loadContent({ dirs: [PROMPTS_DIR, dir] });
      expect(missingIn(withExtra, 'es')).toContain('text notice.extra_line');
      expect(englishIn(withExtra, 'es')).toEqual(expect.arrayContaining([expect.stringContaining('Something only English has to say')]));
    } finally {
      cleanup();
    }
  });

  it('GIVEN a Spanish text that kept an English sentence WHEN checked THEN it is reported', () => {
    const { dir, cleanup } = tempContentDir({ 'messages/es.yaml': 'journal.saved: Guardado. Saved to your journal.\n' });
    try {
      const withSlip = loadContent({ dirs: [PROMPTS_DIR, dir] });
      expect(englishIn(withSlip, 'es').join('\n')).toMatch(/text journal\.saved/);
    } finally {
      cleanup();
    }
  });
});

void PLACEHOLDER_RE;
