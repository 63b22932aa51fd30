import type { Services } from '../core/context.js';
import type { Address, Platform } from '../core/types.js';
import type { Case } from '../store/cases-repo.js';
import type { Person } from '../store/people-repo.js';
import type { AlertOptions, AlertReason, createAlertText } from './alert-message.js';
import type { PageTarget } from './paging-policy.js';

export const PAGE_ACTIONS = ['alert.queued', 'alert.queued_backup', 'alert.queued_direct'] as const;

/** Posting alerts for a case: every post is an outbox row and an audit row, written in the caller's transaction. */
export function createAlertQueue(deps: Services, text: ReturnType<typeof createAlertText>) {
  const nowIso = () => deps.clock.now().toISOString();

  /** Only the platform the patient wrote from can reach its clinician channel. */
  function platformOf(kase: Case): Platform {
    if (kase.platform) return kase.platform as Platform;
    const ids = deps.store.people.identities(kase.personId);
    return ids[0]?.platform ?? 'console';
  }

  /** How many posts and direct pages staff have had about this case (the audit log keeps them all). */
  function pagesSent(caseId: number): number {
    return deps.store.audit.forSubject('case', caseId).filter((e) => (PAGE_ACTIONS as readonly string[]).includes(e.action)).length;
  }

  function queue(kase: Case, person: Person, target: PageTarget | { kind: 'clinicians'; mention: boolean }, reason: Exclude<AlertReason, 'status'>, options: AlertOptions = {}): void {
    const platform = platformOf(kase);
    let address: Address;
    let message;
    if (target.kind === 'oncall_person') {
      // Their own DM holds no patient words: the card in the channel has them, and a DM is harder to delete.
      address = { platform: target.shift.platform, kind: 'direct', id: target.shift.userId };
      message = text.alertMessage(kase, person, 'oncall', { withoutWords: true });
    } else {
      address = { platform, kind: target.kind };
      message = text.alertMessage(kase, person, reason, options);
      if (target.mention) message.mention = 'oncall';
    }
    deps.send(address, message, {
      priority: 'crisis',
      purpose: 'alert',
      // A clinician's DM is not the patient's: their reach and their data stay apart from it.
      personId: address.kind === 'direct' ? null : kase.personId,
      caseId: kase.id,
    });
    // Reminders repeat the first message; only posts that show new words count for the follow-up rate limit.
    if (reason === 'new' || reason === 'raised' || reason === 'followup') deps.store.cases.touchAlert(kase.id, nowIso());
    const action = address.kind === 'backup' ? 'alert.queued_backup' : address.kind === 'direct' ? 'alert.queued_direct' : 'alert.queued';
    deps.store.audit.record({
      at: nowIso(),
      action,
      subjectType: 'case',
      subjectId: kase.id,
      detail: {
        reason: target.kind === 'oncall_person' ? 'oncall' : reason,
        level: kase.escalationLevel,
        ...(target.kind !== 'oncall_person' && target.mention ? { mention: 'oncall' } : {}),
        ...(target.kind === 'oncall_person' ? { oncall: target.shift.name } : {}),
      },
    });
  }

  /** Edit every alert already posted for this case so the channel shows who acted and when. */
  function updateAlerts(kase: Case): void {
    const person = deps.store.people.get(kase.personId);
    for (const sent of deps.store.outbox.sentAlertsForCase(kase.id)) {
      if (!sent.messageId || !sent.channelId) continue;
      const message = text.alertMessage(kase, person, 'status', sent.address.kind === 'direct' ? { withoutWords: true } : {});
      message.replaces = { platform: sent.platform, channelId: sent.channelId, messageId: sent.messageId };
      deps.send(sent.address, message, { priority: 'crisis', purpose: 'alert_update', personId: sent.address.kind === 'direct' ? null : kase.personId, caseId: kase.id });
    }
  }

  return { queue, updateAlerts, platformOf, pagesSent };
}
