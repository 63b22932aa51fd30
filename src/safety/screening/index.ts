// Public API of the crisis screener.
export * from './types.js';
export { createScreener, MAX_SCREEN_CHARS } from './screener.js';
export { loadLexicon, parseLexicon } from './load-lexicon.js';
export { normalize, normalizeText, BOUNDARY, type NormalizeOptions, type Normalized } from './normalize.js';
export { LexiconSchema, RULE_LEVELS, type Lexicon, type LexiconRule, type LexiconException, type ContextRule, type RuleLevel } from './lexicon-schema.js';
