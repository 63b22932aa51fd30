import { describe, expect, it } from 'vitest';
import { loadContent, MAX_MESSAGE_CHARS, SLACK_MAX_MESSAGE_CHARS } from '../../../src/content/load-content.js';
import {
  ITEM_PLACEHOLDERS,
  REQUIRED_TEXT_KEYS,
  SAMPLE_VALUES,
  declaredTextPlaceholders,
  placeholdersIn,
} from '../../../src/content/placeholders.js';
import { renderInstrumentItem } from '../../../src/content/render.js';
import { PHASES, THEMES, type ContentLibrary } from '../../../src/content/types.js';
import { PROMPTS_DIR, tempContentDir } from './helpers.js';

// The lint runs over the library as the bot sees it, in every locale, so a
// clinic can run the same checks against its own folder.
const lib = loadContent({ dirs: [PROMPTS_DIR] });
const summaries = lib.list();
const textKeys = summaries.filter((s) => s.kind === 'text');

const CRISIS_KEYS = REQUIRED_TEXT_KEYS.filter((k) => k.startsWith('crisis.'));
const SPANISH_KEYS = [
  ...CRISIS_KEYS,
  'notice.not_human',
  'notice.disclaimer',
  ...REQUIRED_TEXT_KEYS.filter((k) => k.startsWith('safety_plan.')),
];

describe('content lint', () => {
  it('GIVEN the project content WHEN loaded THEN every id is unique across kinds', () => {
    const ids = summaries.filter((s) => s.kind !== 'text').map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = textKeys.map((s) => s.id);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('GIVEN every text key with declared placeholders WHEN read in every locale, English included THEN it uses only the declared ones', () => {
    // Keys not declared in placeholders.ts are the core's UI strings: their English text
    // in prompts/ is their declaration, so English has nothing to be checked against;
    // their translations are held to it by the next test.
    const declared = textKeys.filter(({ id }) => declaredTextPlaceholders(id));
    expect(declared.length).toBeGreaterThan(0);
    for (const { id: key, locales } of declared) {
      for (const locale of locales) {
        for (const name of placeholdersIn(rawText(lib, key, locale))) expect(declaredTextPlaceholders(key), `${locale} ${key}`).toContain(name);
      }
    }
  });

  it('GIVEN every translated text WHEN its placeholders are compared with its English text THEN they are the same: none invented, none dropped', () => {
    expect(textKeys.some(({ locales }) => locales.some((l) => l !== 'en'))).toBe(true);
    expect(placeholderMismatches(lib)).toEqual([]);
  });

  it('GIVEN a clinic folder whose Spanish crisis reply drops {{eta}} WHEN linted THEN the lint names that text', () => {
    // The loader accepts it ({{resources}} is the only required one), so only the lint stands between
    // this and a Spanish reply that never says when a clinician will call.
    const spanishHigh = rawText(lib, 'crisis.reply.high', 'es');
    expect(spanishHigh).toContain('{{eta}}');
    const clinic = tempContentDir({ 'text/es/crisis.yaml': `crisis.reply.high: ${JSON.stringify(spanishHigh.replace(' {{eta}}', ''))}\n` });
    try {
      const withClinic = loadContent({ dirs: [PROMPTS_DIR, clinic.dir] });
      expect(placeholderMismatches(withClinic)).toEqual(['es crisis.reply.high: eta,resources → resources']);
    } finally {
      clinic.cleanup();
    }
  });

  it('GIVEN every prompt and exercise WHEN read THEN only declared placeholders are used', () => {
    for (const locale of lib.locales) {
      for (const p of lib.prompts(locale)) {
        for (const name of placeholdersIn(`${p.text} ${p.textNoIntention ?? ''}`)) {
          expect(ITEM_PLACEHOLDERS.prompt, p.id).toContain(name);
        }
        if (p.text.includes('{{intention}}')) expect(p.textNoIntention, p.id).toBeTruthy();
        expect(p.textNoIntention ?? '', p.id).not.toContain('{{intention}}');
      }
      for (const ex of lib.exercises(locale)) {
        for (const step of [...ex.forms.short, ...ex.forms.long]) {
          for (const name of placeholdersIn(step.text)) expect(ITEM_PLACEHOLDERS.exercise, ex.id).toContain(name);
        }
      }
    }
  });

  it('GIVEN every message WHEN filled with realistic values THEN it fits Discord (2,000) and therefore Slack (3,000)', () => {
    expect(MAX_MESSAGE_CHARS).toBeLessThanOrEqual(SLACK_MAX_MESSAGE_CHARS);
    const check = (label: string, text: string) => expect(text.length, label).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    for (const locale of lib.locales) {
      for (const { id: key } of textKeys) check(`${locale} ${key}`, lib.text(key, locale, SAMPLE_VALUES));
      for (const p of lib.prompts(locale)) check(p.id, p.text.replace('{{intention}}', SAMPLE_VALUES.intention as string));
      for (const ex of lib.exercises(locale)) for (const s of [...ex.forms.short, ...ex.forms.long]) check(ex.id, s.text);
      for (const s of summaries.filter((x) => x.kind === 'instrument')) {
        const inst = lib.instrument(s.id, locale)!;
        check(`${s.id} intro`, inst.intro);
        for (const item of inst.items) check(`${s.id} ${item.id}`, renderInstrumentItem(inst, item.id));
      }
    }
  });

  it('GIVEN every exercise WHEN its steps are read THEN each step has a positive duration, in both forms', () => {
    const exercises = lib.exercises('en');
    expect(exercises.length).toBeGreaterThanOrEqual(8);
    for (const ex of exercises) {
      expect(ex.forms.short.length, ex.id).toBeGreaterThan(0);
      expect(ex.forms.long.length, ex.id).toBeGreaterThan(ex.forms.short.length - 1);
      for (const step of [...ex.forms.short, ...ex.forms.long]) {
        expect(Number.isInteger(step.seconds) && step.seconds > 0, `${ex.id}: ${step.text}`).toBe(true);
      }
    }
  });

  it('GIVEN the exercises WHEN looked up by their common names THEN the aliases from the brief resolve', () => {
    for (const alias of ['box', 'breathe', 'breathing']) expect(lib.exercise(alias, 'en')?.id).toBe('box-breathing');
    for (const alias of ['grounding', '54321']) expect(lib.exercise(alias, 'en')?.id).toBe('grounding-5-4-3-2-1');
    expect(lib.exercise('Box Breathing', 'en')?.id).toBe('box-breathing');
    for (const id of ['breathing-4-7-8', 'body-scan', 'loving-kindness', 'rain', 'safe-place', 'self-compassion-break']) {
      expect(lib.exercise(id, 'en')?.id).toBe(id);
    }
  });

  it('GIVEN every sequence WHEN its steps are read THEN each reference exists', () => {
    for (const s of summaries.filter((x) => x.kind === 'sequence')) {
      for (const step of lib.sequence(s.id)!.steps) {
        if (step.kind === 'prompt') expect(lib.prompt(step.ref!, 'en'), step.id).toBeDefined();
        if (step.kind === 'exercise') expect(lib.exercise(step.ref!, 'en'), step.id).toBeDefined();
        if (step.kind === 'instrument') expect(lib.instrument(step.ref!, 'en'), step.id).toBeDefined();
      }
    }
  });

  it('GIVEN the default sequence WHEN read THEN it covers landing, next morning, side effects, an exercise, week one and PHQ-9/GAD-7', () => {
    const steps = lib.sequence('default')!.steps;
    expect(steps.some((s) => s.kind === 'checkin' && (s.offset.hours ?? 99) <= 6 && s.offset.days === undefined)).toBe(true);
    expect(steps.some((s) => s.kind === 'prompt' && s.offset.days === 1)).toBe(true);
    expect(steps.some((s) => s.kind === 'prompt' && s.offset.days === 2)).toBe(true);
    expect(steps.some((s) => s.kind === 'prompt' && s.offset.days === 3)).toBe(true);
    expect(steps.some((s) => s.kind === 'instrument' && s.ref === 'side_effects' && s.offset.days === 1)).toBe(true);
    expect(steps.some((s) => s.kind === 'exercise')).toBe(true);
    expect(steps.some((s) => s.kind === 'prompt' && s.offset.days === 7)).toBe(true);
    const phq = steps.find((s) => s.ref === 'phq9');
    const gad = steps.find((s) => s.ref === 'gad7');
    expect(phq?.offset.days).toBeDefined();
    expect(gad?.offset.days).toBe(phq?.offset.days);
  });

  it('GIVEN the crisis, notice and safety-plan keys WHEN checked per locale THEN all exist in English and Spanish', () => {
    for (const key of SPANISH_KEYS) {
      const s = textKeys.find((t) => t.id === key);
      expect(s, key).toBeDefined();
      expect(s!.locales, key).toEqual(expect.arrayContaining(['en', 'es']));
    }
    for (const key of REQUIRED_TEXT_KEYS) expect(lib.hasText(key), key).toBe(true);
  });

  it('GIVEN the crisis replies WHEN filled THEN each shows the resources and says it is not monitored in real time', () => {
    for (const key of CRISIS_KEYS.filter((k) => k.startsWith('crisis.reply.'))) {
      const en = lib.text(key, 'en', { resources: 'RESOURCES', eta: 'ETA' });
      expect(en, key).toContain('RESOURCES');
      expect(en, key).toMatch(/real time/);
      expect(en, key).toMatch(/care team/);
      expect(lib.text(key, 'es', { resources: 'RECURSOS', eta: 'ETA' }), key).toMatch(/tiempo real/);
    }
  });

  it('GIVEN the integration prompts WHEN counted THEN there are at least 60 covering every phase and theme', () => {
    const prompts = lib.prompts('en');
    expect(prompts.length).toBeGreaterThanOrEqual(60);
    for (const phase of PHASES) expect(prompts.some((p) => p.phase === phase), phase).toBe(true);
    for (const theme of THEMES) expect(prompts.some((p) => p.theme === theme), theme).toBe(true);
    expect(prompts.filter((p) => p.text.includes('{{intention}}')).length).toBeGreaterThanOrEqual(3);
  });

  it('GIVEN the integration prompts WHEN read THEN none gives dosing or medication advice', () => {
    for (const p of lib.prompts('en')) {
      expect(`${p.text} ${p.textNoIntention ?? ''}`, p.id).not.toMatch(/\b(dose|dosing|mg|milligram|medication|pill|take more|take less)\b/i);
    }
  });

  it('GIVEN PHQ-9 and GAD-7 WHEN read THEN item counts, options and cut-offs are the published ones', () => {
    const phq = lib.instrument('phq9', 'en')!;
    expect(phq.items).toHaveLength(9);
    expect(phq.bands.map((b) => [b.min, b.max])).toEqual([[0, 4], [5, 9], [10, 14], [15, 19], [20, 27]]);
    expect(phq.items[0]!.options.map((o) => o.label)).toEqual(['Not at all', 'Several days', 'More than half the days', 'Nearly every day']);
    expect(phq.itemFlags).toContainEqual({ itemId: 'phq9_9', atLeast: 1, category: 'suicidal_ideation', severity: 'high' });
    expect(phq.source).toMatch(/Kroenke/);
    const gad = lib.instrument('gad7', 'en')!;
    expect(gad.items).toHaveLength(7);
    expect(gad.bands.map((b) => [b.min, b.max])).toEqual([[0, 4], [5, 9], [10, 14], [15, 21]]);
    for (const id of ['mood', 'anxiety', 'sleep', 'side_effects']) expect(lib.instrument(id, 'en'), id).toBeDefined();
  });

  it('GIVEN the side-effect check WHEN read THEN it covers each KSET area and flags clinicians for serious answers', () => {
    const se = lib.instrument('side_effects', 'en')!;
    for (const area of ['dissociation', 'dizziness', 'nausea', 'headache', 'blood_pressure', 'bladder', 'confusion', 'lasting', 'cravings']) {
      expect(se.items.some((i) => i.id === `se_${area}`), area).toBe(true);
    }
    expect(se.itemFlags.some((f) => f.category === 'misuse')).toBe(true);
    expect(se.itemFlags.some((f) => f.category === 'medical_emergency' && f.severity === 'high')).toBe(true);
    expect(se.itemFlags.every((f) => ['moderate', 'high'].includes(f.severity))).toBe(true);
  });

  it('GIVEN the resource directory WHEN read per region THEN entries are dated, sourced and fall back to ANY', () => {
    const us = lib.resources('US', 'en');
    expect(us.map((r) => r.contact).join(' ')).toMatch(/988/);
    expect(us.map((r) => r.contact).join(' ')).toMatch(/741741/);
    expect(us.map((r) => r.contact).join(' ')).toMatch(/911/);
    expect(us.map((r) => r.contact).join(' ')).toMatch(/623-473-7433/);
    expect(lib.resources('UK', 'en').map((r) => r.contact).join(' ')).toMatch(/116 123/);
    expect(lib.resources('IE', 'en').map((r) => r.contact).join(' ')).toMatch(/112/);
    expect(lib.resources('FR', 'en').map((r) => r.region)).toEqual(['ANY']);
    expect(lib.resources('US', 'es')[0]!.contact).toMatch(/llama o escribe/);
    for (const region of ['US', 'GB', 'IE', 'ANY']) {
      for (const r of lib.resources(region, 'en')) {
        expect(r.checked, r.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(r.source.length, r.id).toBeGreaterThan(3);
      }
    }
  });
});

/** The unfilled text of a key: every placeholder is "filled" with itself. */
function rawText(library: ContentLibrary, key: string, locale: string): string {
  const echo = new Proxy({} as Record<string, string>, { get: (_, name) => `{{${String(name)}}}` });
  return library.text(key, locale, echo);
}

/** Each translated text whose placeholders differ from its English text's, as "locale key: English → locale". */
function placeholderMismatches(library: ContentLibrary): string[] {
  const names = (key: string, locale: string) => placeholdersIn(rawText(library, key, locale)).sort().join(',');
  const out: string[] = [];
  for (const { id: key, locales } of library.list().filter((s) => s.kind === 'text')) {
    const english = names(key, 'en');
    for (const locale of locales.filter((l) => l !== 'en')) {
      const translated = names(key, locale);
      if (translated !== english) out.push(`${locale} ${key}: ${english} → ${translated}`);
    }
  }
  return out;
}
