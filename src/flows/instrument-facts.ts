import { DateTime } from 'luxon';
import type { Instrument, ScoreBand } from '../content/types.js';
import type { InstrumentResult } from '../store/clinical-repo.js';

// The facts a questionnaire alert carries, for the clinician who reads it:
// which questionnaire, which item and what was answered, the total and band,
// the change since the last one, and for side effects the hours since the
// dose. Clinician-facing English, like the rest of the alert card.

export function instrumentName(inst: Instrument): string {
  return inst.shortName ?? inst.title;
}

function clip(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

/** "PHQ-9 item 9 (thoughts of being better off dead or of self-harm) = 2 “More than half the days”". */
export function itemFact(inst: Instrument, itemId: string, value: number): string {
  const index = inst.items.findIndex((i) => i.id === itemId);
  const item = inst.items[index];
  if (!item) return `${instrumentName(inst)} ${itemId} = ${value}`;
  const option = item.options.find((o) => o.value === value);
  const answer = option && option.label !== String(value) ? ` “${option.label}”` : '';
  return `${instrumentName(inst)} item ${index + 1} (${item.label ?? clip(item.text)}) = ${value}${answer}`;
}

export function hoursFact(hours: number | undefined): string | undefined {
  if (hours === undefined) return undefined;
  return `${Math.max(0, Math.round(hours))} h since the session started`;
}

/** "total 14 (moderate); last time 9 (mild) on 2026-11-03: +5" */
export function totalFact(score: number, band: ScoreBand | undefined, previous: InstrumentResult | undefined, zone: string): string {
  const now = `total ${score}${band ? ` (${band.label})` : ''}`;
  if (!previous) return `${now}; first time answered`;
  const diff = score - previous.score;
  const when = DateTime.fromISO(previous.at, { zone }).toFormat('yyyy-LL-dd');
  const change = diff === 0 ? 'no change' : diff > 0 ? `+${diff}` : String(diff);
  return `${now}; last time ${previous.score}${previous.band ? ` (${previous.band})` : ''} on ${when}: ${change}`;
}

export function joinFacts(parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => !!p).join(' · ');
}
