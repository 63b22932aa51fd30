import type { Db } from './database.js';

/** What one `delete my data` removed and what it kept back, for a confirmation that is true. */
export interface ErasureSummary {
  journalEntries: number;
  checkins: number;
  /** Outbox messages whose text was blanked (sent, pending or given up). */
  messages: number;
  /** Cases whose words (message, earlier context, notes) were removed now. */
  casesCleared: number;
  /** Of those, cases whose alerts were already posted: the posts on the platform still show the words. */
  postedCases: number;
  /** Open cases whose words stay with the care team until each is resolved. */
  heldCases: number[];
}

/** Shown where a patient's words were, in a record that stays. */
export const REMOVED = '[removed at the patient’s request]';

/** Alert-like outbox purposes: messages to clinicians that quote the patient (their AlertView says what). */
const ALERT_PURPOSES = `'alert', 'alert_update'`;

interface PayloadRow {
  id: number;
  payload: string;
}

interface OutboxRow extends PayloadRow {
  status: string;
  priority: number;
}

/**
 * An alert payload with the patient's words taken out: the excerpt and context
 * in its AlertView are exactly the words its text quotes (the text shows
 * context clipped to 200 characters), so each is replaced wherever it occurs
 * and the rest of the alert (case, severity, who acted) still reads.
 */
export function withoutWords(payload: string): string {
  let message: { text?: string; alert?: { excerpt?: string; context?: string[] } };
  try {
    message = JSON.parse(payload) as typeof message;
  } catch {
    return '{"text":""}';
  }
  const alert = message.alert;
  if (!alert) return JSON.stringify({ ...message, text: '' });
  const words = [alert.excerpt, ...(alert.context ?? []), ...(alert.context ?? []).map((c) => c.slice(0, 200))]
    .filter((w): w is string => typeof w === 'string' && w.length > 0)
    .sort((a, b) => b.length - a.length);
  let text = message.text ?? '';
  for (const w of words) text = text.split(w).join(REMOVED);
  delete alert.excerpt;
  delete alert.context;
  return JSON.stringify({ ...message, text });
}

/**
 * Deleting a person's words, everywhere this schema keeps them (table by
 * table, see migrations.ts): check-ins and their notes, journal, safety plan,
 * intention, conversation state (answers in progress), screening signals,
 * words quoted in clinicians' screening feedback,
 * outbox payloads to and about them (sent ones too), case excerpts, context,
 * clinicians' notes and resolution notes. What stays: the person row (handle,
 * language, zone, region, an opt-out) and identities, so a later crisis
 * message is still recognised and answered; the cases' non-text facts and the
 * audit log, which never holds text.
 *
 * The words of a case still open are what the care team is acting on: they
 * stay until the case is resolved (`purgeHeldWords`, called by the resolve
 * step), and pending alerts about them still go out.
 *
 * Deleted cells are zeroed by `secure_delete` (set where the file is opened);
 * the WAL still holds the frames that wrote them, so the caller checkpoints
 * and truncates it once the transaction has committed (`needsScrub`).
 * secure_delete rather than an incremental vacuum: it zeroes the old bytes at
 * the moment they are deleted or overwritten, inside the page as well as on
 * freed pages (a vacuum only returns whole free pages, and a partly used page
 * keeps its old cells); it needs no auto_vacuum mode, which an existing file
 * can only change with a full VACUUM; and it costs a little extra writing on
 * deletes, which this bot does rarely.
 */
export function createErasureRepo(db: Db) {
  const rowsOf = db.prepare<[number], OutboxRow>(`SELECT id, payload, status, priority FROM outbox WHERE person_id = ?`);
  const setPayload = db.prepare<[string, number]>(`UPDATE outbox SET payload = ? WHERE id = ?`);
  const heldCaseIds = db.prepare<[number], { id: number }>(`SELECT id FROM cases WHERE person_id = ? AND status != 'resolved' ORDER BY id`);
  const clearCase = db.prepare<[string, number]>(
    `UPDATE cases SET excerpt = NULL, context = NULL, resolution_note = CASE WHEN resolution_note IS NULL THEN NULL ELSE ? END WHERE id = ?`,
  );
  const clearNotes = db.prepare<[string, number, string]>(`UPDATE case_notes SET text = ? WHERE case_id = ? AND text != ?`);
  const caseHasWords = db.prepare<[number], { n: number }>(
    `SELECT (excerpt IS NOT NULL OR context IS NOT NULL OR (resolution_note IS NOT NULL AND resolution_note != '${REMOVED.replace(/'/g, "''")}')) AS n FROM cases WHERE id = ?`,
  );
  const alertRowsOf = db.prepare<[number], PayloadRow>(`SELECT id, payload FROM outbox WHERE case_id = ? AND purpose IN (${ALERT_PURPOSES})`);
  const wasPosted = db.prepare<[number], { n: number }>(
    `SELECT COUNT(*) AS n FROM outbox WHERE case_id = ? AND purpose = 'alert' AND status = 'sent'`,
  );
  const setHeld = db.prepare<[string | null, number]>(`UPDATE people SET erase_held_since = ? WHERE id = ?`);
  const heldSince = db.prepare<[number], { since: string | null }>(`SELECT erase_held_since AS since FROM people WHERE id = ?`);
  const resolvedBefore = db.prepare<[number, string], { id: number }>(
    `SELECT id FROM cases WHERE person_id = ? AND status = 'resolved' AND created_at <= ? ORDER BY id`,
  );
  const stillHeld = db.prepare<[number, string], { n: number }>(
    `SELECT COUNT(*) AS n FROM cases WHERE person_id = ? AND status != 'resolved' AND created_at <= ?`,
  );

  let scrub = false;

  /** Blank a case's words and the words its alerts quote. True when there was something to blank. */
  function clearCaseWords(caseId: number): boolean {
    const had = (caseHasWords.get(caseId)?.n ?? 0) > 0;
    clearCase.run(REMOVED, caseId);
    const notes = clearNotes.run(REMOVED, caseId, REMOVED).changes;
    for (const r of alertRowsOf.all(caseId)) {
      const clean = withoutWords(r.payload);
      if (clean !== r.payload) setPayload.run(clean, r.id);
    }
    scrub = true;
    return had || notes > 0;
  }

  return {
    /** Must run inside the caller's transaction, with the other stores' deletion hooks. */
    erase(personId: number, at: string): ErasureSummary {
      const held = new Set(heldCaseIds.all(personId).map((r) => r.id));
      const journalEntries = db.prepare(`DELETE FROM journal_entries WHERE person_id = ?`).run(personId).changes;
      const checkins = db.prepare(`DELETE FROM checkins WHERE person_id = ?`).run(personId).changes;
      db.prepare(`DELETE FROM conversation_state WHERE person_id = ?`).run(personId);
      db.prepare(`DELETE FROM safety_plans WHERE person_id = ?`).run(personId);
      db.prepare(`DELETE FROM screen_signals WHERE person_id = ?`).run(personId);
      // A questionnaire stopped at a red flag keeps its answers only to finish later.
      db.prepare(`DELETE FROM instrument_paused WHERE person_id = ?`).run(personId);
      // Clinicians' feedback on the screener keeps its label and rules; the words quoted in it go
      // now, even for an open case: the case itself still holds them for the care team. `why`
      // goes too: outside minimal-data mode it may quote the words that matched.
      db.prepare(`UPDATE screening_feedback SET words = NULL, why = NULL WHERE person_id = ? AND (words IS NOT NULL OR why IS NOT NULL)`).run(personId);
      // Ordinary messages to them stop; crisis items (their crisis reply, "a clinician has seen it",
      // alerts to clinicians) still go: they hold no words of theirs once the alerts below are cleaned.
      db.prepare(`UPDATE outbox SET status = 'cancelled' WHERE person_id = ? AND status IN ('pending', 'uncertain') AND priority > 0`).run(personId);
      let messages = 0;
      const heldRows = new Set(
        [...held].flatMap((id) => alertRowsOf.all(id).map((r) => r.id)),
      );
      for (const r of rowsOf.all(personId)) {
        if (heldRows.has(r.id)) continue;
        const clean = withoutWords(r.payload);
        const parsed = JSON.parse(clean) as { text: string; alert?: unknown; replaces?: unknown };
        // A crisis reply still on its way says nothing of theirs: it must go out whole.
        if (!parsed.alert && r.priority === 0 && (r.status === 'pending' || r.status === 'sending')) continue;
        // An edit's pointer to the message it replaced stays, so later edits still find the alert.
        const kept = parsed.alert ? clean : JSON.stringify(parsed.replaces ? { text: '', replaces: parsed.replaces } : { text: '' });
        if (kept !== r.payload) {
          setPayload.run(kept, r.id);
          messages++;
        }
      }
      let casesCleared = 0;
      let postedCases = 0;
      for (const { id } of db.prepare<[number], { id: number }>(`SELECT id FROM cases WHERE person_id = ?`).all(personId)) {
        if (held.has(id) || !clearCaseWords(id)) continue;
        casesCleared++;
        if ((wasPosted.get(id)?.n ?? 0) > 0) postedCases++;
      }
      db.prepare(
        `UPDATE people SET intention = NULL, consent = NULL, consent_at = NULL, onboarded_at = NULL, checkin_time = NULL,
           checkin_days = 'daily', quiet_start = '21:00', quiet_end = '08:00', paused_until = NULL WHERE id = ?`,
      ).run(personId);
      setHeld.run(held.size ? at : null, personId);
      scrub = true;
      return { journalEntries, checkins, messages, casesCleared, postedCases, heldCases: [...held] };
    },

    /**
     * After a case is resolved: if its person asked for deletion while it was
     * open, its words go now (the case, its notes, its alerts, the status edit
     * just queued). Returns how many cases were cleared.
     */
    purgeHeldWords(personId: number): number {
      const since = heldSince.get(personId)?.since;
      if (!since) return 0;
      let n = 0;
      for (const { id } of resolvedBefore.all(personId, since)) if (clearCaseWords(id)) n++;
      if ((stillHeld.get(personId, since)?.n ?? 0) === 0) setHeld.run(null, personId);
      return n;
    },

    /** Whether words were deleted since the WAL was last truncated. */
    needsScrub(): boolean {
      return scrub;
    },

    /**
     * Copy the WAL into the file and truncate it, so the frames that once held
     * deleted words are gone from disk. Outside any transaction only; false
     * when a reader (another process) kept it from finishing: tried again later.
     */
    scrubWal(): boolean {
      if (db.inTransaction || db.memory) return !db.inTransaction;
      const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
      const done = !r || r.busy === 0;
      if (done) scrub = false;
      return done;
    },
  };
}

export type ErasureRepo = ReturnType<typeof createErasureRepo>;
