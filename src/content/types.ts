// What the bot reads from prompts/. All patient-facing wording lives there as
// data, validated at start-up; code refers to it by id.

import type { ClinicalSettings } from './schema.js';

export type { ClinicalSettings };
export type Vars = Record<string, string | number>;

export interface ExerciseStep {
  text: string;
  /** How long to give the person before the next step is sent. */
  seconds: number;
}

export interface Exercise {
  id: string;
  title: string;
  summary: string;
  /** Words a person may type for it: `exercise box`, `breathe`. */
  aliases: string[];
  forms: { short: ExerciseStep[]; long: ExerciseStep[] };
  /** Shown before the first step, every time. */
  caution?: string;
  /** Not offered, scheduled or started in the 24 hours after a session. */
  notOnDosingDay: boolean;
  /** The person or tradition the practice comes from. */
  credit?: string;
}

export type SkillGroup = 'crisis' | 'facts' | 'everyday';

export interface Skill {
  id: string;
  title: string;
  /** In a crisis of feeling / when a feeling does not fit the facts / every day to stay steady. */
  group: SkillGroup;
  aliases: string[];
  why: string;
  card: string;
  notOnDosingDay: boolean;
  caution?: string;
  /** Paced steps, sent like an exercise. */
  practice?: ExerciseStep[];
  /** A guided conversation in code instead of paced steps. */
  flow?: 'thought_record' | 'activation';
}

export const PHASES = ['landing', 'next_day', 'days_2_7', 'weeks_2_4', 'before_next'] as const;
export type Phase = (typeof PHASES)[number];

export interface IntegrationPrompt {
  id: string;
  phase: Phase;
  /** One of THEMES (checked by the schema). */
  theme: string;
  /** May use {{name}}, {{intention}} and other declared placeholders. */
  text: string;
  /**
   * Required when `text` quotes {{intention}}: the wording used when the
   * person set no pre-session intention (it must not use {{intention}}).
   * Callers need not filter prompts: `renderPrompt()` picks the right one.
   */
  textNoIntention?: string;
}

export const THEMES = [
  'body',
  'emotions',
  'insights',
  'relationships',
  'intentions',
  'meaning',
  'self-compassion',
] as const;
export type Theme = (typeof THEMES)[number];

export interface InstrumentOption {
  value: number;
  label: string;
}

export interface InstrumentItem {
  id: string;
  text: string;
  /** Short name for alerts ("dizziness"). */
  label?: string;
  options: InstrumentOption[];
}

export interface ScoreBand {
  min: number;
  max: number;
  label: string;
  /** When true a score in this band opens a case for clinicians. */
  flag?: boolean;
  /** The case category a flagged band opens. */
  category?: string;
}

export interface Instrument {
  id: string;
  title: string;
  intro: string;
  items: InstrumentItem[];
  bands: ScoreBand[];
  /** Where the wording comes from (standard instruments must be used verbatim). */
  source?: string;
  /** How alerts name it ("PHQ-9"). */
  shortName?: string;
  /**
   * Item-level rules: e.g. PHQ-9 item 9 above 0 opens a crisis case;
   * a side-effect item at or above its threshold flags a clinician.
   * One item may carry several rules (rising thresholds); every rule met
   * applies and the most severe wins.
   */
  itemFlags: { itemId: string; atLeast: number; category: string; severity: string }[];
}

export interface SequenceStep {
  id: string;
  /** Offset from the session start, e.g. { hours: 4 } or { days: 1, at: '09:00' } (local time). */
  offset: { hours?: number; days?: number; at?: string };
  kind: 'prompt' | 'checkin' | 'exercise' | 'instrument';
  /** The prompt, exercise or instrument id. Unused for checkin. */
  ref?: string;
}

export interface IntegrationSequence {
  id: string;
  title: string;
  steps: SequenceStep[];
}

export interface Resource {
  id: string;
  region: string;
  name: string;
  kind: 'emergency' | 'crisis_line' | 'peer' | 'directory';
  contact: string;
  hours?: string;
  notes?: string;
  source: string;
  checkedBy?: string;
  /** ISO date the entry was last checked. */
  checked: string;
}

export const SMALL_TALK_KINDS = ['social', 'feeling'] as const;
/** What a small-talk answer may offer next (at most once an hour: see flows/offer-policy.ts). */
export const OFFER_KINDS = ['exercise', 'journal', 'safety_plan', 'person'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

/**
 * A greeting, thanks, goodbye or plain feeling, in one language: the
 * phrases that mean it and the short answers to it, in the clinic's words.
 */
export interface SmallTalk {
  id: string;
  /** social: greetings, thanks, goodbyes (never a journal entry); feeling: kept in the journal with consent. */
  kind: (typeof SMALL_TALK_KINDS)[number];
  /** Whole phrases, compared without case, accents or punctuation ("I'm sad" = "im sad"). */
  phrases: string[];
  replies: string[];
  offer?: OfferKind;
  /** The exercise offered when `offer` is exercise. */
  exercise?: string;
}

export interface ContentItemSummary {
  id: string;
  kind: 'text' | 'exercise' | 'prompt' | 'instrument' | 'sequence' | 'resource' | 'skill' | 'smalltalk';
  title: string;
  locales: string[];
}

export interface ContentLibrary {
  readonly locales: string[];
  /** UI text by key with {{placeholders}} filled; falls back to English. Throws on an unknown key. */
  text(key: string, locale: string, vars?: Vars): string;
  hasText(key: string): boolean;
  exercise(idOrAlias: string, locale: string): Exercise | undefined;
  exercises(locale: string): Exercise[];
  /** A skill by id or alias (any locale's alias), in the locale. */
  skill(idOrAlias: string, locale: string): Skill | undefined;
  skills(locale: string): Skill[];
  prompt(id: string, locale: string): IntegrationPrompt | undefined;
  prompts(locale: string): IntegrationPrompt[];
  instrument(id: string, locale: string): Instrument | undefined;
  sequence(id: string): IntegrationSequence | undefined;
  /** Every resource entry in English, all regions (for the review-date check). */
  allResources(): Resource[];
  /** The clinic's clinical settings (check-in thresholds, review period), defaults filled in. */
  settings(): ClinicalSettings;
  /** Crisis resources for a region (falls back to the default region), in the locale. */
  resources(region: string, locale: string): Resource[];
  /** Small talk written in this language (its base language for es-MX); no English fallback: phrases are language-specific. */
  smallTalk(locale: string): SmallTalk[];
  list(): ContentItemSummary[];
}
