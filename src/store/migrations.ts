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
];
