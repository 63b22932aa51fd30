import { DateTime } from 'luxon';
import type { Services } from '../core/context.js';
import type { Case } from '../store/cases-repo.js';

/** Caring contacts after a case closes: days after resolution (Comtois-style brief follow-ups). */
export const CARING_CONTACT_DAYS = [2, 7, 14, 28];

/**
 * Caring contacts follow a crisis, not every case: a review case (unless a
 * clinician raised it to an alert, which changes its severity), a side
 * effect, and a patient the platform could not reach get none.
 */
export function wantsCaringContacts(kase: Case): boolean {
  return kase.severity !== 'review' && kase.category !== 'side_effect' && kase.source !== 'unreachable';
}

export function scheduleCaringContacts(deps: Pick<Services, 'store' | 'content' | 'clock' | 'send'>, kase: Case): void {
  const { store, content } = deps;
  const person = store.people.get(kase.personId);
  const identity = store.people.identities(kase.personId)[0];
  if (!person || !identity || person.optedOutAt) return;
  const nowIso = deps.clock.now().toISOString();
  const resolvedAt = DateTime.fromISO(kase.resolvedAt ?? nowIso, { zone: person.timezone });
  CARING_CONTACT_DAYS.forEach((days, i) => {
    const key = `crisis.caring_contact.${i + 1}`;
    if (!content.hasText(key)) return;
    // Late morning in their own zone: outside default quiet hours, not at 3 a.m.
    const when = resolvedAt.plus({ days }).set({ hour: 10, minute: 30, second: 0, millisecond: 0 });
    deps.send(
      { platform: identity.platform, kind: 'direct', id: identity.userId },
      { text: content.text(key, person.locale) },
      {
        priority: 'scheduled',
        purpose: 'caring_contact',
        personId: person.id,
        caseId: kase.id,
        notBefore: when.toJSDate(),
        idempotencyKey: `caring:${kase.id}:${i + 1}`,
      },
    );
  });
  store.audit.record({ at: nowIso, action: 'case.caring_contacts_scheduled', subjectType: 'case', subjectId: kase.id, detail: { days: CARING_CONTACT_DAYS } });
}
