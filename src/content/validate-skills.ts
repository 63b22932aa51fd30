// Checks on skills that need the whole library: every skill and every skill
// text in each language the skills are written for (a patient who reads
// Spanish must never get half a thought record in English), aliases unique,
// and translations that keep what is safety-relevant (the dosing-day rule).

import type { CodedError } from '../core/errors.js';
import type { SkillEntry } from './schema.js';

/** The languages skills must be complete in. English is the fallback; Spanish is required too. */
export const SKILL_LOCALES = ['en', 'es'] as const;

/** Text keys the skills flows use: each needs every SKILL_LOCALES translation. */
export const SKILL_TEXT_PREFIXES = ['skills.', 'thought.', 'activation.', 'offer.'] as const;

type ByLocale<T> = Map<string, Map<string, { value: T; file: string }>>;

interface Helpers {
  invalid(file: string, entry: string, what: string): CodedError;
  checkLength(file: string, entry: string, text: string, what?: string): void;
  normaliseName(name: string): string;
}

export function validateSkills(skills: ByLocale<SkillEntry>, text: ByLocale<string>, h: Helpers): void {
  const english = skills.get('en') ?? new Map<string, { value: SkillEntry; file: string }>();
  const names = new Map<string, string>();
  for (const [locale, items] of skills) {
    for (const [id, { value: sk, file }] of items) {
      for (const name of [id, ...sk.aliases.map(h.normaliseName)]) {
        const prev = names.get(name);
        if (prev && prev !== id) throw h.invalid(file, id, `alias "${name}" is also used by skill "${prev}"`);
        names.set(name, id);
      }
      h.checkLength(file, `${id} card`, `${sk.title}\n${sk.card}\n${sk.why}\n${sk.caution ?? ''}`);
      sk.practice?.forEach((step, i) => h.checkLength(file, `${id} practice step ${i + 1}`, step.text));
      if (locale === 'en') continue;
      const base = english.get(id)?.value;
      if (!base) continue; // reported by the general "no English item" check
      if (base.notOnDosingDay !== sk.notOnDosingDay || base.group !== sk.group || base.flow !== sk.flow) {
        throw h.invalid(file, id, 'a translation must keep the English group, flow and notOnDosingDay');
      }
    }
  }
  for (const locale of SKILL_LOCALES) {
    if (locale === 'en') continue;
    const items = skills.get(locale);
    for (const [id, { file }] of english) {
      if (!items?.has(id)) throw h.invalid(file, id, `skill has no ${locale} translation (skills must exist in: ${SKILL_LOCALES.join(', ')})`);
    }
    const enText = text.get('en') ?? new Map<string, { value: string; file: string }>();
    const localText = text.get(locale);
    for (const [key, { file }] of enText) {
      if (!SKILL_TEXT_PREFIXES.some((p) => key.startsWith(p))) continue;
      if (!localText?.has(key)) throw h.invalid(file, key, `skill text has no ${locale} translation`);
    }
  }
}
