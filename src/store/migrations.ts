// Versioned schema migrations, applied in order at start-up (and by
// `afterglow migrate`). Never edit a shipped migration: add a new one.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'core',
    sql: `
      CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        handle TEXT NOT NULL,
        created_at TEXT NOT NULL,
        timezone TEXT NOT NULL DEFAULT 'UTC',
        locale TEXT NOT NULL DEFAULT 'en',
        region TEXT NOT NULL DEFAULT 'US',
        consent TEXT,               -- 'granted' | 'declined' | NULL (not asked yet)
        consent_at TEXT,
        onboarded_at TEXT,
        checkin_time TEXT,          -- 'HH:MM' local
        checkin_days TEXT NOT NULL DEFAULT 'daily',
        quiet_start TEXT NOT NULL DEFAULT '21:00',
        quiet_end TEXT NOT NULL DEFAULT '08:00',
        paused_until TEXT,          -- ISO instant; far future for an open-ended pause
        opted_out_at TEXT,
        intention TEXT,
        last_notice_at TEXT,
        unreachable_at TEXT
      );
      CREATE TABLE identities (
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        PRIMARY KEY (platform, user_id)
      );
      CREATE INDEX identities_person ON identities(person_id);
      CREATE TABLE roles (
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        granted_by INTEGER,
        granted_at TEXT NOT NULL,
        PRIMARY KEY (person_id, role)
      );
      CREATE TABLE conversation_state (
        person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
        flow TEXT NOT NULL,
        step TEXT NOT NULL,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE checkins (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        mood INTEGER,
        anxiety INTEGER,
        sleep INTEGER,
        note TEXT
      );
      CREATE INDEX checkins_person_at ON checkins(person_id, at);
      CREATE TABLE journal_entries (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        text TEXT NOT NULL
      );
      CREATE INDEX journal_person_at ON journal_entries(person_id, at);
      CREATE TABLE processed_events (
        platform TEXT NOT NULL,
        event_id TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (platform, event_id)
      ) WITHOUT ROWID;
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        priority INTEGER NOT NULL,   -- 0 crisis, 1 reply, 2 scheduled: lower goes first
        platform TEXT NOT NULL,
        address TEXT NOT NULL,       -- JSON Address
        payload TEXT NOT NULL,       -- JSON OutboundMessage
        purpose TEXT NOT NULL,       -- 'reply' | 'alert' | 'crisis_reply' | 'scheduled' | ...
        status TEXT NOT NULL DEFAULT 'pending', -- pending | sent | undeliverable | cancelled
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        idempotency_key TEXT UNIQUE,
        person_id INTEGER,
        case_id INTEGER,
        message_id TEXT,
        channel_id TEXT,
        last_error TEXT
      );
      CREATE INDEX outbox_pending ON outbox(status, priority, next_attempt_at, id);
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_person_id INTEGER,
        action TEXT NOT NULL,
        subject_type TEXT,
        subject_id TEXT,
        detail TEXT
      );
      CREATE INDEX audit_subject ON audit_log(subject_type, subject_id);
    `,
  },
  {
    version: 2,
    name: 'safety',
    sql: `
      CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id),
        status TEXT NOT NULL DEFAULT 'open',  -- open | acknowledged | resolved
        severity TEXT NOT NULL,
        category TEXT NOT NULL,
        source TEXT NOT NULL,                  -- screen | instrument | unreachable
        lexicon_version TEXT,
        excerpt TEXT,                          -- NULL in minimal-data mode
        context TEXT,                          -- JSON string[]; NULL in minimal-data mode
        matches TEXT,                          -- JSON rule ids (no message text)
        created_at TEXT NOT NULL,
        acknowledged_at TEXT,
        acknowledged_by INTEGER,
        resolved_at TEXT,
        resolved_by INTEGER,
        resolution_note TEXT,
        escalation_level INTEGER NOT NULL DEFAULT 0,
        next_escalation_at TEXT
      );
      CREATE INDEX cases_status ON cases(status, next_escalation_at);
      CREATE INDEX cases_person ON cases(person_id, status);
      CREATE TABLE case_notes (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        author_person_id INTEGER NOT NULL,
        at TEXT NOT NULL,
        text TEXT NOT NULL
      );
      CREATE TABLE safety_plans (
        person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
        steps TEXT NOT NULL,                   -- JSON string[6]
        updated_at TEXT NOT NULL
      );
      CREATE TABLE screen_signals (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        category TEXT NOT NULL,
        severity TEXT NOT NULL,
        rule_id TEXT NOT NULL
      );
      CREATE INDEX screen_signals_person ON screen_signals(person_id, at);
    `,
  },
  {
    version: 3,
    name: 'scheduling',
    sql: `
      -- Facilitator groups. role: 'member' | 'facilitator' (one row each).
      CREATE TABLE groups (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        timezone TEXT NOT NULL,
        channel TEXT,                          -- JSON Address of the group's channel
        created_by INTEGER,
        created_at TEXT NOT NULL
      );
      CREATE TABLE group_members (
        group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (group_id, person_id, role)
      );
      CREATE INDEX group_members_person ON group_members(person_id);
      CREATE TABLE schedules (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups(id),
        spec TEXT NOT NULL,                    -- 'daily 09:00' | 'weekly mon,thu 19:30' | 'once …' | cron
        timezone TEXT NOT NULL,
        content TEXT NOT NULL,                 -- JSON { ref } or { text }
        target TEXT NOT NULL,                  -- 'channel' | 'dm'
        status TEXT NOT NULL DEFAULT 'active', -- active | paused | cancelled | done
        next_at TEXT,
        created_by INTEGER,
        created_at TEXT NOT NULL
      );
      CREATE INDEX schedules_due ON schedules(status, next_at);
      CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        sequence_id TEXT NOT NULL,
        recorded_by INTEGER,
        created_at TEXT NOT NULL
      );
      -- One row per message a schedule owes someone; key is unique so a
      -- restart or an overlapping tick can never create (or send) it twice.
      CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,                  -- checkin | sequence | group
        source_id INTEGER,                     -- session or schedule id
        person_id INTEGER,                     -- recipient; NULL for a channel post
        channel TEXT,                          -- JSON Address for a channel post
        kind TEXT NOT NULL,                    -- checkin | prompt | exercise | instrument | text | content
        ref TEXT,
        step TEXT,
        due_at TEXT NOT NULL,
        send_at TEXT NOT NULL,                 -- due_at, moved on by quiet hours
        status TEXT NOT NULL DEFAULT 'planned',-- planned | queued | skipped | cancelled
        reason TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        outbox_id INTEGER,
        created_at TEXT NOT NULL,
        done_at TEXT
      );
      CREATE INDEX deliveries_due ON deliveries(status, send_at);
      CREATE INDEX deliveries_person ON deliveries(person_id, status, send_at);
      CREATE TABLE checkin_cursors (
        person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
        next_at TEXT NOT NULL
      );
      CREATE INDEX checkin_cursors_next ON checkin_cursors(next_at);
      -- Settings are changed by the patient commands; this trigger tells the
      -- scheduler which cursors to recompute without scanning every person.
      CREATE TABLE checkin_dirty (person_id INTEGER PRIMARY KEY);
      CREATE TRIGGER people_checkin_changed AFTER UPDATE OF checkin_time, checkin_days, timezone ON people
        WHEN NEW.checkin_time IS NOT OLD.checkin_time OR NEW.checkin_days IS NOT OLD.checkin_days OR NEW.timezone IS NOT OLD.timezone
        BEGIN INSERT OR IGNORE INTO checkin_dirty (person_id) VALUES (NEW.id); END;
      CREATE TRIGGER people_checkin_inserted AFTER INSERT ON people WHEN NEW.checkin_time IS NOT NULL
        BEGIN INSERT OR IGNORE INTO checkin_dirty (person_id) VALUES (NEW.id); END;
      INSERT INTO checkin_dirty (person_id) SELECT id FROM people WHERE checkin_time IS NOT NULL;
      CREATE TABLE group_posts (
        key TEXT PRIMARY KEY,
        schedule_id INTEGER NOT NULL,
        group_id INTEGER NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX group_posts_group ON group_posts(group_id, at);
      CREATE TABLE participation (
        post_key TEXT NOT NULL,
        person_id INTEGER NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (post_key, person_id)
      );
      CREATE TABLE instrument_results (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        instrument TEXT NOT NULL,
        at TEXT NOT NULL,
        score INTEGER NOT NULL,
        band TEXT,
        answers TEXT NOT NULL                  -- JSON { itemId: value }
      );
      CREATE INDEX instrument_results_person ON instrument_results(person_id, at);
    `,
  },
  {
    version: 4,
    name: 'case_platform_and_followups',
    sql: `
      -- The platform whose clinician channel gets the case's alerts (was guessed from identities).
      ALTER TABLE cases ADD COLUMN platform TEXT;
      -- When clinicians were last shown something about this case: follow-ups are rate limited by it.
      ALTER TABLE cases ADD COLUMN last_alert_at TEXT;
      UPDATE cases SET last_alert_at = created_at;
    `,
  },
  {
    version: 5,
    name: 'outbox_by_person',
    sql: `
      -- "What did we last send this person" and "what is pending for them" run per message:
      -- without this they scan the whole outbox.
      CREATE INDEX outbox_person ON outbox(person_id, purpose, status);
      CREATE INDEX outbox_case ON outbox(case_id) WHERE case_id IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'erasure_held_words',
    sql: `
      -- Set when a person asked for their data to be deleted while one of their cases was open:
      -- the words of cases opened up to then are kept for the care team until each case is
      -- resolved, then removed (purgeHeldWords). NULL when nothing is held.
      ALTER TABLE people ADD COLUMN erase_held_since TEXT;
    `,
  },
  {
    version: 7,
    name: 'instrument_paused',
    sql: `
      -- A questionnaire stopped at a red flag (chest pain, use outside the
      -- prescription, thoughts of self-harm): the answers so far, so the rest
      -- can be finished later and the total and band still reach the care team.
      CREATE TABLE instrument_paused (
        person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
        instrument TEXT NOT NULL,
        at TEXT NOT NULL,
        next_index INTEGER NOT NULL,
        answers TEXT NOT NULL,                 -- JSON { itemId: value }
        flagged TEXT NOT NULL                  -- JSON [ruleId] already escalated
      );
    `,
  },
  {
    version: 8,
    name: 'case_why',
    sql: `
      -- Why the screener decided (rule, model score or context), one line, shown on the card and in \`cases\`.
      ALTER TABLE cases ADD COLUMN why TEXT;
    `,
  },
  {
    version: 9,
    name: 'skills',
    sql: `
      -- A thought record's figure: how strong the feeling was before and after (0-100).
      -- The words themselves go to the journal as one entry; only numbers and trap ids here.
      CREATE TABLE thought_records (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        before INTEGER,
        after INTEGER,
        traps TEXT NOT NULL DEFAULT '[]'      -- JSON array of trap ids
      );
      CREATE INDEX thought_records_person ON thought_records(person_id, at);
      -- Each time a skill was practised or its card opened, for the patient's and clinician's view.
      CREATE TABLE skill_uses (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        skill TEXT NOT NULL,
        how TEXT NOT NULL,                    -- practice | card | flow
        at TEXT NOT NULL
      );
      CREATE INDEX skill_uses_person ON skill_uses(person_id, at);
      -- The single offer policy's memory: what was offered, for which moment, and the answer.
      CREATE TABLE skill_offers (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        skill TEXT NOT NULL,
        moment TEXT NOT NULL,
        at TEXT NOT NULL,
        answer TEXT,                          -- yes | not_now
        answered_at TEXT,
        UNIQUE (person_id, moment)
      );
      CREATE INDEX skill_offers_person ON skill_offers(person_id, at);
      -- Behavioural activation: one small activity planned for a day, and how it went.
      CREATE TABLE activation_plans (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        activity TEXT NOT NULL,
        planned_for TEXT NOT NULL,            -- the instant planned (ISO)
        created_at TEXT NOT NULL,
        done TEXT,                            -- yes | partly | no
        rating INTEGER,                       -- 0-10
        checked_at TEXT
      );
      CREATE INDEX activation_plans_person ON activation_plans(person_id, planned_for);
    `,
  },
  {
    version: 10,
    name: 'instance_lock',
    sql: `
      -- One running instance per database file: the holder renews its lease (heartbeat_at);
      -- a second start refuses while the lease is fresh and takes over once it is stale.
      CREATE TABLE instance_lock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        token TEXT NOT NULL,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        -- The holder's pid namespace (Linux): on the same host and namespace a dead pid can be seen to be dead.
        pid_ns TEXT,
        acquired_at TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 11,
    name: 'screening_feedback',
    sql: `
      -- A clinician's verdict on the screener: a false alarm or a wrong category on a case,
      -- or a message it missed. What the screener knew (rules, category, lexicon, why) is
      -- copied so the item outlives later case edits. words: the patient's words, NULL in
      -- minimal-data mode, for a missed message not tied to a patient, and after deletion.
      CREATE TABLE screening_feedback (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        clinician_id INTEGER NOT NULL REFERENCES people(id),
        label TEXT NOT NULL,                -- 'false_alarm' | 'wrong_category' | 'missed'
        case_id INTEGER REFERENCES cases(id),
        person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,  -- whose words (NULL: unknown)
        severity TEXT,
        category TEXT,
        correct_category TEXT,
        rule_ids TEXT NOT NULL DEFAULT '[]',  -- JSON
        lexicon_version TEXT,
        why TEXT,
        words TEXT
      );
      CREATE INDEX screening_feedback_person ON screening_feedback(person_id) WHERE person_id IS NOT NULL;
      CREATE INDEX screening_feedback_case ON screening_feedback(case_id) WHERE case_id IS NOT NULL;
    `,
  },
  {
    version: 12,
    name: 'care_plans',
    sql: `
      -- The plan a clinician shapes for one patient: the sequence after each session,
      -- questionnaire intervals in days (JSON { instrument: days }) and a note to the patient.
      CREATE TABLE care_plans (
        person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
        sequence_id TEXT,
        questionnaires TEXT NOT NULL DEFAULT '{}',
        note TEXT,
        updated_by INTEGER,
        updated_at TEXT NOT NULL
      );
      -- Who assigned what, to whom, for when; the delivery row (by key) does the sending.
      CREATE TABLE plan_assignments (
        id INTEGER PRIMARY KEY,
        person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
        group_id INTEGER REFERENCES groups(id),
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,
        due_at TEXT NOT NULL,
        assigned_by INTEGER,
        assigned_at TEXT NOT NULL,
        delivery_key TEXT NOT NULL
      );
      CREATE INDEX plan_assignments_person ON plan_assignments(person_id, due_at);
      CREATE INDEX plan_assignments_group ON plan_assignments(group_id, due_at);
    `,
  },
];
