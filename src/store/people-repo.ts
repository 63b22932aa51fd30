import type { Platform, Role } from '../core/types.js';
import type { Db } from './database.js';

export interface Person {
  id: number;
  handle: string;
  createdAt: string;
  timezone: string;
  locale: string;
  region: string;
  consent: 'granted' | 'declined' | null;
  onboardedAt: string | null;
  checkinTime: string | null;
  checkinDays: string;
  quietStart: string;
  quietEnd: string;
  pausedUntil: string | null;
  optedOutAt: string | null;
  intention: string | null;
  lastNoticeAt: string | null;
  unreachableAt: string | null;
}

interface PersonRow {
  id: number;
  handle: string;
  created_at: string;
  timezone: string;
  locale: string;
  region: string;
  consent: string | null;
  onboarded_at: string | null;
  checkin_time: string | null;
  checkin_days: string;
  quiet_start: string;
  quiet_end: string;
  paused_until: string | null;
  opted_out_at: string | null;
  intention: string | null;
  last_notice_at: string | null;
  unreachable_at: string | null;
}

function toPerson(r: PersonRow): Person {
  return {
    id: r.id,
    handle: r.handle,
    createdAt: r.created_at,
    timezone: r.timezone,
    locale: r.locale,
    region: r.region,
    consent: r.consent === 'granted' || r.consent === 'declined' ? r.consent : null,
    onboardedAt: r.onboarded_at,
    checkinTime: r.checkin_time,
    checkinDays: r.checkin_days,
    quietStart: r.quiet_start,
    quietEnd: r.quiet_end,
    pausedUntil: r.paused_until,
    optedOutAt: r.opted_out_at,
    intention: r.intention,
    lastNoticeAt: r.last_notice_at,
    unreachableAt: r.unreachable_at,
  };
}

/** Settings a person can change; column names are fixed here, never taken from input. */
const SETTING_COLUMNS = {
  timezone: 'timezone',
  locale: 'locale',
  region: 'region',
  checkinTime: 'checkin_time',
  checkinDays: 'checkin_days',
  quietStart: 'quiet_start',
  quietEnd: 'quiet_end',
  pausedUntil: 'paused_until',
  optedOutAt: 'opted_out_at',
  intention: 'intention',
  lastNoticeAt: 'last_notice_at',
  unreachableAt: 'unreachable_at',
  onboardedAt: 'onboarded_at',
  handle: 'handle',
} as const;
export type PersonSetting = keyof typeof SETTING_COLUMNS;

export interface Identity {
  platform: Platform;
  userId: string;
}

export function createPeopleRepo(db: Db) {
  const byIdentity = db.prepare<[string, string], PersonRow>(
    `SELECT p.* FROM identities i JOIN people p ON p.id = i.person_id WHERE i.platform = ? AND i.user_id = ?`,
  );
  const byId = db.prepare<[number], PersonRow>(`SELECT * FROM people WHERE id = ?`);
  const byHandle = db.prepare<[string], PersonRow>(`SELECT * FROM people WHERE handle = ? COLLATE NOCASE ORDER BY id LIMIT 5`);
  const insertPerson = db.prepare<[string, string, string, string]>(
    `INSERT INTO people (handle, created_at, timezone, region) VALUES (?, ?, ?, ?)`,
  );
  const insertIdentity = db.prepare<[string, string, number]>(
    `INSERT INTO identities (platform, user_id, person_id) VALUES (?, ?, ?)`,
  );
  const identitiesOf = db.prepare<[number], { platform: Platform; user_id: string }>(
    `SELECT platform, user_id FROM identities WHERE person_id = ? ORDER BY platform, user_id`,
  );
  const rolesOf = db.prepare<[number], { role: Role }>(`SELECT role FROM roles WHERE person_id = ? ORDER BY role`);
  const grant = db.prepare<[number, string, number | null, string]>(
    `INSERT OR IGNORE INTO roles (person_id, role, granted_by, granted_at) VALUES (?, ?, ?, ?)`,
  );
  const revoke = db.prepare<[number, string]>(`DELETE FROM roles WHERE person_id = ? AND role = ?`);
  const setConsent = db.prepare<[string, string, number]>(`UPDATE people SET consent = ?, consent_at = ? WHERE id = ?`);
  const setters = new Map(
    Object.entries(SETTING_COLUMNS).map(([key, col]) => [
      key,
      db.prepare<[string | null, number]>(`UPDATE people SET ${col} = ? WHERE id = ?`),
    ]),
  );

  const create = db.transaction((identity: Identity, handle: string, at: string, timezone: string, region: string) => {
    const id = Number(insertPerson.run(handle, at, timezone, region).lastInsertRowid);
    insertIdentity.run(identity.platform, identity.userId, id);
    return id;
  });

  return {
    findByIdentity(platform: Platform, userId: string): Person | undefined {
      const r = byIdentity.get(platform, userId);
      return r && toPerson(r);
    },
    get(id: number): Person | undefined {
      const r = byId.get(id);
      return r && toPerson(r);
    },
    /** Everyone with this display handle (handles are chosen by users, so there may be several). */
    findByHandle(handle: string): Person[] {
      return byHandle.all(handle.replace(/^@/, '')).map(toPerson);
    },
    /** Find the person behind a platform identity, creating them on first contact. */
    ensure(identity: Identity, handle: string, at: string, defaults: { timezone: string; region: string }): Person {
      const found = byIdentity.get(identity.platform, identity.userId);
      if (found) return toPerson(found);
      const id = create(identity, handle, at, defaults.timezone, defaults.region);
      return toPerson(byId.get(id)!);
    },
    identities(personId: number): Identity[] {
      return identitiesOf.all(personId).map((r) => ({ platform: r.platform, userId: r.user_id }));
    },
    roles(personId: number): Role[] {
      return rolesOf.all(personId).map((r) => r.role);
    },
    grantRole(personId: number, role: Role, grantedBy: number | null, at: string): boolean {
      return grant.run(personId, role, grantedBy, at).changes > 0;
    },
    revokeRole(personId: number, role: Role): boolean {
      return revoke.run(personId, role).changes > 0;
    },
    setConsent(personId: number, consent: 'granted' | 'declined', at: string): void {
      setConsent.run(consent, at, personId);
    },
    set(personId: number, setting: PersonSetting, value: string | null): void {
      setters.get(setting)!.run(value, personId);
    },
  };
}

export type PeopleRepo = ReturnType<typeof createPeopleRepo>;
