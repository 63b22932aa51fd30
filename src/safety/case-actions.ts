import type { Services } from '../core/context.js';
import { CodedError } from '../core/errors.js';
import type { Case } from '../store/cases-repo.js';
import type { createAlertQueue } from './alert-queue.js';
import { scheduleCaringContacts, wantsCaringContacts } from './caring-contacts.js';
import { firstDueAt, PAGING_SEVERITIES, type PagingSettings } from './paging-policy.js';
import { severityRank } from './severity.js';
import type { Severity } from './screening/types.js';

/** What a clinician does to a case: acknowledge, note, resolve, raise. Each is one transaction with its audit row. */
export function createCaseActions(deps: Services, alerts: ReturnType<typeof createAlertQueue>, settings: () => PagingSettings) {
  const nowIso = () => deps.clock.now().toISOString();

  function requireCase(id: number): Case {
    const kase = deps.store.cases.get(id);
    if (!kase) throw new CodedError('not_found', `There is no case #${id}.`);
    return kase;
  }

  /** Queues a message to the case's patient; false when they have no identity left to reach. */
  function tellPatient(kase: Case, key: string, purpose: string, vars?: Record<string, string>): boolean {
    const person = deps.store.people.get(kase.personId);
    if (!person) return false;
    // one platform is enough: the first of their identities
    const id = deps.store.people.identities(person.id)[0];
    if (!id) return false;
    deps.send(
      { platform: id.platform, kind: 'direct', id: id.userId },
      { text: deps.content.text(key, person.locale, vars) },
      { priority: 'crisis', purpose, personId: person.id, caseId: kase.id, idempotencyKey: `${purpose}:${kase.id}:${id.platform}` },
    );
    return true;
  }

  function acknowledge(caseId: number, clinicianId: number): Case {
    const { store } = deps;
    const kase = requireCase(caseId);
    if (kase.status !== 'open') return kase;
    const at = nowIso();
    return store.transaction(() => {
      store.cases.acknowledge(caseId, clinicianId, at);
      const updated = store.cases.get(caseId)!;
      const told = tellPatient(updated, 'crisis.clinician_seen', 'case_seen');
      store.audit.record({ at, action: 'case.acknowledged', actorPersonId: clinicianId, subjectType: 'case', subjectId: caseId, detail: { toldPatient: told } });
      alerts.updateAlerts(updated);
      return updated;
    });
  }

  function addNote(caseId: number, clinicianId: number, text: string): Case {
    const { store } = deps;
    const kase = requireCase(caseId);
    const at = nowIso();
    store.transaction(() => {
      store.cases.addNote(caseId, clinicianId, text, at);
      store.audit.record({ at, action: 'case.noted', actorPersonId: clinicianId, subjectType: 'case', subjectId: caseId });
    });
    return kase;
  }

  /**
   * Resolving tells the patient only what the clinician chose to say
   * (`patientMessage`, their own words); with none, the patient is sent
   * nothing, because a resolution can mean anything from "we spoke" to
   * "false alarm" and no stock sentence is true of all of them.
   */
  function resolve(caseId: number, clinicianId: number, note: string, patientMessage?: string): Case {
    const { store, config } = deps;
    const kase = requireCase(caseId);
    if (kase.status === 'resolved') return kase;
    const at = nowIso();
    return store.transaction(() => {
      const wasOpen = kase.status === 'open';
      store.cases.resolve(caseId, clinicianId, note, at);
      const updated = store.cases.get(caseId)!;
      const words = patientMessage?.trim();
      const told = words ? tellPatient(updated, 'crisis.care_team_message', 'case_resolution_message', { message: words }) : false;
      store.audit.record({ at, action: 'case.resolved', actorPersonId: clinicianId, subjectType: 'case', subjectId: caseId, detail: { wasOpen, toldPatient: told } });
      alerts.updateAlerts(updated);
      if (config.caringContacts && wantsCaringContacts(updated)) scheduleCaringContacts(deps, updated);
      // Words kept back by a deletion request while this case was open go now, status edits included.
      store.purgeHeldWords(updated.personId);
      return updated;
    });
  }

  /**
   * A clinician turns a case (a review case above all) into a paging case at
   * the severity they choose: it needs a fresh acknowledgement, climbs the
   * ladder like any alert, and gets caring contacts when resolved.
   */
  function raise(caseId: number, clinicianId: number, severity: Severity): Case {
    const { store } = deps;
    const kase = requireCase(caseId);
    if (!PAGING_SEVERITIES.has(severity)) throw new CodedError('input_invalid', 'A case can be raised to imminent, high or moderate.');
    if (kase.status === 'resolved') throw new CodedError('input_invalid', `Case #${caseId} is resolved; a new message from the patient opens a new case.`);
    if (severityRank(severity) >= severityRank(kase.severity)) throw new CodedError('input_invalid', `Case #${caseId} is already ${kase.severity}; raise it to something more urgent than that.`);
    const at = nowIso();
    return store.transaction(() => {
      store.cases.raise(caseId, severity, kase.category);
      store.cases.reopen(caseId, firstDueAt(severity, new Date(at), deps.config.rota, settings()).toISOString());
      store.audit.record({ at, action: 'case.raised_by_clinician', actorPersonId: clinicianId, subjectType: 'case', subjectId: caseId, detail: { from: kase.severity, to: severity } });
      const updated = store.cases.get(caseId)!;
      const person = store.people.get(updated.personId)!;
      alerts.queue(updated, person, { kind: 'clinicians', mention: false }, 'raised');
      return updated;
    });
  }

  return { acknowledge, addNote, resolve, raise };
}
