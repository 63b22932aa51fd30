// `afterglow content list` and `afterglow content preview <id>`: what exists,
// and how one item reads to a patient in the console. Pure functions of the
// library; the CLI prints the result.

import { CodedError } from '../core/errors.js';
import { clip } from './load-content.js';
import { SAMPLE_VALUES } from './placeholders.js';
import { exerciseStepMessages, formatDuration, formatResources, renderInstrumentItem, renderPrompt, totalSeconds } from './render.js';
import type { ContentItemSummary, ContentLibrary, Exercise, Instrument, IntegrationSequence, Resource } from './types.js';

const KIND_ORDER: ContentItemSummary['kind'][] = ['sequence', 'prompt', 'exercise', 'instrument', 'resource', 'text'];

export function listContent(lib: ContentLibrary): string {
  const items = lib.list();
  const rows = KIND_ORDER.flatMap((kind) => items.filter((i) => i.kind === kind)).map((i) => [
    i.kind,
    i.id,
    i.locales.join(','),
    clip(i.title, 70),
  ]);
  const header = ['KIND', 'ID', 'LOCALES', 'TITLE'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] as number)))
      .join('  ')
      .trimEnd();
  const counts = KIND_ORDER.map((k) => `${items.filter((i) => i.kind === k).length} ${k}s`).join(', ');
  return [line(header), ...rows.map(line), '', `${counts}. Locales: ${lib.locales.join(', ')}.`].join('\n');
}

/**
 * Renders an item as a patient would see it in the console. `id` may be an
 * exercise id or alias, a prompt, instrument, sequence or resource id, or a
 * text key. Throws not_found for anything else.
 */
export function previewContent(lib: ContentLibrary, id: string, locale: string): string {
  const exercise = lib.exercise(id, locale);
  if (exercise) return previewExercise(exercise);
  const prompt = lib.prompt(id, locale);
  if (prompt) {
    const out = [`Integration prompt ${prompt.id} (${prompt.phase}, ${prompt.theme})`, '', renderPrompt(prompt, SAMPLE_VALUES)];
    if (prompt.textNoIntention) out.push('', '— when no intention was set:', '', renderPrompt(prompt, { ...SAMPLE_VALUES, intention: '' }));
    return out.join('\n');
  }
  const instrument = lib.instrument(id, locale);
  if (instrument) return previewInstrument(instrument);
  const sequence = lib.sequence(id);
  if (sequence) return previewSequence(lib, sequence, locale);
  const resource = lib.list().find((i) => i.kind === 'resource' && i.id === id);
  if (resource) {
    const region = resource.title.split(':')[0] as string;
    const r = lib.resources(region, locale).find((x) => x.id === id);
    if (r) return previewResource(r);
  }
  if (lib.hasText(id)) {
    return [`Text ${id} (${locale}, example values filled in)`, '', lib.text(id, locale, SAMPLE_VALUES)].join('\n');
  }
  throw new CodedError('not_found', `no content item, exercise alias or text key called "${id}" (try: content list)`);
}

function previewExercise(ex: Exercise): string {
  const out = [`${ex.title} — ${ex.summary}`, `Type: exercise ${[ex.id, ...ex.aliases].join(' | ')}`];
  for (const form of ['short', 'long'] as const) {
    const steps = exerciseStepMessages(ex, form);
    out.push('', `${form.toUpperCase()} FORM (${formatDuration(totalSeconds(ex, form))}, ${steps.length} messages)`);
    steps.forEach((s, i) => {
      out.push(`[${i + 1}/${steps.length}] ${s.text}`, `        … next message in ${s.seconds} s`);
    });
  }
  return out.join('\n');
}

function previewInstrument(inst: Instrument): string {
  const out = [inst.title, '', inst.intro];
  inst.items.forEach((item, i) => {
    out.push('', `${i + 1}/${inst.items.length}  ${renderInstrumentItem(inst, item.id)}`);
  });
  out.push('', 'Scoring (total of all items):');
  for (const b of inst.bands) out.push(`  ${b.min}–${b.max}  ${b.label}${b.flag ? '  → flags a clinician' : ''}`);
  if (inst.itemFlags.length) {
    out.push('Item rules:');
    for (const f of inst.itemFlags) out.push(`  ${f.itemId} ≥ ${f.atLeast} → ${f.category} (${f.severity})`);
  }
  if (inst.source) out.push('', `Source: ${inst.source}`);
  return out.join('\n');
}

function describeOffset(o: IntegrationSequence['steps'][number]['offset']): string {
  if (o.hours !== undefined && o.days === undefined) return `+${o.hours} h`;
  const day = `day ${o.days ?? 0}`;
  const plus = o.hours ? ` +${o.hours} h` : '';
  return o.at ? `${day} at ${o.at}` : `${day}${plus}`;
}

function previewSequence(lib: ContentLibrary, seq: IntegrationSequence, locale: string): string {
  const out = [`Sequence ${seq.id}: ${seq.title}`, 'Times are after the session, in the patient\'s own time zone.', ''];
  for (const s of seq.steps) {
    let what = s.kind as string;
    if (s.kind === 'prompt' && s.ref) {
      const p = lib.prompt(s.ref, locale);
      what = `prompt ${s.ref}: ${clip(p ? renderPrompt(p, SAMPLE_VALUES) : '?', 60)}`;
    }
    if (s.kind === 'exercise' && s.ref) what = `exercise ${lib.exercise(s.ref, locale)?.title ?? s.ref}`;
    if (s.kind === 'instrument' && s.ref) what = `instrument ${lib.instrument(s.ref, locale)?.title ?? s.ref}`;
    if (s.kind === 'checkin') what = 'check-in (mood, anxiety, sleep)';
    out.push(`  ${describeOffset(s.offset).padEnd(16)} ${what}`);
  }
  return out.join('\n');
}

function previewResource(r: Resource): string {
  return [
    `${r.name} (${r.region})`,
    formatResources([r]),
    `Checked ${r.checked} · source: ${r.source}`,
  ].join('\n');
}
