import type { Harness } from '../../fakes/harness.js';
import { skillsRepoFor } from '../../../src/flows/skills/repo.js';

export function personId(h: Harness, who: string): number {
  return h.app.store.people.findByIdentity('console', who)!.id;
}

export function skillsRepo(h: Harness) {
  return skillsRepoFor(h.app.store);
}

/** The last message sent to a person, with its buttons. */
export function last(h: Harness, who: string) {
  return h.adapter.sent.filter((s) => s.to.kind === 'direct' && s.to.id === who).at(-1)!.message;
}

export const clinicianAlerts = (h: Harness) => h.adapter.clinicianChannel().filter((s) => !s.message.replaces);
