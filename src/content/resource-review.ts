import type { ContentLibrary, Resource } from './types.js';

// Crisis numbers change (988's "press 3" option ended in July 2025). Each
// resource entry records the primary source it was checked against and the
// date; one older than the clinic's review period (clinical/settings.yaml,
// default 180 days) is reported at start and by the health check. It never
// stops the bot: a slightly stale number is better than no crisis reply.

export interface ReviewDue {
  id: string;
  region: string;
  checked: string;
  ageDays: number;
  message: string;
}

const DAY_MS = 86_400_000;

/** Entries (English, every region) last checked more than `resourceReviewDays` before `now`. */
export function resourcesDueForReview(content: ContentLibrary, now: Date): ReviewDue[] {
  const days = content.settings().resourceReviewDays;
  return content
    .allResources()
    .map((r: Resource) => ({ r, ageDays: Math.floor((now.getTime() - Date.parse(`${r.checked}T00:00:00Z`)) / DAY_MS) }))
    .filter(({ ageDays }) => ageDays > days)
    .map(({ r, ageDays }) => ({
      id: r.id,
      region: r.region,
      checked: r.checked,
      ageDays,
      message: `crisis resource ${r.id} (${r.region}) was last checked ${r.checked}, ${ageDays} days ago (review period ${days} days): check it against ${r.source} and update "checked"`,
    }));
}
