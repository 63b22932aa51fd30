import type { Services } from '../core/context.js';
import type { Platform } from '../core/types.js';
import type { OutboxItem } from '../store/outbox-repo.js';

/** What the dispatcher tells escalation about deliveries: sent, failing, or a patient who cannot be reached. */
export function createDeliveryHooks(deps: Services, hasBackup: (platform: Platform) => boolean) {
  const nowIso = () => deps.clock.now().toISOString();

  function onSent(item: OutboxItem): void {
    if (item.caseId === null) return;
    // Crisis referrals are counted (California SB 243 asks clinics for yearly counts).
    if (item.purpose === 'crisis_reply') {
      deps.store.audit.record({ at: nowIso(), action: 'crisis_reply.delivered', subjectType: 'case', subjectId: item.caseId, detail: { platform: item.platform } });
      return;
    }
    if (item.purpose !== 'alert') return;
    const kind = item.address.kind;
    deps.store.audit.record({
      at: nowIso(),
      action: kind === 'backup' ? 'alert.delivered_backup' : kind === 'direct' ? 'alert.delivered_direct' : 'alert.delivered',
      subjectType: 'case',
      subjectId: item.caseId,
      detail: { platform: item.platform, outboxId: item.id },
    });
  }

  /** A failing clinician channel: after the second failed try, copy the alert to the backup channel once. */
  function onRetry(item: OutboxItem, error: unknown): void {
    if (item.purpose !== 'alert' || item.caseId === null) return;
    deps.store.audit.record({
      at: nowIso(),
      action: 'alert.delivery_failed',
      subjectType: 'case',
      subjectId: item.caseId,
      detail: { attempt: item.attempts, platform: item.platform, error: error instanceof Error ? error.message.slice(0, 200) : 'error' },
    });
    if (item.address.kind === 'clinicians' && item.attempts === 2 && hasBackup(item.platform)) {
      deps.send({ platform: item.platform, kind: 'backup' }, item.message, {
        priority: 'crisis',
        purpose: 'alert',
        personId: item.personId,
        caseId: item.caseId,
        idempotencyKey: `backup-of:${item.id}`,
      });
    }
  }

  /** A patient the platform refuses to reach: tell clinicians once, keep the rest going. */
  function onUnreachable(item: OutboxItem): void {
    const { store, content } = deps;
    // A page to the on-call clinician's own DM carries no person: it says nothing about the patient's reach.
    if (item.personId === null || item.address.kind !== 'direct' || item.purpose === 'alert') return;
    const person = store.people.get(item.personId);
    if (!person) return;
    const at = nowIso();
    if (!person.unreachableAt) store.people.set(person.id, 'unreachableAt', at);
    store.audit.record({ at, action: 'person.unreachable', subjectType: 'person', subjectId: person.id, detail: { platform: item.platform, purpose: item.purpose } });
    const crisisReply = item.purpose === 'crisis_reply';
    const text = content.hasText('alert.unreachable')
      ? content.text('alert.unreachable', 'en', { handle: person.handle, platform: item.platform })
      : `⚠️ ${person.handle} can't be reached on ${item.platform} (their direct messages are closed or the account is gone).`;
    deps.send(
      { platform: item.platform, kind: 'clinicians' },
      { text: crisisReply ? `${text}\nThis includes a crisis reply: please reach them another way.` : text },
      {
        priority: 'crisis',
        purpose: 'alert_unreachable',
        personId: person.id,
        // Crisis replies always warn; otherwise once per person and platform.
        ...(crisisReply ? {} : { idempotencyKey: `unreachable:${person.id}:${item.platform}` }),
      },
    );
  }

  return { onSent, onRetry, onUnreachable };
}
