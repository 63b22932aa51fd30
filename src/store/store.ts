import { createAuditRepo } from './audit-repo.js';
import { createCasesRepo } from './cases-repo.js';
import { CodedError } from '../core/errors.js';
import { migrate, openDatabase, schemaVersion, type Db } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { createOutboxRepo } from './outbox-repo.js';
import { createPeopleRepo } from './people-repo.js';
import { createRecordsRepo } from './records-repo.js';
import { createStateRepo } from './state-repo.js';

/** Outbox purposes addressed to clinicians about a person: never cancelled by that person's deletion. */
const CLINICIAN_PURPOSES = ['alert', 'alert_update', 'alert_unreachable', 'facilitator_note'].map((p) => `'${p}'`).join(', ');

/**
 * The only door to SQLite. Repositories are narrow and synchronous
 * (better-sqlite3 is synchronous). Writes outside an event are their own
 * transactions unless grouped with `transaction()`; an inbound event's writes
 * commit together (`eventTransaction`).
 */
export function createStore(path: string) {
  const db: Db = openDatabase(path);
  migrate(db);
  return storeOver(db);
}

/**
 * Open an existing database for reading only (the `cases` and `report`
 * commands): a mistyped path must say so, not create an empty file and
 * report that nothing is open.
 */
export function openExistingStore(path: string) {
  const db = openDatabase(path, { readonly: true });
  const latest = Math.max(...MIGRATIONS.map((m) => m.version));
  const version = schemaVersion(db);
  if (version !== latest) {
    db.close();
    throw new CodedError('store_open_failed', `database ${path} is at schema ${version}, not ${latest}: run "afterglow migrate" first`);
  }
  return storeOver(db);
}

function storeOver(db: Db) {
  const markEvent = db.prepare<[string, string, string]>(
    `INSERT INTO processed_events (platform, event_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const pruneEvents = db.prepare<[string]>(`DELETE FROM processed_events WHERE at < ?`);

  const people = createPeopleRepo(db);
  const records = createRecordsRepo(db);
  const state = createStateRepo(db);
  const outbox = createOutboxRepo(db);
  const audit = createAuditRepo(db);
  const cases = createCasesRepo(db);

  const deletePersonContent = db.transaction((personId: number, at: string) => {
    db.prepare(`DELETE FROM checkins WHERE person_id = ?`).run(personId);
    db.prepare(`DELETE FROM journal_entries WHERE person_id = ?`).run(personId);
    db.prepare(`DELETE FROM conversation_state WHERE person_id = ?`).run(personId);
    db.prepare(`DELETE FROM safety_plans WHERE person_id = ?`).run(personId);
    db.prepare(`DELETE FROM screen_signals WHERE person_id = ?`).run(personId);
    // Messages to the person stop; messages about them to clinicians still go (duty of care), without their words.
    db.prepare(
      `UPDATE outbox SET status = 'cancelled', payload = '{"text":""}' WHERE person_id = ? AND status IN ('pending', 'uncertain') AND purpose NOT IN (${CLINICIAN_PURPOSES})`,
    ).run(personId);
    // Case records stay for the clinic's duty of care, but without the person's words.
    db.prepare(`UPDATE cases SET excerpt = NULL, context = NULL WHERE person_id = ?`).run(personId);
    db.prepare(`UPDATE case_notes SET text = '[removed at the patient''s request]' WHERE case_id IN (SELECT id FROM cases WHERE person_id = ?)`).run(personId);
    for (const ext of deleteHooks) ext(personId);
    db.prepare(
      `UPDATE people SET intention = NULL, consent = NULL, onboarded_at = NULL, checkin_time = NULL, paused_until = NULL WHERE id = ?`,
    ).run(personId);
    audit.record({ at, action: 'person.content_deleted', actorPersonId: personId, subjectType: 'person', subjectId: personId });
  });
  const deleteHooks: ((personId: number) => void)[] = [];
  const exportHooks: ((personId: number) => Record<string, unknown>)[] = [];

  return {
    people,
    records,
    state,
    outbox,
    audit,
    cases,
    /**
     * Run one inbound event's handling as one transaction: every write it
     * makes (the case, the alert, the reply in the outbox, the journal entry)
     * commits together, with one disk write instead of one per statement.
     * Only for callers that run strictly one at a time and do no network I/O
     * inside (the bot's event loop): anything awaited here holds the
     * transaction open. Writes made even when `fn` throws are kept (the
     * crisis reply written before a later failure must still go out).
     *
     * Some failures (disk full, I/O errors, RAISE(ROLLBACK)) make SQLite roll
     * back the whole transaction on its own, even from inside a savepoint
     * whose error a handler caught. Then everything written before is gone:
     * this throws `store_transaction_lost`, so the caller can handle each
     * event again (`intact()` tells it to stop adding to the lost batch).
     */
    async eventTransaction<T>(fn: () => Promise<T>): Promise<T> {
      db.exec('BEGIN IMMEDIATE');
      let lost = false;
      try {
        return await fn();
      } finally {
        lost = !db.inTransaction;
        try {
          if (db.inTransaction) db.exec('COMMIT');
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
        // (a throw here replaces whatever fn threw: the lost writes matter more)
        if (lost) throw new CodedError('store_transaction_lost', 'SQLite rolled back the transaction (disk full or I/O error); its events are handled again');
      }
    },
    /** False when an event transaction was rolled back by SQLite itself (see eventTransaction). */
    intact(): boolean {
      return db.inTransaction;
    },
    /** Run several writes as one transaction (all or nothing). */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
    /** Record a platform event id; false when it was seen before (a platform retry). */
    markEventProcessed(platform: string, eventId: string, at: string): boolean {
      return markEvent.run(platform, eventId, at).changes > 0;
    },
    /** Remove what a person wrote and what was derived from it; keep audit and case metadata. */
    deletePersonContent(personId: number, at: string): void {
      deletePersonContent(personId, at);
    },
    /**
     * Routine clean-up: forget platform event ids after a week (retries come
     * within minutes), blank the text of messages already delivered after a
     * day (the outbox is a queue, not an archive), and — when the clinic sets
     * a retention period — remove journal entries, check-ins and case
     * excerpts older than that. Returns how many rows were touched.
     */
    housekeeping(now: Date, retentionDays: number | undefined): number {
      const day = 86_400_000;
      const iso = (ms: number) => new Date(now.getTime() - ms).toISOString();
      return db.transaction(() => {
        let n = pruneEvents.run(iso(7 * day)).changes;
        n += db
          // The words go; an edit's pointer to the alert it replaced stays, so later edits find the alert.
          .prepare(
            `UPDATE outbox SET payload = CASE WHEN json_extract(payload, '$.replaces') IS NULL THEN '{"text":""}'
               ELSE json_object('text', '', 'replaces', json(json_extract(payload, '$.replaces'))) END
             WHERE status IN ('sent', 'undeliverable', 'cancelled', 'uncertain') AND created_at < ? AND json_extract(payload, '$.text') != ''`,
          )
          .run(iso(day)).changes;
        n += db.prepare(`DELETE FROM screen_signals WHERE at < ?`).run(iso(2 * day)).changes;
        if (retentionDays !== undefined) {
          const cutoff = iso(retentionDays * day);
          n += db.prepare(`DELETE FROM journal_entries WHERE at < ?`).run(cutoff).changes;
          n += db.prepare(`DELETE FROM checkins WHERE at < ?`).run(cutoff).changes;
          n += db.prepare(`UPDATE cases SET excerpt = NULL, context = NULL WHERE status = 'resolved' AND resolved_at < ? AND (excerpt IS NOT NULL OR context IS NOT NULL)`).run(cutoff).changes;
        }
        return n;
      })();
    },
    /**
     * Everything stored about a person, for their `my data` export. Kept next
     * to deletePersonContent so the two lists are read together.
     */
    exportPerson(personId: number): Record<string, unknown> {
      const doc: Record<string, unknown> = {
        person: people.get(personId),
        identities: people.identities(personId),
        roles: people.roles(personId),
        checkins: records.recentCheckins(personId, 1_000_000),
        journal: records.recentJournal(personId, 1_000_000),
        safetyPlan: cases.safetyPlan(personId) ?? null,
        cases: cases.forPerson(personId).map((c) => ({
          id: c.id,
          status: c.status,
          severity: c.severity,
          category: c.category,
          createdAt: c.createdAt,
          acknowledgedAt: c.acknowledgedAt,
          resolvedAt: c.resolvedAt,
          excerpt: c.excerpt,
        })),
        pendingMessages: outbox.pendingFor(personId).map((m) => ({ purpose: m.purpose, at: m.nextAttemptAt })),
      };
      for (const hook of exportHooks) Object.assign(doc, hook(personId));
      return doc;
    },
    onExportPerson(hook: (personId: number) => Record<string, unknown>): void {
      exportHooks.push(hook);
    },
    /** Let other stores (schedules) join in on a person's deletion. */
    onDeletePerson(hook: (personId: number) => void): void {
      deleteHooks.push(hook);
    },
    schemaVersion(): number {
      return schemaVersion(db);
    },
    /** For repositories that live in other store modules (scheduling). */
    get db(): Db {
      return db;
    },
    close(): void {
      if (db.open) db.close();
    },
  };
}

export type Store = ReturnType<typeof createStore>;
