/** Where the model's probabilities change the decision; chosen on the training corpus by cross-validation (scripts/train-screener.ts). */
export interface DecisionThresholds {
  /** Model alone pages when P(a dangerous category) reaches this. */
  page: number;
  /** Model alone opens a review when P(any risk, distress included) reaches this. */
  review: number;
  /** A high rule hit becomes a review when one hard-negative reading reaches this (and danger is below `page`). */
  downgrade: number;
  /** A moderate rule hit pages when P(danger) reaches this, else it is a review. */
  moderate: number;
}

/** Used only if a weights file carries none (never for shipped weights). */
export const FALLBACK_THRESHOLDS: DecisionThresholds = { page: 0.8, review: 0.5, downgrade: 0.9, moderate: 0.3 };
