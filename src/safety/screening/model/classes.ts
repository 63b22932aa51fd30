// The model's classes are the corpus categories (data/screening/README.md):
// it learns the hard negatives as classes of their own, so it can say not
// only "safe" but why ("the resolved past", "someone else"), which is what
// the decision needs to lower a rule hit.
import type { Category } from '../types.js';

export const RISK_CLASSES = [
  'passive_ideation',
  'active_ideation',
  'plan_means_timing',
  'goodbye_giving_away',
  'self_harm',
  'harm_to_others',
  'abuse',
  'medical_emergency',
  'misuse',
  'distress',
] as const;

export const SAFE_CLASSES = [
  'kap_experience',
  'idiom',
  'resolved_past',
  'other_people',
  'letters_homework',
  'grief',
  'dark_humour',
  'expected_side_effects',
  'news_films',
  'medicine_questions',
  'everyday',
] as const;

export const MODEL_CLASSES = [...RISK_CLASSES, ...SAFE_CLASSES] as const;
export type ModelClass = (typeof MODEL_CLASSES)[number];

/** Corpus category -> the screener's category (types.ts); safe classes have none. */
export const TO_SCREENER: Record<(typeof RISK_CLASSES)[number], Category> = {
  passive_ideation: 'suicidal_ideation',
  active_ideation: 'suicidal_ideation',
  plan_means_timing: 'plan_intent_means',
  goodbye_giving_away: 'plan_intent_means',
  self_harm: 'self_harm',
  harm_to_others: 'harm_to_others',
  abuse: 'abuse_unsafe',
  medical_emergency: 'medical_emergency',
  misuse: 'misuse',
  distress: 'distress',
};

/** The hard negatives that may lower a high rule hit to a review (issue 14, item 3). */
export const HARD_NEGATIVE_GROUPS = {
  resolved_past: ['resolved_past'],
  someone_else: ['other_people', 'grief'],
  quotation: ['letters_homework', 'news_films'],
  figure_of_speech: ['idiom', 'kap_experience', 'dark_humour'],
} as const satisfies Record<string, readonly ModelClass[]>;
export type HardNegative = keyof typeof HARD_NEGATIVE_GROUPS;

export function isModelClass(s: string): s is ModelClass {
  return (MODEL_CLASSES as readonly string[]).includes(s);
}
