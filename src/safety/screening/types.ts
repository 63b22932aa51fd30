// The contract between the screener and the rest of the bot. The screener is
// a pure function of (text, recent context, lexicon): no I/O, no clock.
import type { ModelReading } from './model/reading.js';

// Severity is cross-cutting (cases, alerts, the store): it lives in the core.
import type { Severity } from '../../core/types.js';

export { SEVERITIES, type Severity } from '../../core/types.js';

export const CATEGORIES = [
  'suicidal_ideation',
  'plan_intent_means',
  'self_harm',
  'harm_to_others',
  'abuse_unsafe',
  'medical_emergency',
  'misuse',
  /** Despair, hopelessness, a plea for someone to talk to: no danger named, but a human should read it (review only). */
  'distress',
  /**
   * A side effect to look at (strong nausea, dizziness, bladder symptoms,
   * lasting dissociation): not a crisis, never answered as one, no caring
   * contacts. Chest pain, fainting or use outside the prescription stay
   * medical_emergency or misuse.
   */
  'side_effect',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface ScreenMatch {
  /** Id of the lexicon rule that matched (stable, for audit and tuning). */
  ruleId: string;
  category: Category;
  severity: Severity;
  /** The normalised span that matched (for the clinic's screen tool; never logged at info). */
  matched: string;
  /** True when a negation cue governed the match; it lowers urgency, never drops intent or plan. */
  negated: boolean;
}

/** A weak signal remembered for a while so a later message can be read in its light. */
export interface ContextSignal {
  category: Category;
  severity: Severity;
  /** Rule id or signal name. */
  ruleId: string;
}

export interface ScreenContext {
  /** Signals from this person's recent messages (the caller keeps them for a few hours). */
  recent: ContextSignal[];
  /** This person's last few messages (within about 30 minutes, oldest first) and what was decided on each: the model reads them together with this one. */
  recentTexts?: { text: string; decision: Decision }[];
  /**
   * The message is an answer the bot asked for (a questionnaire option, a
   * check-in score): the lexicon floor screens it, the model does not read it.
   */
  lexiconOnly?: boolean;
}

/** `alert` pages; `review` opens a case a human reads today without a page; `none` opens nothing. */
export type Decision = 'alert' | 'review' | 'none';

/** What set the decision, for the explanation (`why`). */
export type DecisionBasis =
  /** The rule's tier stood (an imminent hit, or the lexicon alone). */
  | 'rule'
  /** The model agreed a moderate hit is dangerous: it pages. */
  | 'rule_confirmed'
  /** The model read a high or moderate hit as safe or less urgent: a review. */
  | 'rule_lowered'
  /** The model raised it (alone, or above a review-level rule). */
  | 'model'
  /** The person's last messages read together raised it. */
  | 'context'
  | 'none';

export interface ScreenResult {
  /** True when clinicians would be notified at any urgency (review included). */
  alert: boolean;
  /** The most urgent category, or null when nothing matched. */
  category: Category | null;
  severity: Severity | null;
  matches: ScreenMatch[];
  /** True when the level was raised because of earlier messages. */
  raisedByContext: boolean;
  /** Signals from this message worth remembering for context. */
  remember: ContextSignal[];
  /** Id of the lexicon request that matched (someone asking for a person), or null. Never an alert by itself. */
  request: string | null;
  /** The one decision from the rules and the model (the lexicon alone: review-severity hits are reviews, the rest alerts). */
  decision: Decision;
  basis: DecisionBasis;
  /** The model's reading of this message, or null when it did not run. */
  model: ModelReading | null;
  /** The model's reading of the last few messages together, when it raised the decision. */
  contextModel?: ModelReading;
  /** Why the model did not run ("model unavailable"): set only when a model was expected. */
  modelUnavailable?: string;
}

export interface Screener {
  screen(text: string, context?: ScreenContext): ScreenResult;
  /** Lexicon version, recorded on every case for audit. */
  readonly version: string;
}
