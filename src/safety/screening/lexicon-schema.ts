// Schema of prompts/safety/lexicon.yaml: the screening rules as clinic-editable
// data. The pattern language itself is documented in ./pattern.ts and at the
// top of the YAML file.
import { z } from 'zod';
import { CATEGORIES, SEVERITIES } from './types.js';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by "-"');

/** `signal` rules never alert alone: they are remembered and can raise a later message. */
export const RULE_LEVELS = [...SEVERITIES, 'signal'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

export const RuleSchema = z
  .object({
    id,
    category: z.enum(CATEGORIES),
    severity: z.enum(RULE_LEVELS),
    /**
     * What a negation cue just before the match does: `lower` -> review,
     * `keep` -> severity stays (explicit intent and plans), marked negated.
     */
    negation: z.enum(['lower', 'keep']).default('lower'),
    /** `lower`: laughter (lol, 💀, 😂) in the same or next sentence lowers to review. */
    laughter: z.enum(['lower', 'ignore']).default('ignore'),
    patterns: z.array(z.string().min(1)).min(1),
    /**
     * Contribution to the message's cumulative score (see `scoring`) when the
     * rule matches, not negated and not cancelled by an exception. Counted
     * once per rule however often it matches. Negative weights dampen
     * (hyperbole, fiction, talk about someone else) and only ever affect
     * score-based alerts, never a rule's own alert.
     */
    weight: z.number().min(-10).max(10).default(0),
    note: z.string().optional(),
  })
  .strict();

/** Several weak signals in one message add up: a total at or above `threshold` alerts. */
export const ScoreLevelSchema = z
  .object({
    id,
    threshold: z.number().positive(),
    category: z.enum(CATEGORIES),
    severity: z.enum(SEVERITIES),
    /** At least this many distinct positive-weight rules must have matched. */
    minRules: z.number().int().min(1).max(10).default(2),
    note: z.string().optional(),
  })
  .strict();

export const ExceptionSchema = z
  .object({
    id,
    /**
     * Categories or rule ids whose overlapping matches this exception cancels.
     * Empty: all rules. Requests only by their id (or `requests`).
     */
    suppresses: z.array(z.string()).default([]),
    patterns: z.array(z.string().min(1)).min(1),
    note: z.string().optional(),
  })
  .strict();

/**
 * A person asking for a human ("can someone call me", "quiero hablar con mi
 * terapeuta"). Not risk and never an alert by itself: the bot passes it to
 * the care team as a contact request. A negated request ("I don't need to
 * talk to anyone") is not one.
 */
export const RequestSchema = z
  .object({
    id,
    patterns: z.array(z.string().min(1)).min(1),
    note: z.string().optional(),
  })
  .strict();

export const ContextRuleSchema = z
  .object({
    id,
    /**
     * Categories or rule ids seen in recent messages (or in another, separate
     * match of this one). Rule ids let a rule raise only a specific pairing
     * (means at hand + intent) without raising a whole category.
     */
    recent: z.array(z.string().min(1)).min(1),
    /** Categories or rule ids matched now (signals included). */
    now: z.array(z.string().min(1)).min(1),
    /** Rule ids that `now` would take in through their category but that this rule leaves alone. */
    except: z.array(z.string().min(1)).default([]),
    raiseTo: z.enum(SEVERITIES),
    note: z.string().optional(),
  })
  .strict();

export const LexiconSchema = z
  .object({
    version: z.union([z.string().min(1), z.number()]).transform(String),
    description: z.string().optional(),
    /** Misspelling -> canonical word(s), applied to each token. */
    spellings: z.record(z.string().regex(/^[a-z0-9]+$/), z.string().min(1)).default({}),
    /** Reusable pattern fragments, used as @name. */
    classes: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.string().min(1)).default({}),
    negation: z
      .object({
        cues: z.array(z.string()).min(1),
        /** A cue followed by one of these is not a negation ("not sure i want to live"). */
        breakers: z.array(z.string()).default([]),
        /** How many tokens before a match a cue may be. */
        window: z.number().int().min(1).max(8).default(4),
        /** Words that may stand between a cue and the match ("not going to ever ..."); any other word stops the look-back. */
        bridge: z.array(z.string()).default([]),
        /** A breaker followed by one of these governs an object and does not hedge: "not think about it" negates. */
        breakerObjects: z.array(z.string()).default([]),
        /** A cue after one of these is an urge resisted, not a negation: "trying not to kill myself". */
        effort: z.array(z.string()).default([]),
        /** Cues that are interjections when a subject follows ("no, i am suicidal"): no negation then. */
        interjections: z.array(z.string()).default([]),
        /** Subjects that make an interjection cue ("no i ...", "no it ..."). */
        subjects: z.array(z.string()).default([]),
        /**
         * Emphatic cues: "never been so suicidal", "never wanted to die more" are
         * emphasis, not negation. `between`: words between the cue and the end of
         * the match; `after`: words in the three tokens after the match.
         */
        emphatic: z
          .object({
            cues: z.array(z.string()).default([]),
            between: z.array(z.string()).default([]),
            after: z.array(z.string()).default([]),
          })
          .strict()
          .default({ cues: [], between: [], after: [] }),
      })
      .strict(),
    laughter: z.array(z.string()).default([]),
    /**
     * Intensifiers dropped before matching ("i want to fucking die" reads as
     * "i want to die"), so patterns need not allow for them everywhere.
     */
    fillers: z.array(z.string().regex(/^[a-z0-9]+$/)).default([]),
    rules: z.array(RuleSchema).min(1),
    exceptions: z.array(ExceptionSchema).default([]),
    requests: z.array(RequestSchema).default([]),
    context: z.array(ContextRuleSchema).default([]),
    /** Cumulative-score levels, checked highest threshold first. */
    scoring: z.array(ScoreLevelSchema).default([]),
  })
  .strict();

export type Lexicon = z.infer<typeof LexiconSchema>;
export type LexiconRule = z.infer<typeof RuleSchema>;
export type LexiconException = z.infer<typeof ExceptionSchema>;
export type LexiconRequest = z.infer<typeof RequestSchema>;
export type ContextRule = z.infer<typeof ContextRuleSchema>;
export type ScoreLevel = z.infer<typeof ScoreLevelSchema>;
