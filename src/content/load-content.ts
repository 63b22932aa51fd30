// Reads prompts/ (and a clinic's override folders) into a ContentLibrary.
//
// Layout of each content folder (see prompts/README.md):
//   text/<locale>/*.yaml         flat maps key -> text (crisis replies, notices, safety plan)
//   messages/<locale>.yaml       the core's UI strings, same format (merged with text/)
//   integration/<locale>/*.yaml  integration prompts
//   exercises/<locale>/*.yaml    mindfulness and grounding exercises
//   instruments/<locale>/*.yaml  check-in scales and questionnaires
//   resources/<locale>/*.yaml    crisis resources by region
//   sequences/*.yaml             integration sequences (language-neutral)
//   safety/                      the screener's lexicon: not read here
// Any localised kind also accepts `<kind>/<locale>.yaml`. An item file holds
// one item (a map with `id`) or a list of items.
//
// Later folders override earlier ones item by item (by id, per locale; text
// by key). Everything is validated before the library exists: a start-up
// with a broken file fails naming the file and the entry, so a patient never
// meets a missing crisis text at 3 a.m.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { CodedError } from '../core/errors.js';
import {
  ITEM_PLACEHOLDERS,
  MUST_USE,
  REQUIRED_INSTRUMENTS,
  REQUIRED_SEQUENCES,
  REQUIRED_TEXT_KEYS,
  SAMPLE_VALUES,
  declaredTextPlaceholders,
  fill,
  matchesPattern,
  placeholdersIn,
} from './placeholders.js';
import {
  exerciseSchema,
  instrumentSchema,
  promptSchema,
  resourceSchema,
  sequenceSchema,
  textFileSchema,
  type ExerciseEntry,
  type InstrumentEntry,
  type PromptEntry,
  type ResourceEntry,
  type SequenceEntry,
} from './schema.js';
import type {
  ContentItemSummary,
  ContentLibrary,
  Exercise,
  Instrument,
  IntegrationPrompt,
  IntegrationSequence,
  Resource,
  Vars,
} from './types.js';

export interface LoadContentOptions {
  /** dirs[0] is the project's prompts/; later folders (AFTERGLOW_CONTENT_DIR) override by id. */
  dirs: string[];
}

export const DEFAULT_LOCALE = 'en';
/** Discord's message limit; Slack's 3,000 is looser, so one check covers both. */
export const MAX_MESSAGE_CHARS = 2000;
export const SLACK_MAX_MESSAGE_CHARS = 3000;

const TEXT_DIRS = ['text', 'messages'] as const;
const IGNORED_DIRS = new Set(['safety']);
const LOCALE_RE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

interface Entry<T> {
  value: T;
  file: string;
}
type ById<T> = Map<string, Entry<T>>;
type ByLocale<T> = Map<string, ById<T>>;

interface Layer {
  text: ByLocale<string>;
  exercises: ByLocale<ExerciseEntry>;
  prompts: ByLocale<PromptEntry>;
  instruments: ByLocale<InstrumentEntry>;
  resources: ByLocale<ResourceEntry>;
  sequences: ById<SequenceEntry>;
}
type LocalisedKind = 'exercises' | 'prompts' | 'instruments' | 'resources';

const ITEM_DIRS: Record<string, { kind: LocalisedKind; schema: z.ZodType<{ id: string; disabled?: boolean }> }> = {
  exercises: { kind: 'exercises', schema: exerciseSchema },
  integration: { kind: 'prompts', schema: promptSchema },
  instruments: { kind: 'instruments', schema: instrumentSchema },
  resources: { kind: 'resources', schema: resourceSchema },
};

function invalid(file: string, entry: string, what: string): CodedError {
  return new CodedError('content_invalid', `${file}: ${entry}: ${what}`);
}

function emptyLayer(): Layer {
  return { text: new Map(), exercises: new Map(), prompts: new Map(), instruments: new Map(), resources: new Map(), sequences: new Map() };
}

function bucket<T>(m: ByLocale<T>, locale: string): ById<T> {
  let b = m.get(locale);
  if (!b) m.set(locale, (b = new Map()));
  return b;
}

function isYaml(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !name.startsWith('.');
}

function sortedEntries(dir: string): string[] {
  return readdirSync(dir).sort();
}

function readYaml(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    const msg = (err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)).replace(/:$/, '');
    // The usual slip when editing text by hand: a colon followed by a space inside an unquoted line.
    const hint = /mapping/i.test(msg) ? ' (a text containing ": " needs quotes or a |- block)' : '';
    throw invalid(file, '(file)', `not valid YAML: ${msg}${hint}`);
  }
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/** Files of a localised kind: `<kind>/<locale>.yaml` and `<kind>/<locale>/*.yaml`. */
function localisedFiles(kindDir: string): { file: string; locale: string }[] {
  const out: { file: string; locale: string }[] = [];
  for (const name of sortedEntries(kindDir)) {
    const full = join(kindDir, name);
    if (statSync(full).isDirectory()) {
      if (!LOCALE_RE.test(name)) throw invalid(full, '(folder)', 'expected a locale folder such as en or es');
      for (const f of sortedEntries(full)) if (isYaml(f)) out.push({ file: join(full, f), locale: name });
    } else if (isYaml(name)) {
      const locale = name.replace(/\.ya?ml$/i, '');
      if (!LOCALE_RE.test(locale)) throw invalid(full, '(file)', 'expected <locale>.yaml or a <locale>/ folder');
      out.push({ file: full, locale });
    }
  }
  return out;
}

function addText(layer: Layer, file: string, locale: string, doc: unknown): void {
  if (doc == null) return;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw invalid(file, '(file)', 'a text file is a map of key: text');
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const parsed = textFileSchema.safeParse({ [key]: value });
    if (!parsed.success) throw invalid(file, key, issueText(parsed.error).replace(`${key}: `, ''));
    const b = bucket(layer.text, locale);
    const prev = b.get(key);
    if (prev) throw invalid(file, key, `duplicate text key (also in ${prev.file})`);
    b.set(key, { value: parsed.data[key] as string, file });
  }
}

function parseItems<T extends { id: string }>(file: string, doc: unknown, schema: z.ZodType<T>): T[] {
  if (doc == null) return [];
  const raw = Array.isArray(doc) ? doc : [doc];
  return raw.map((item, i) => {
    const entryId =
      item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string'
        ? (item as { id: string }).id
        : `#${i + 1}`;
    // A removal marker needs nothing but its id.
    if (item && typeof item === 'object' && (item as { disabled?: unknown }).disabled === true && entryId[0] !== '#') {
      return { id: entryId, disabled: true } as unknown as T;
    }
    const parsed = schema.safeParse(item);
    if (!parsed.success) throw invalid(file, entryId, issueText(parsed.error));
    return parsed.data;
  });
}

function put<T extends { id: string }>(target: ById<T>, file: string, item: T): void {
  const prev = target.get(item.id);
  if (prev) throw invalid(file, item.id, `duplicate id (also in ${prev.file})`);
  target.set(item.id, { value: item, file });
}

function readLayer(dir: string): Layer {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw invalid(dir, '(folder)', 'content folder not found');
  }
  const layer = emptyLayer();
  for (const name of sortedEntries(dir)) {
    const full = join(dir, name);
    if (!statSync(full).isDirectory() || name.startsWith('.') || IGNORED_DIRS.has(name)) continue;
    if ((TEXT_DIRS as readonly string[]).includes(name)) {
      for (const { file, locale } of localisedFiles(full)) addText(layer, file, locale, readYaml(file));
    } else if (name === 'sequences') {
      for (const f of sortedEntries(full).filter(isYaml)) {
        const file = join(full, f);
        for (const item of parseItems(file, readYaml(file), sequenceSchema)) put(layer.sequences, file, item);
      }
    } else if (ITEM_DIRS[name]) {
      const { kind, schema } = ITEM_DIRS[name];
      for (const { file, locale } of localisedFiles(full)) {
        const target = bucket(layer[kind] as ByLocale<{ id: string }>, locale);
        for (const item of parseItems(file, readYaml(file), schema)) put(target, file, item);
      }
    } else {
      const known = [...TEXT_DIRS, ...Object.keys(ITEM_DIRS), 'sequences', ...IGNORED_DIRS].join(', ');
      throw invalid(full, '(folder)', `unknown content folder (expected one of: ${known})`);
    }
  }
  return layer;
}

function mergeInto<T extends { disabled?: boolean } | string>(target: ById<T>, source: ById<T>): void {
  for (const [id, entry] of source) {
    // Map.set on an existing key keeps its position: overrides keep the order.
    if (typeof entry.value === 'object' && entry.value.disabled) target.delete(id);
    else target.set(id, entry);
  }
}

function mergeLocales<T extends { disabled?: boolean } | string>(target: ByLocale<T>, source: ByLocale<T>): void {
  for (const [locale, items] of source) {
    mergeInto(bucket(target, locale), items);
    // English defines which items exist: removing it there removes every translation.
    if (locale !== DEFAULT_LOCALE) continue;
    for (const [id, entry] of items) {
      if (typeof entry.value === 'object' && entry.value.disabled) for (const b of target.values()) b.delete(id);
    }
  }
}

// ---------------------------------------------------------------- validation

function checkPlaceholders(file: string, entry: string, text: string, allowed: readonly string[]): void {
  for (const name of placeholdersIn(text)) {
    if (!allowed.includes(name)) {
      const list = allowed.length ? allowed.map((a) => `{{${a}}}`).join(', ') : 'none';
      throw invalid(file, entry, `unknown placeholder {{${name}}} (allowed here: ${list})`);
    }
  }
}

function checkLength(file: string, entry: string, text: string, what = 'text'): void {
  const filled = fillForLength(text);
  if (filled.length > MAX_MESSAGE_CHARS) {
    throw invalid(file, entry, `${what} is ${filled.length} characters with example values; a chat message allows ${MAX_MESSAGE_CHARS} (Discord)`);
  }
}

/** Known placeholders get realistic values; unknown ones count as written. */
function fillForLength(text: string): string {
  return text.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (m, name: string) => SAMPLE_VALUES[name] ?? m);
}

function validate(merged: Layer, base: Layer): void {
  const en = DEFAULT_LOCALE;
  const enText = merged.text.get(en) ?? new Map<string, Entry<string>>();

  // Text: every key has English; placeholders declared; lengths.
  for (const [, items] of merged.text) {
    for (const [key, { value, file }] of items) {
      const english = enText.get(key);
      if (!english) throw invalid(file, key, 'no English text for this key (English is the fallback for every key)');
      const baseEnglish = base.text.get(en)?.get(key)?.value ?? english.value;
      const allowed = declaredTextPlaceholders(key) ?? placeholdersIn(baseEnglish);
      checkPlaceholders(file, key, value, allowed);
      for (const [pattern, name] of MUST_USE) {
        if (matchesPattern(key, pattern) && !placeholdersIn(value).includes(name)) {
          throw invalid(file, key, `must include {{${name}}} so the person sees where to get help`);
        }
      }
      checkLength(file, key, value);
    }
  }
  for (const key of REQUIRED_TEXT_KEYS) {
    if (!enText.has(key)) throw invalid(`text/${en}`, key, 'required text is missing in English');
  }

  // Every item kind: English exists for each translated item; ids unique across kinds.
  const owner = new Map<string, string>();
  const claim = (id: string, kind: string, file: string) => {
    const prev = owner.get(id);
    if (prev && prev !== kind) throw invalid(file, id, `id is also used by a ${prev}; ids must be unique across kinds`);
    owner.set(id, kind);
  };
  const kinds: [LocalisedKind, string][] = [
    ['exercises', 'exercise'],
    ['prompts', 'prompt'],
    ['instruments', 'instrument'],
    ['resources', 'resource'],
  ];
  for (const [kind, label] of kinds) {
    const byLocale = merged[kind] as ByLocale<{ id: string }>;
    const english = byLocale.get(en) ?? new Map();
    for (const [locale, items] of byLocale) {
      for (const [id, { file }] of items) {
        if (locale !== en && !english.has(id)) throw invalid(file, id, `no English ${label} with this id (English is the fallback)`);
        claim(id, label, file);
      }
    }
  }
  for (const [id, { file }] of merged.sequences) claim(id, 'sequence', file);

  // Exercises: aliases unique, steps placeholders and lengths.
  for (const [, items] of merged.exercises) {
    const names = new Map<string, string>();
    for (const [id, { value: ex, file }] of items) {
      for (const name of [id, ...ex.aliases.map(normaliseName)]) {
        const prev = names.get(name);
        if (prev && prev !== id) throw invalid(file, id, `alias "${name}" is also used by exercise "${prev}"`);
        names.set(name, id);
      }
      for (const form of ['short', 'long'] as const) {
        ex.forms[form].forEach((step, i) => {
          const entry = `${id} ${form} step ${i + 1}`;
          checkPlaceholders(file, entry, step.text, ITEM_PLACEHOLDERS.exercise);
          checkLength(file, entry, step.text);
        });
      }
      checkPlaceholders(file, id, `${ex.title} ${ex.summary}`, ITEM_PLACEHOLDERS.exercise);
    }
  }

  // Prompts: placeholders, and an intention-free variant when {{intention}} is quoted.
  for (const [, items] of merged.prompts) {
    for (const [id, { value: p, file }] of items) {
      checkPlaceholders(file, id, p.text, ITEM_PLACEHOLDERS.prompt);
      checkLength(file, id, p.text);
      if (placeholdersIn(p.text).includes('intention') && !p.textNoIntention) {
        throw invalid(file, id, 'text quotes {{intention}}, so textNoIntention (used when none was set) is required');
      }
      if (p.textNoIntention) {
        if (placeholdersIn(p.textNoIntention).includes('intention')) {
          throw invalid(file, id, 'textNoIntention must not use {{intention}}');
        }
        checkPlaceholders(file, id, p.textNoIntention, ITEM_PLACEHOLDERS.prompt);
        checkLength(file, id, p.textNoIntention, 'textNoIntention');
      }
    }
  }

  // Instruments: each item as sent fits a message; translations keep the scoring.
  const enInstruments = merged.instruments.get(en) ?? new Map();
  for (const [locale, items] of merged.instruments) {
    for (const [id, { value: inst, file }] of items) {
      for (const item of inst.items) {
        checkPlaceholders(file, `${id} ${item.id}`, item.text, ITEM_PLACEHOLDERS.instrument);
        checkLength(file, `${id} ${item.id}`, renderInstrumentItemPlain(inst, item.id));
      }
      if (locale === en) continue;
      const base = enInstruments.get(id)?.value as InstrumentEntry | undefined;
      if (base && scoringShape(base) !== scoringShape(inst)) {
        throw invalid(file, id, 'a translation must keep the English item ids, option values, bands and itemFlags');
      }
    }
  }
  for (const id of REQUIRED_INSTRUMENTS) {
    if (!enInstruments.has(id)) throw invalid(`instruments/${en}`, id, 'required instrument is missing');
  }

  // Resources: a translation keeps the region.
  const enResources = merged.resources.get(en) ?? new Map();
  for (const [locale, items] of merged.resources) {
    if (locale === en) continue;
    for (const [id, { value: r, file }] of items) {
      const base = enResources.get(id)?.value as ResourceEntry | undefined;
      if (base && base.region !== r.region) throw invalid(file, id, `region ${r.region} differs from the English entry (${base.region})`);
    }
  }

  // Sequences reference things that exist.
  const enOf = (kind: LocalisedKind) => (merged[kind] as ByLocale<unknown>).get(en) ?? new Map();
  for (const [id, { value: seq, file }] of merged.sequences) {
    for (const step of seq.steps) {
      if (step.kind === 'checkin') continue;
      const kind: LocalisedKind = step.kind === 'prompt' ? 'prompts' : step.kind === 'exercise' ? 'exercises' : 'instruments';
      if (!enOf(kind).has(step.ref ?? '')) {
        throw invalid(file, `${id} ${step.id}`, `refers to unknown ${step.kind} "${step.ref}"`);
      }
    }
  }
  for (const id of REQUIRED_SEQUENCES) {
    if (!merged.sequences.has(id)) throw invalid('sequences', id, 'required sequence is missing');
  }
}

function scoringShape(inst: InstrumentEntry): string {
  return JSON.stringify({
    items: inst.items.map((i) => [i.id, i.options.map((o) => o.value)]),
    bands: inst.bands.map((b) => [b.min, b.max, !!b.flag]),
    flags: inst.itemFlags,
  });
}

/** One instrument question as a plain-text message: the item and its numbered options. */
export function renderInstrumentItemPlain(inst: Pick<Instrument, 'items'>, itemId: string): string {
  const item = inst.items.find((i) => i.id === itemId);
  if (!item) return '';
  return [
    item.text,
    ...item.options.map((o) => (o.label === String(o.value) ? `  ${o.value}` : `  ${o.value} — ${o.label}`)),
  ].join('\n');
}

/** How a typed exercise name is compared: "Box Breathing" -> "box-breathing". */
export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

/** Locales to try, most specific first: es-MX -> es -> en. */
export function localeChain(locale: string): string[] {
  const chain = [locale, locale.split('-')[0] ?? locale, DEFAULT_LOCALE];
  return [...new Set(chain.filter(Boolean))];
}

// ---------------------------------------------------------------- library

function strip<T extends { disabled?: boolean }>(v: T): Omit<T, 'disabled'> {
  const { disabled: _omit, ...rest } = v;
  return rest;
}

/** Regions people say that are not ISO codes. */
const REGION_ALIASES: Record<string, string> = { UK: 'GB', EN: 'GB', USA: 'US' };

export function loadContent(options: LoadContentOptions): ContentLibrary {
  if (options.dirs.length === 0) throw new CodedError('content_invalid', 'loadContent: no content folders given');
  const layers = options.dirs.map(readLayer);
  const merged = emptyLayer();
  for (const layer of layers) {
    mergeLocales(merged.text, layer.text);
    mergeLocales(merged.exercises, layer.exercises);
    mergeLocales(merged.prompts, layer.prompts);
    mergeLocales(merged.instruments, layer.instruments);
    mergeLocales(merged.resources, layer.resources);
    mergeInto(merged.sequences, layer.sequences);
  }
  validate(merged, layers[0] as Layer);
  return createLibrary(merged);
}

function createLibrary(m: Layer): ContentLibrary {
  const en = DEFAULT_LOCALE;
  const locales = new Set<string>();
  for (const kind of ['text', 'exercises', 'prompts', 'instruments', 'resources'] as const) {
    for (const [locale, items] of m[kind] as ByLocale<unknown>) if (items.size) locales.add(locale);
  }

  function resolve<T>(byLocale: ByLocale<T>, id: string, locale: string): T | undefined {
    for (const l of localeChain(locale)) {
      const hit = byLocale.get(l)?.get(id);
      if (hit) return hit.value;
    }
    return undefined;
  }
  const englishIds = (byLocale: ByLocale<unknown>) => [...(byLocale.get(en)?.keys() ?? [])];
  const localesOf = (byLocale: ByLocale<unknown>, id: string) =>
    [...byLocale].filter(([, items]) => items.has(id)).map(([l]) => l);

  const toExercise = (e: ExerciseEntry): Exercise => strip(e);
  const toPrompt = (p: PromptEntry): IntegrationPrompt => strip(p);
  const toInstrument = (i: InstrumentEntry): Instrument => strip(i);
  const toResource = (r: ResourceEntry): Resource => strip(r);
  const toSequence = (s: SequenceEntry): IntegrationSequence => strip(s);

  function findExerciseId(idOrAlias: string, locale: string): string | undefined {
    const want = normaliseName(idOrAlias);
    for (const l of localeChain(locale)) {
      const items = m.exercises.get(l);
      if (!items) continue;
      if (items.has(want)) return want;
      for (const [id, { value }] of items) if (value.aliases.some((a) => normaliseName(a) === want)) return id;
    }
    return undefined;
  }

  return {
    locales: [...locales].sort((a, b) => (a === en ? -1 : b === en ? 1 : a.localeCompare(b))),

    text(key: string, locale: string, vars?: Vars): string {
      const value = resolve(m.text, key, locale);
      if (value === undefined) throw new CodedError('not_found', `unknown text key: ${key}`);
      return fill(value, vars);
    },

    hasText(key: string): boolean {
      return m.text.get(en)?.has(key) ?? false;
    },

    exercise(idOrAlias, locale) {
      const id = findExerciseId(idOrAlias, locale);
      const e = id ? resolve(m.exercises, id, locale) : undefined;
      return e ? toExercise(e) : undefined;
    },

    exercises(locale) {
      return englishIds(m.exercises).map((id) => toExercise(resolve(m.exercises, id, locale) as ExerciseEntry));
    },

    prompt(id, locale) {
      const p = resolve(m.prompts, id, locale);
      return p ? toPrompt(p) : undefined;
    },

    prompts(locale) {
      return englishIds(m.prompts).map((id) => toPrompt(resolve(m.prompts, id, locale) as PromptEntry));
    },

    instrument(id, locale) {
      const i = resolve(m.instruments, id, locale);
      return i ? toInstrument(i) : undefined;
    },

    sequence(id) {
      const s = m.sequences.get(id);
      return s ? toSequence(s.value) : undefined;
    },

    resources(region, locale) {
      const all = englishIds(m.resources).map((id) => resolve(m.resources, id, locale) as ResourceEntry);
      const wanted = region.trim().toUpperCase();
      const code = REGION_ALIASES[wanted] ?? wanted;
      const hits = all.filter((r) => r.region === code);
      return (hits.length ? hits : all.filter((r) => r.region === 'ANY')).map(toResource);
    },

    list(): ContentItemSummary[] {
      const out: ContentItemSummary[] = [];
      for (const id of englishIds(m.exercises)) {
        out.push({ id, kind: 'exercise', title: (resolve(m.exercises, id, en) as ExerciseEntry).title, locales: localesOf(m.exercises, id) });
      }
      for (const id of englishIds(m.prompts)) {
        const p = resolve(m.prompts, id, en) as PromptEntry;
        out.push({ id, kind: 'prompt', title: `${p.phase} · ${p.theme}: ${clip(p.text, 60)}`, locales: localesOf(m.prompts, id) });
      }
      for (const id of englishIds(m.instruments)) {
        out.push({ id, kind: 'instrument', title: (resolve(m.instruments, id, en) as InstrumentEntry).title, locales: localesOf(m.instruments, id) });
      }
      for (const [id, { value }] of m.sequences) {
        out.push({ id, kind: 'sequence', title: value.title, locales: ['*'] });
      }
      for (const id of englishIds(m.resources)) {
        const r = resolve(m.resources, id, en) as ResourceEntry;
        out.push({ id, kind: 'resource', title: `${r.region}: ${r.name}`, locales: localesOf(m.resources, id) });
      }
      for (const key of englishIds(m.text)) {
        out.push({ id: key, kind: 'text', title: clip(resolve(m.text, key, en) as string, 60), locales: localesOf(m.text, key) });
      }
      return out;
    },
  };
}

export function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}
