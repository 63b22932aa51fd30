// zod schemas for every kind of file under prompts/. They check the shape of
// one entry; checks that need the whole library (references, placeholders,
// translations) live in load-content.ts.

import { z } from 'zod';
import { CATEGORIES, SEVERITIES } from '../safety/screening/types.js';
import { PHASES, THEMES } from './types.js';

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
  disabled,
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
    items: z
      .array(z.strictObject({ id, text, options: z.array(optionSchema).min(2, 'an item needs at least two options') }))
      .min(1),
    bands: z
      .array(z.strictObject({ min: z.number().int(), max: z.number().int(), label: text, flag: z.boolean().optional() }))
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
  contact: text,
  hours: text.optional(),
  notes: text.optional(),
  source: text,
  checked: z.preprocess(
    (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
    z
      .string({ error: 'checked (the date the entry was verified) is required' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'checked is an ISO date, e.g. 2026-11-21')
      .refine((s) => !Number.isNaN(Date.parse(s)), 'checked is not a real date'),
  ),
  disabled,
});

export type ExerciseEntry = z.infer<typeof exerciseSchema>;
export type PromptEntry = z.infer<typeof promptSchema>;
export type InstrumentEntry = z.infer<typeof instrumentSchema>;
export type SequenceEntry = z.infer<typeof sequenceSchema>;
export type ResourceEntry = z.infer<typeof resourceSchema>;

/** Item kinds: folder name under prompts/ -> schema. */
export const ITEM_SCHEMAS = {
  exercises: exerciseSchema,
  integration: promptSchema,
  instruments: instrumentSchema,
  resources: resourceSchema,
  sequences: sequenceSchema,
} as const;
export type ItemKindDir = keyof typeof ITEM_SCHEMAS;
