// zod schemas for every kind of file under prompts/. They check the shape of
// one entry; checks that need the whole library (references, placeholders,
// translations) live in load-content.ts.

import { z } from 'zod';
import { CATEGORIES, SEVERITIES } from '../safety/screening/types.js';
import { OFFER_KINDS, PHASES, SMALL_TALK_KINDS, THEMES } from './types.js';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'ids use lower-case letters, digits, "_", "-" and "."');
const text = z.string().trim().min(1, 'text is empty');
/**
 * `disabled: true` in a clinic's override removes the item with that id
 * (e.g. a resource the clinic does not want to show).
 */
const disabled = z.boolean().optional();

/** A text file: a flat map of key -> string. Nested maps are an error, on purpose. */
export const textFileSchema = z.record(
  z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/i, 'text keys are dotted words, e.g. crisis.reply.high'),
  z.string({ error: 'every value must be a string (text files are flat key: text maps)' }).trim().min(1, 'text is empty'),
);

export const exerciseStepSchema = z.strictObject({
  text,
  // Adapters pace delivery on this; a step without it would arrive all at once.
  seconds: z.number({ error: 'every step needs seconds (a duration)' }).int().min(1).max(900),
});

export const exerciseSchema = z.strictObject({
  id,
  title: text,
  summary: text,
  aliases: z.array(z.string().trim().min(1)).default([]),
  forms: z.strictObject({
    short: z.array(exerciseStepSchema).min(1, 'short form has no steps'),
    long: z.array(exerciseStepSchema).min(1, 'long form has no steps'),
  }),
  /** Shown before the first step, every time: e.g. stay seated, stop if dizzy. */
  caution: text.optional(),
  /**
   * Not offered, scheduled or started in the 24 hours after a session (breath
   * holds, standing or walking steps): blood pressure and balance are not
   * back to normal yet. The load refuses a sequence that schedules it then.
   */
  notOnDosingDay: z.boolean().default(false),
  /** The person or tradition the practice comes from, in our own words. */
  credit: text.optional(),
  disabled,
});

export const SKILL_GROUPS = ['crisis', 'facts', 'everyday'] as const;
export const SKILL_FLOWS = ['thought_record', 'activation'] as const;

/**
 * A therapeutic skill: a one-screen card, a "why this helps" line, and either
 * paced practice steps (sent like an exercise) or a guided flow in code.
 */
export const skillSchema = z
  .strictObject({
    id,
    title: text,
    group: z.enum(SKILL_GROUPS),
    aliases: z.array(z.string().trim().min(1)).default([]),
    why: text,
    card: text,
    /** Not in the 24 hours after a recorded session (TIPP: heart rate and blood pressure after ketamine). */
    notOnDosingDay: z.boolean().default(false),
    /** Said before the practice and on the card. Required when notOnDosingDay is set. */
    caution: text.optional(),
    practice: z.array(exerciseStepSchema).min(1).optional(),
    flow: z.enum(SKILL_FLOWS).optional(),
    disabled,
  })
  .superRefine((skill, ctx) => {
    if (!skill.practice === !skill.flow) ctx.addIssue({ code: 'custom', message: 'a skill has either practice steps or a flow, not both or neither' });
    if (skill.notOnDosingDay && !skill.caution) ctx.addIssue({ code: 'custom', message: 'notOnDosingDay needs a caution that says so to the patient' });
  });

export const promptSchema = z.strictObject({
  id,
  phase: z.enum(PHASES),
  theme: z.enum(THEMES),
  text,
  textNoIntention: text.optional(),
  disabled,
});

const optionSchema = z.strictObject({ value: z.number().int(), label: text });

export const instrumentSchema = z
  .strictObject({
    id,
    title: text,
    intro: text,
    source: text.optional(),
    /** How alerts name it ("PHQ-9"); the title otherwise. */
    shortName: text.optional(),
    items: z
      .array(
        z.strictObject({
          id,
          text,
          /** A short name for alerts ("dizziness"); the item text otherwise. */
          label: text.optional(),
          options: z.array(optionSchema).min(2, 'an item needs at least two options'),
        }),
      )
      .min(1),
    bands: z
      .array(
        z.strictObject({
          min: z.number().int(),
          max: z.number().int(),
          label: text,
          flag: z.boolean().optional(),
          /** The case category a flagged band opens (default: <instrument>_<band>). */
          category: z.enum(CATEGORIES).optional(),
        }),
      )
      .min(1),
    itemFlags: z
      .array(
        z.strictObject({
          itemId: id,
          atLeast: z.number().int(),
          category: z.enum(CATEGORIES),
          severity: z.enum(SEVERITIES),
        }),
      )
      .default([]),
    disabled,
  })
  .superRefine((inst, ctx) => {
    const itemIds = new Set<string>();
    for (const item of inst.items) {
      if (itemIds.has(item.id)) ctx.addIssue({ code: 'custom', message: `item "${item.id}" appears twice` });
      itemIds.add(item.id);
      const values = item.options.map((o) => o.value);
      if (new Set(values).size !== values.length) {
        ctx.addIssue({ code: 'custom', message: `item "${item.id}" has two options with the same value` });
      }
    }
    for (const f of inst.itemFlags) {
      const item = inst.items.find((i) => i.id === f.itemId);
      if (!item) ctx.addIssue({ code: 'custom', message: `itemFlags refers to unknown item "${f.itemId}"` });
      else if (!item.options.some((o) => o.value >= f.atLeast)) {
        ctx.addIssue({ code: 'custom', message: `itemFlags on "${f.itemId}": no option reaches ${f.atLeast}` });
      }
    }
    // Bands must tile the possible total exactly: a gap is a score with no meaning.
    const lo = inst.items.reduce((s, i) => s + Math.min(...i.options.map((o) => o.value)), 0);
    const hi = inst.items.reduce((s, i) => s + Math.max(...i.options.map((o) => o.value)), 0);
    const bands = [...inst.bands].sort((a, b) => a.min - b.min);
    let next = lo;
    for (const b of bands) {
      if (b.min > b.max) ctx.addIssue({ code: 'custom', message: `band "${b.label}" has min above max` });
      if (b.min !== next) {
        ctx.addIssue({ code: 'custom', message: `bands must cover ${lo}–${hi} without gaps or overlaps (at ${next})` });
        return;
      }
      next = b.max + 1;
    }
    if (next !== hi + 1) ctx.addIssue({ code: 'custom', message: `bands must reach the maximum score ${hi}` });
  });

export const sequenceStepSchema = z
  .strictObject({
    id,
    offset: z.strictObject({
      hours: z.number().min(0).optional(),
      days: z.number().int().min(0).optional(),
      at: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'at is a local time HH:MM')
        .optional(),
    }),
    kind: z.enum(['prompt', 'checkin', 'exercise', 'instrument']),
    ref: id.optional(),
  })
  .superRefine((step, ctx) => {
    const { hours, days, at } = step.offset;
    if (hours === undefined && days === undefined) ctx.addIssue({ code: 'custom', message: 'offset needs hours or days' });
    if (hours !== undefined && at !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'offset: use either hours, or days with at' });
    }
    if (step.kind !== 'checkin' && !step.ref) ctx.addIssue({ code: 'custom', message: `a ${step.kind} step needs ref` });
    // A check-in's ref names its variant: `thoughts` adds the question about thoughts of self-harm.
    if (step.kind === 'checkin' && step.ref !== undefined && step.ref !== 'thoughts') {
      ctx.addIssue({ code: 'custom', message: `a checkin step's ref is a variant: "thoughts" (or none), not "${step.ref}"` });
    }
  });

export const sequenceSchema = z
  .strictObject({ id, title: text, steps: z.array(sequenceStepSchema).min(1), disabled })
  .superRefine((seq, ctx) => {
    const seen = new Set<string>();
    for (const s of seq.steps) {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', message: `step "${s.id}" appears twice` });
      seen.add(s.id);
    }
  });

export const resourceSchema = z.strictObject({
  id,
  /** ISO 3166 alpha-2 (GB for the UK) or ANY for the fallback. */
  region: z.string().regex(/^([A-Z]{2}|ANY)$/, 'region is a two-letter country code (GB, US, IE) or ANY'),
  name: text,
  /**
   * emergency: the region's emergency number (listed first in every crisis
   * reply); crisis_line: a 24/7 line; peer: a peer line with limited hours,
   * left out of imminent-risk replies; directory: where to find others.
   */
  kind: z.enum(['emergency', 'crisis_line', 'peer', 'directory']).default('crisis_line'),
  contact: text,
  hours: text.optional(),
  notes: text.optional(),
  /** The primary source the entry was checked against (the service's own site), not a copy of it. */
  source: text,
  /** Who checked it on `checked`: the project's note, or the clinic's reviewer. */
  checkedBy: text.optional(),
  checked: z.preprocess(
    (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
    z
      .string({ error: 'checked (the date the entry was verified) is required' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'checked is an ISO date, e.g. 2026-11-21')
      .refine((s) => !Number.isNaN(Date.parse(s)), 'checked is not a real date'),
  ),
  disabled,
});

/**
 * The clinic's clinical settings (clinical/settings.yaml): a clinic folder
 * overrides any top-level key. Every field has the project's default.
 */
export const clinicalSettingsSchema = z.strictObject({
  /** A resource entry checked longer ago than this gives a warning at start and in the health check. */
  resourceReviewDays: z.number().int().min(1).max(3650).default(180),
  /** A check-in past these thresholds `times` times within `withinDays` days opens a review case. */
  checkinReview: z
    .strictObject({
      moodAtMost: z.number().int().min(0).max(10).nullable().default(1),
      anxietyAtLeast: z.number().int().min(0).max(10).nullable().default(9),
      times: z.number().int().min(1).max(20).default(2),
      withinDays: z.number().min(0.5).max(30).default(3),
    })
    .default({ moodAtMost: 1, anxietyAtLeast: 9, times: 2, withinDays: 3 }),
  /** After an extreme check-in answer, at most one offer (an exercise, the safety plan, a person) this often. */
  offerEveryMinutes: z.number().int().min(0).max(1440).default(60),
});
export type ClinicalSettings = z.infer<typeof clinicalSettingsSchema>;

export const smallTalkSchema = z
  .strictObject({
    id,
    kind: z.enum(SMALL_TALK_KINDS),
    phrases: z.array(text).min(1, 'small talk needs at least one phrase'),
    replies: z.array(text).min(1, 'small talk needs at least one reply'),
    offer: z.enum(OFFER_KINDS).optional(),
    exercise: id.optional(),
    disabled,
  })
  .superRefine((e, ctx) => {
    if (e.offer === 'exercise' && !e.exercise) ctx.addIssue({ code: 'custom', message: 'offer: exercise needs exercise (its id)' });
    if (e.exercise && e.offer !== 'exercise') ctx.addIssue({ code: 'custom', message: 'exercise is only used with offer: exercise' });
  });

export type SmallTalkEntry = z.infer<typeof smallTalkSchema>;
export type ExerciseEntry = z.infer<typeof exerciseSchema>;
export type PromptEntry = z.infer<typeof promptSchema>;
export type InstrumentEntry = z.infer<typeof instrumentSchema>;
export type SequenceEntry = z.infer<typeof sequenceSchema>;
export type ResourceEntry = z.infer<typeof resourceSchema>;
export type SkillEntry = z.infer<typeof skillSchema>;

/** Item kinds: folder name under prompts/ -> schema. */
export const ITEM_SCHEMAS = {
  exercises: exerciseSchema,
  integration: promptSchema,
  instruments: instrumentSchema,
  resources: resourceSchema,
  sequences: sequenceSchema,
  skills: skillSchema,
  smalltalk: smallTalkSchema,
} as const;
export type ItemKindDir = keyof typeof ITEM_SCHEMAS;
