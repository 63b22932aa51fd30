import { DateTime } from 'luxon';
import type { Person } from '../../store/people-repo.js';
import type { Store } from '../../store/store.js';
import { skillsRepoFor } from './repo.js';

/** Lines for a clinician's `summary <person>`: skill use and the thought-record change over time (staff text, English). */
export function skillSummaryLines(store: Store, person: Person, now: Date): string[] {
  const repo = skillsRepoFor(store);
  const day = (iso: string) => DateTime.fromISO(iso, { zone: person.timezone }).toFormat('ccc d LLL');
  const records = repo.thoughtRecords(person.id, 5);
  const uses = repo.useCounts(person.id, new Date(now.getTime() - 30 * 86_400_000).toISOString());
  const plans = repo.plans(person.id, 3);
  const lines: string[] = [];
  lines.push(
    records.length
      ? `Thought records (feeling 0-100 before → after): ${records.map((r) => `${day(r.at)} ${r.before ?? '–'}→${r.after ?? '–'}`).join(', ')}`
      : 'Thought records: none yet',
  );
  lines.push(`Skills used (30 days): ${uses.map((u) => `${u.skill} ×${u.n}`).join(', ') || 'none'}`);
  if (plans.length) {
    lines.push(`Small activities: ${plans.map((p) => `${day(p.plannedFor)} ${p.done ?? 'not checked'}${p.rating !== null ? ` ${p.rating}/10` : ''}`).join(', ')}`);
  }
  return lines;
}
