// Public API of the crisis screener.
export * from './types';
export { createScreener, MAX_SCREEN_CHARS } from './screener';
export { loadLexicon, parseLexicon } from './load-lexicon';
export { normalize, normalizeText, BOUNDARY, type NormalizeOptions, type Normalized } from './normalize';
export { LexiconSchema, RULE_LEVELS, type Lexicon, type LexiconRule, type LexiconException, type ContextRule, type RuleLevel } from './lexicon-schema';
