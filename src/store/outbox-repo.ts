import type { Address, MessagePriority, OutboundMessage, Platform } from '../core/types.js';
import type { Db } from './database.js';

export const PRIORITY: Record<MessagePriority, number> = { crisis: 0, reply: 1, scheduled: 2 };

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'undeliverable' | 'cancelled' | 'uncertain';

export interface OutboxItem {
  id: number;
  priority: number;
  platform: Platform;
  address: Address;
  message: OutboundMessage;
  purpose: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  personId: number | null;
  caseId: number | null;
  messageId: string | null;
  channelId: string | null;
}

interface Row {
  id: number;
  priority: number;
  platform: Platform;
  address: string;
  payload: string;
  purpose: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  created_at: string;
  person_id: number | null;
  case_id: number | null;
  message_id: string | null;
  channel_id: string | null;
}

function toItem(r: Row): OutboxItem {
  return {
    id: r.id,
    priority: r.priority,
    platform: r.platform,
    address: JSON.parse(r.address) as Address,
    message: JSON.parse(r.payload) as OutboundMessage,
    purpose: r.purpose,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    personId: r.person_id,
    caseId: r.case_id,
    messageId: r.message_id,
    channelId: r.channel_id,
  };
}

export interface EnqueueInput {
  priority: MessagePriority;
  address: Address;
  message: OutboundMessage;
  purpose: string;
  at: string;
  /** Not before this instant (quiet hours, paced exercise steps). Defaults to `at`. */
  notBefore?: string;
  /** A repeated key is ignored: the same scheduled delivery is never queued twice. */
  idempotencyKey?: string;
  personId?: number | null;
  caseId?: number | null;
}

/**
 * Purposes whose delivery must never be repeated. If the process dies
 * mid-send we cannot know whether the platform got it, so these are marked
 * `uncertain` rather than re-sent. Everything else (crisis alerts and
 * replies above all) is re-sent: a duplicate alert is better than none.
 */
const AT_MOST_ONCE = new Set(['scheduled', 'caring_contact', 'exercise_step']);

export function createOutboxRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO outbox (priority, platform, address, payload, purpose, next_attempt_at, created_at, idempotency_key, person_id, case_id)
     VALUES (@priority, @platform, @address, @payload, @purpose, @next, @at, @key, @person, @case)
     ON CONFLICT(idempotency_key) DO NOTHING`,
  );
  const due = db.prepare<[string, string, number], Row>(
    `SELECT * FROM outbox WHERE status = 'pending' AND platform = ? AND next_attempt_at <= ?
     ORDER BY priority, next_attempt_at, id LIMIT ?`,
  );
  const nextDueAt = db.prepare<[string, number], { at: string | null }>(
    `SELECT MIN(next_attempt_at) AS at FROM outbox WHERE status = 'pending' AND platform = ? AND priority <= ?`,
  );
  const claim = db.prepare<[number]>(
    `UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ? AND status = 'pending'`,
  );
  const sent = db.prepare<[string, string | null, string | null, number]>(
    `UPDATE outbox SET status = 'sent', sent_at = ?, message_id = ?, channel_id = ?, last_error = NULL WHERE id = ?`,
  );
  // An unclaimed send (status still pending) counts its attempt here; a claimed one counted it in claim().
  const retry = db.prepare<[string, string, number]>(
    `UPDATE outbox SET attempts = attempts + (status = 'pending'), status = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ?`,
  );
  const defer = db.prepare<[string, number]>(`UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND status = 'pending'`);
  const giveUp = db.prepare<[string, string, number]>(
    `UPDATE outbox SET status = 'undeliverable', sent_at = ?, last_error = ? WHERE id = ?`,
  );
  const get = db.prepare<[number], Row>(`SELECT * FROM outbox WHERE id = ?`);
  const inFlight = db.prepare<[], Row>(`SELECT * FROM outbox WHERE status = 'sending'`);
  const setStatus = db.prepare<[string, number]>(`UPDATE outbox SET status = ? WHERE id = ?`);
  const cancelFor = db.prepare<[number, string]>(
    `UPDATE outbox SET status = 'cancelled' WHERE person_id = ? AND status = 'pending' AND purpose = ?`,
  );
  const sentForCase = db.prepare<[number], Row>(
    `SELECT * FROM outbox WHERE case_id = ? AND purpose IN ('alert', 'alert_update') AND status = 'sent' AND message_id IS NOT NULL ORDER BY id`,
  );
  const lastSent = db.prepare<[number, string], { at: string | null }>(
    `SELECT MAX(sent_at) AS at FROM outbox WHERE person_id = ? AND purpose = ? AND status = 'sent'`,
  );
  const counts = db.prepare<[], { status: string; n: number }>(`SELECT status, COUNT(*) AS n FROM outbox GROUP BY status`);
  const pendingFor = db.prepare<[number], Row>(
    `SELECT * FROM outbox WHERE person_id = ? AND status = 'pending' ORDER BY next_attempt_at, id`,
  );

  const markSentMany = db.transaction((items: { id: number; at: string; messageId: string | null; channelId: string | null }[]) => {
    for (const i of items) sent.run(i.at, i.messageId, i.channelId, i.id);
  });

  return {
    /**
     * Whether a send must be claimed (`sending`) before it goes out: only
     * purposes that must never repeat. Everything else stays `pending` until
     * marked sent, so a crash mid-send simply sends it again.
     */
    mustClaim(purpose: string): boolean {
      return AT_MOST_ONCE.has(purpose);
    },
    /** Queue a message. Returns its id, or null when the idempotency key was already used. */
    enqueue(input: EnqueueInput): number | null {
      const info = insert.run({
        priority: PRIORITY[input.priority],
        platform: input.address.platform,
        address: JSON.stringify(input.address),
        payload: JSON.stringify(input.message),
        purpose: input.purpose,
        next: input.notBefore ?? input.at,
        at: input.at,
        key: input.idempotencyKey ?? null,
        person: input.personId ?? null,
        case: input.caseId ?? null,
      });
      return info.changes > 0 ? Number(info.lastInsertRowid) : null;
    },
    /** Pending messages for one platform that are due, most urgent first. */
    due(platform: Platform, now: string, limit = 50): OutboxItem[] {
      return due.all(platform, now, limit).map(toItem);
    },
    /** When the next pending message falls due (optionally only at or above an urgency). */
    nextDueAt(platform: Platform, upTo: MessagePriority = 'scheduled'): string | null {
      return nextDueAt.get(platform, PRIORITY[upTo])?.at ?? null;
    },
    /** Mark an item as being sent. False when another dispatcher got it first. */
    claim(id: number): boolean {
      return claim.run(id).changes > 0;
    },
    markSent(id: number, at: string, ref?: { messageId: string; channelId: string }): void {
      sent.run(at, ref?.messageId ?? null, ref?.channelId ?? null, id);
    },
    /** Mark several sends in one transaction (the dispatcher flushes after each batch). */
    markSentMany(items: { id: number; at: string; messageId: string | null; channelId: string | null }[]): void {
      if (items.length) markSentMany(items);
    },
    markRetry(id: number, nextAttemptAt: string, error: string): void {
      retry.run(nextAttemptAt, error, id);
    },
    /** Not yet: the destination is rate limited. Not a failed attempt. */
    defer(id: number, until: string): void {
      defer.run(until, id);
    },
    markUndeliverable(id: number, at: string, error: string): void {
      giveUp.run(at, error, id);
    },
    get(id: number): OutboxItem | undefined {
      const r = get.get(id);
      return r && toItem(r);
    },
    /**
     * After a crash: items caught mid-send. At-most-once purposes become
     * `uncertain`; the rest go back to pending to be sent again.
     */
    recoverInFlight(): { requeued: OutboxItem[]; uncertain: OutboxItem[] } {
      const requeued: OutboxItem[] = [];
      const uncertain: OutboxItem[] = [];
      db.transaction(() => {
        for (const r of inFlight.all()) {
          const item = toItem(r);
          if (AT_MOST_ONCE.has(item.purpose)) {
            setStatus.run('uncertain', item.id);
            uncertain.push(item);
          } else {
            setStatus.run('pending', item.id);
            requeued.push(item);
          }
        }
      })();
      return { requeued, uncertain };
    },
    cancelPending(personId: number, purpose: string): number {
      return cancelFor.run(personId, purpose).changes;
    },
    pendingFor(personId: number): OutboxItem[] {
      return pendingFor.all(personId).map(toItem);
    },
    /**
     * The alert messages posted for a case, each with where it lives now: an
     * edit that had to be posted anew (the old message was deleted) moves it.
     */
    sentAlertsForCase(caseId: number): OutboxItem[] {
      const rows = sentForCase.all(caseId).map(toItem);
      const movedTo = new Map<string, { messageId: string; channelId: string | null }>();
      for (const r of rows) {
        const from = r.message.replaces?.messageId;
        if (r.purpose === 'alert_update' && from && r.messageId && r.messageId !== from) movedTo.set(from, { messageId: r.messageId, channelId: r.channelId });
      }
      return rows
        .filter((r) => r.purpose === 'alert')
        .map((r) => {
          let at = { messageId: r.messageId!, channelId: r.channelId };
          for (let hops = 0; movedTo.has(at.messageId) && hops < 20; hops++) at = movedTo.get(at.messageId)!;
          return { ...r, messageId: at.messageId, channelId: at.channelId };
        });
    },
    /** When this person was last sent something of this purpose (null: never). */
    lastSentAt(personId: number, purpose: string): string | null {
      return lastSent.get(personId, purpose)?.at ?? null;
    },
    counts(): Record<string, number> {
      return Object.fromEntries(counts.all().map((r) => [r.status, r.n]));
    },
  };
}

export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
