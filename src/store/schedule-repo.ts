import type { Address } from '../core/types.js';
import type { Db } from './database.js';

// Durable scheduling state: groups, group schedules, sessions, check-in
// cursors and the deliveries they produce. Narrow synchronous methods; the
// scheduler decides what is due, this only reads and writes rows.

export type DeliveryStatus = 'planned' | 'queued' | 'skipped' | 'cancelled';
export type DeliveryKind = 'checkin' | 'prompt' | 'exercise' | 'instrument' | 'text' | 'content';

export interface Delivery {
  id: number;
  key: string;
  source: 'checkin' | 'sequence' | 'group';
  sourceId: number | null;
  personId: number | null;
  channel: Address | null;
  kind: DeliveryKind;
  ref: string | null;
  step: string | null;
  dueAt: string;
  sendAt: string;
  status: DeliveryStatus;
  reason: string | null;
  attempts: number;
  outboxId: number | null;
}

export interface NewDelivery {
  key: string;
  source: Delivery['source'];
  sourceId?: number | null;
  personId?: number | null;
  channel?: Address | null;
  kind: DeliveryKind;
  ref?: string | null;
  step?: string | null;
  dueAt: string;
  /** Defaults to dueAt. */
  sendAt?: string;
  status?: DeliveryStatus;
  reason?: string | null;
}

export interface Group {
  id: number;
  name: string;
  timezone: string;
  channel: Address | null;
  createdBy: number | null;
  createdAt: string;
}

export interface GroupSchedule {
  id: number;
  groupId: number;
  spec: string;
  timezone: string;
  content: { ref?: string; text?: string };
  target: 'channel' | 'dm';
  status: 'active' | 'paused' | 'cancelled' | 'done';
  nextAt: string | null;
  createdBy: number | null;
  createdAt: string;
}

interface DeliveryRow {
  id: number;
  key: string;
  source: Delivery['source'];
  source_id: number | null;
  person_id: number | null;
  channel: string | null;
  kind: DeliveryKind;
  ref: string | null;
  step: string | null;
  due_at: string;
  send_at: string;
  status: DeliveryStatus;
  reason: string | null;
  attempts: number;
  outbox_id: number | null;
}

const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  key: r.key,
  source: r.source,
  sourceId: r.source_id,
  personId: r.person_id,
  channel: r.channel ? (JSON.parse(r.channel) as Address) : null,
  kind: r.kind,
  ref: r.ref,
  step: r.step,
  dueAt: r.due_at,
  sendAt: r.send_at,
  status: r.status,
  reason: r.reason,
  attempts: r.attempts,
  outboxId: r.outbox_id,
});

interface GroupRow {
  id: number;
  name: string;
  timezone: string;
  channel: string | null;
  created_by: number | null;
  created_at: string;
}
const toGroup = (r: GroupRow): Group => ({
  id: r.id,
  name: r.name,
  timezone: r.timezone,
  channel: r.channel ? (JSON.parse(r.channel) as Address) : null,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

interface ScheduleRow {
  id: number;
  group_id: number;
  spec: string;
  timezone: string;
  content: string;
  target: 'channel' | 'dm';
  status: GroupSchedule['status'];
  next_at: string | null;
  created_by: number | null;
  created_at: string;
}
const toSchedule = (r: ScheduleRow): GroupSchedule => ({
  id: r.id,
  groupId: r.group_id,
  spec: r.spec,
  timezone: r.timezone,
  content: JSON.parse(r.content) as GroupSchedule['content'],
  target: r.target,
  status: r.status,
  nextAt: r.next_at,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** What the scheduler needs to compute someone's next check-in. */
export interface CheckinSettings {
  personId: number;
  /** Null when the person no longer exists. */
  timezone: string | null;
  checkinTime: string | null;
  checkinDays: string | null;
}
interface CursorSettingsRow {
  person_id: number;
  timezone: string | null;
  checkin_time: string | null;
  checkin_days: string | null;
}
const toSettings = (r: CursorSettingsRow): CheckinSettings => ({
  personId: r.person_id,
  timezone: r.timezone,
  checkinTime: r.checkin_time,
  checkinDays: r.checkin_days,
});

export function createScheduleRepo(db: Db) {
  const s = {
    insertDelivery: db.prepare(
      `INSERT INTO deliveries (key, source, source_id, person_id, channel, kind, ref, step, due_at, send_at, status, reason, created_at, done_at)
       VALUES (@key, @source, @sourceId, @personId, @channel, @kind, @ref, @step, @dueAt, @sendAt, @status, @reason, @at, @doneAt)
       ON CONFLICT(key) DO NOTHING`,
    ),
    dueDeliveries: db.prepare<[string, number], DeliveryRow>(
      `SELECT * FROM deliveries WHERE status = 'planned' AND send_at <= ? ORDER BY send_at, id LIMIT ?`,
    ),
    nextDeliveryAt: db.prepare<[], { at: string | null }>(`SELECT MIN(send_at) AS at FROM deliveries WHERE status = 'planned'`),
    finish: db.prepare<[string, string | null, number | null, string, number]>(
      `UPDATE deliveries SET status = ?, reason = COALESCE(?, reason), outbox_id = ?, done_at = ? WHERE id = ? AND status = 'planned'`,
    ),
    postpone: db.prepare<[string, string, number]>(
      `UPDATE deliveries SET send_at = ?, reason = ?, attempts = attempts + 1 WHERE id = ? AND status = 'planned'`,
    ),
    plannedFor: db.prepare<[number, number], DeliveryRow>(
      `SELECT * FROM deliveries WHERE person_id = ? AND status = 'planned' ORDER BY send_at, id LIMIT ?`,
    ),
    sequenceCheckinsBetween: db.prepare<[number, string, string], { due_at: string }>(
      `SELECT due_at FROM deliveries WHERE person_id = ? AND source = 'sequence' AND kind = 'checkin' AND status IN ('planned', 'queued') AND due_at > ? AND due_at < ?`,
    ),
    cancelSession: db.prepare<[string, number, string]>(
      `UPDATE deliveries SET status = 'cancelled', reason = 'replaced', done_at = ? WHERE person_id = ? AND source = 'sequence' AND status = 'planned' AND send_at > ?`,
    ),
    cancelSchedule: db.prepare<[string, number]>(
      `UPDATE deliveries SET status = 'cancelled', reason = 'schedule_cancelled', done_at = ? WHERE source = 'group' AND source_id = ? AND status = 'planned'`,
    ),
    insertSession: db.prepare<[number, string, string, number | null, string]>(
      `INSERT INTO sessions (person_id, at, sequence_id, recorded_by, created_at) VALUES (?, ?, ?, ?, ?)`,
    ),
    // The person's check-in settings come with the cursor: one query per chunk instead of one per person.
    cursorsDueWithSettings: db.prepare<[string, number], CursorSettingsRow & { next_at: string }>(
      `SELECT c.person_id, c.next_at, p.timezone, p.checkin_time, p.checkin_days
       FROM checkin_cursors c LEFT JOIN people p ON p.id = c.person_id
       WHERE c.next_at <= ? ORDER BY c.next_at, c.person_id LIMIT ?`,
    ),
    dirtyWithSettings: db.prepare<[number], CursorSettingsRow>(
      `SELECT d.person_id, p.timezone, p.checkin_time, p.checkin_days
       FROM checkin_dirty d LEFT JOIN people p ON p.id = d.person_id LIMIT ?`,
    ),
    nextCursorAt: db.prepare<[], { at: string | null }>(`SELECT MIN(next_at) AS at FROM checkin_cursors`),
    putCursor: db.prepare<[number, string]>(
      `INSERT INTO checkin_cursors (person_id, next_at) VALUES (?, ?) ON CONFLICT(person_id) DO UPDATE SET next_at = excluded.next_at`,
    ),
    dropCursor: db.prepare<[number]>(`DELETE FROM checkin_cursors WHERE person_id = ?`),
    clean: db.prepare<[number]>(`DELETE FROM checkin_dirty WHERE person_id = ?`),
    insertGroup: db.prepare<[string, string, number | null, string]>(
      `INSERT INTO groups (name, timezone, created_by, created_at) VALUES (?, ?, ?, ?)`,
    ),
    groupByName: db.prepare<[string], GroupRow>(`SELECT * FROM groups WHERE name = ? COLLATE NOCASE`),
    groupById: db.prepare<[number], GroupRow>(`SELECT * FROM groups WHERE id = ?`),
    groups: db.prepare<[], GroupRow>(`SELECT * FROM groups ORDER BY name`),
    groupByChannel: db.prepare<[string], GroupRow>(`SELECT * FROM groups WHERE channel = ?`),
    setChannel: db.prepare<[string | null, number]>(`UPDATE groups SET channel = ? WHERE id = ?`),
    addMember: db.prepare<[number, number, string, string]>(
      `INSERT OR IGNORE INTO group_members (group_id, person_id, role, added_at) VALUES (?, ?, ?, ?)`,
    ),
    removeMember: db.prepare<[number, number, string]>(`DELETE FROM group_members WHERE group_id = ? AND person_id = ? AND role = ?`),
    isMember: db.prepare<[number, number, string], { n: number }>(
      `SELECT 1 AS n FROM group_members WHERE group_id = ? AND person_id = ? AND role = ?`,
    ),
    members: db.prepare<[number, string], { person_id: number }>(
      `SELECT person_id FROM group_members WHERE group_id = ? AND role = ? ORDER BY added_at, person_id`,
    ),
    memberCount: db.prepare<[number], { n: number }>(`SELECT COUNT(*) AS n FROM group_members WHERE group_id = ? AND role = 'member'`),
    insertSchedule: db.prepare(
      `INSERT INTO schedules (group_id, spec, timezone, content, target, next_at, created_by, created_at)
       VALUES (@groupId, @spec, @timezone, @content, @target, @nextAt, @createdBy, @at)`,
    ),
    scheduleById: db.prepare<[number], ScheduleRow>(`SELECT * FROM schedules WHERE id = ?`),
    schedules: db.prepare<[], ScheduleRow>(`SELECT * FROM schedules WHERE status IN ('active', 'paused') ORDER BY id`),
    schedulesDue: db.prepare<[string], ScheduleRow>(
      `SELECT * FROM schedules WHERE status = 'active' AND next_at IS NOT NULL AND next_at <= ? ORDER BY next_at, id`,
    ),
    nextScheduleAt: db.prepare<[], { at: string | null }>(`SELECT MIN(next_at) AS at FROM schedules WHERE status = 'active'`),
    setScheduleNext: db.prepare<[string | null, string, number]>(`UPDATE schedules SET next_at = ?, status = ? WHERE id = ?`),
    insertPost: db.prepare<[string, number, number, string]>(
      `INSERT OR IGNORE INTO group_posts (key, schedule_id, group_id, at) VALUES (?, ?, ?, ?)`,
    ),
    latestPostFor: db.prepare<[number, string, string], { key: string }>(
      `SELECT gp.key FROM group_posts gp JOIN group_members m ON m.group_id = gp.group_id AND m.role = 'member'
       WHERE m.person_id = ? AND gp.at > ? AND gp.at <= ? ORDER BY gp.at DESC LIMIT 1`,
    ),
    participate: db.prepare<[string, number, string]>(`INSERT OR IGNORE INTO participation (post_key, person_id, at) VALUES (?, ?, ?)`),
    participants: db.prepare<[string], { person_id: number }>(`SELECT person_id FROM participation WHERE post_key = ? ORDER BY at`),
    postsFor: db.prepare<[number, number], { key: string; at: string }>(
      `SELECT key, at FROM group_posts WHERE schedule_id = ? ORDER BY at DESC LIMIT ?`,
    ),
    insertResult: db.prepare<[number, string, string, number, string | null, string]>(
      `INSERT INTO instrument_results (person_id, instrument, at, score, band, answers) VALUES (?, ?, ?, ?, ?, ?)`,
    ),
  };

  const forgetPerson = db.transaction((personId: number, at: string) => {
    db.prepare(`UPDATE deliveries SET status = 'cancelled', reason = 'person_deleted', done_at = ? WHERE person_id = ? AND status = 'planned'`).run(at, personId);
    s.dropCursor.run(personId);
    db.prepare(`DELETE FROM group_members WHERE person_id = ?`).run(personId);
    db.prepare(`DELETE FROM participation WHERE person_id = ?`).run(personId);
    db.prepare(`DELETE FROM instrument_results WHERE person_id = ?`).run(personId);
  });

  return {
    /** Insert a delivery; false when its key exists (already planned, sent or skipped). */
    addDelivery(d: NewDelivery, at: string): boolean {
      const status = d.status ?? 'planned';
      return (
        s.insertDelivery.run({
          key: d.key,
          source: d.source,
          sourceId: d.sourceId ?? null,
          personId: d.personId ?? null,
          channel: d.channel ? JSON.stringify(d.channel) : null,
          kind: d.kind,
          ref: d.ref ?? null,
          step: d.step ?? null,
          dueAt: d.dueAt,
          sendAt: d.sendAt ?? d.dueAt,
          status,
          reason: d.reason ?? null,
          at,
          doneAt: status === 'planned' ? null : at,
        }).changes > 0
      );
    },
    dueDeliveries(now: string, limit = 500): Delivery[] {
      return s.dueDeliveries.all(now, limit).map(toDelivery);
    },
    nextDeliveryAt(): string | null {
      return s.nextDeliveryAt.get()?.at ?? null;
    },
    markQueued(id: number, outboxId: number | null, at: string): void {
      s.finish.run('queued', null, outboxId, at, id);
    },
    markSkipped(id: number, reason: string, at: string): void {
      s.finish.run('skipped', reason, null, at, id);
    },
    markCancelled(id: number, reason: string, at: string): void {
      s.finish.run('cancelled', reason, null, at, id);
    },
    postpone(id: number, sendAt: string, reason: string): void {
      s.postpone.run(sendAt, reason, id);
    },
    plannedFor(personId: number, limit = 10): Delivery[] {
      return s.plannedFor.all(personId, limit).map(toDelivery);
    },
    /** When a person's session-sequence check-ins are (or were) due strictly between two instants: planned or sent, not skipped or cancelled. */
    sequenceCheckinsBetween(personId: number, from: string, to: string): string[] {
      return s.sequenceCheckinsBetween.all(personId, from, to).map((r) => r.due_at);
    },

    /** A new session: the rest of the previous sequence is cancelled. Returns the session id. */
    recordSession(personId: number, at: string, sequenceId: string, recordedBy: number | null, now: string): number {
      s.cancelSession.run(now, personId, now);
      return Number(s.insertSession.run(personId, at, sequenceId, recordedBy, now).lastInsertRowid);
    },

    nextCursorAt(): string | null {
      return s.nextCursorAt.get()?.at ?? null;
    },
    setCursor(personId: number, nextAt: string | null): void {
      if (nextAt) s.putCursor.run(personId, nextAt);
      else s.dropCursor.run(personId);
    },
    /** Due cursors with the person's check-in settings (null settings: the person is gone). */
    cursorsDueWithSettings(now: string, limit: number): (CheckinSettings & { nextAt: string })[] {
      return s.cursorsDueWithSettings.all(now, limit).map((r) => ({ ...toSettings(r), nextAt: r.next_at }));
    },
    /** People whose check-in settings changed since the scheduler last looked (a trigger fills the table), with their current settings. */
    dirtyCheckinSettings(limit: number): CheckinSettings[] {
      return s.dirtyWithSettings.all(limit).map(toSettings);
    },
    cleanCheckin(personId: number): void {
      s.clean.run(personId);
    },

    createGroup(name: string, timezone: string, createdBy: number | null, at: string): Group {
      const id = Number(s.insertGroup.run(name, timezone, createdBy, at).lastInsertRowid);
      return toGroup(s.groupById.get(id)!);
    },
    groupByName(name: string): Group | undefined {
      const r = s.groupByName.get(name);
      return r && toGroup(r);
    },
    group(id: number): Group | undefined {
      const r = s.groupById.get(id);
      return r && toGroup(r);
    },
    groups(): Group[] {
      return s.groups.all().map(toGroup);
    },
    groupByChannel(address: Address): Group | undefined {
      const r = s.groupByChannel.get(channelKey(address));
      return r && toGroup(r);
    },
    setGroupChannel(groupId: number, address: Address | null): void {
      s.setChannel.run(address ? channelKey(address) : null, groupId);
    },
    addMember(groupId: number, personId: number, role: 'member' | 'facilitator', at: string): boolean {
      return s.addMember.run(groupId, personId, role, at).changes > 0;
    },
    removeMember(groupId: number, personId: number, role: 'member' | 'facilitator'): boolean {
      return s.removeMember.run(groupId, personId, role).changes > 0;
    },
    isMember(groupId: number, personId: number, role: 'member' | 'facilitator'): boolean {
      return s.isMember.get(groupId, personId, role) !== undefined;
    },
    members(groupId: number, role: 'member' | 'facilitator' = 'member'): number[] {
      return s.members.all(groupId, role).map((r) => r.person_id);
    },
    memberCount(groupId: number): number {
      return s.memberCount.get(groupId)?.n ?? 0;
    },

    createSchedule(input: Omit<GroupSchedule, 'id' | 'status' | 'createdAt'>, at: string): GroupSchedule {
      const id = Number(
        s.insertSchedule.run({
          groupId: input.groupId,
          spec: input.spec,
          timezone: input.timezone,
          content: JSON.stringify(input.content),
          target: input.target,
          nextAt: input.nextAt,
          createdBy: input.createdBy,
          at,
        }).lastInsertRowid,
      );
      return toSchedule(s.scheduleById.get(id)!);
    },
    schedule(id: number): GroupSchedule | undefined {
      const r = s.scheduleById.get(id);
      return r && toSchedule(r);
    },
    schedules(): GroupSchedule[] {
      return s.schedules.all().map(toSchedule);
    },
    schedulesDue(now: string): GroupSchedule[] {
      return s.schedulesDue.all(now).map(toSchedule);
    },
    nextScheduleAt(): string | null {
      return s.nextScheduleAt.get()?.at ?? null;
    },
    setScheduleState(id: number, nextAt: string | null, status: GroupSchedule['status']): void {
      s.setScheduleNext.run(nextAt, status, id);
    },
    cancelScheduleDeliveries(scheduleId: number, at: string): number {
      return s.cancelSchedule.run(at, scheduleId).changes;
    },

    recordPost(key: string, scheduleId: number, groupId: number, at: string): void {
      s.insertPost.run(key, scheduleId, groupId, at);
    },
    /** Credit a member's message to the latest group prompt they received within the window. */
    recordParticipation(personId: number, since: string, now: string): string | undefined {
      const post = s.latestPostFor.get(personId, since, now);
      if (!post) return undefined;
      s.participate.run(post.key, personId, now);
      return post.key;
    },
    participants(postKey: string): number[] {
      return s.participants.all(postKey).map((r) => r.person_id);
    },
    recentPosts(scheduleId: number, limit = 5): { key: string; at: string }[] {
      return s.postsFor.all(scheduleId, limit);
    },

    recordInstrument(personId: number, instrument: string, at: string, score: number, band: string | null, answers: Record<string, number>): void {
      s.insertResult.run(personId, instrument, at, score, band, JSON.stringify(answers));
    },

    forgetPerson(personId: number, at: string): void {
      forgetPerson(personId, at);
    },
    /** What scheduling holds about a person, for their `my data` export. */
    exportPerson(personId: number): Record<string, unknown> {
      return {
        sessions: db.prepare(`SELECT at, sequence_id AS sequence, created_at AS recordedAt FROM sessions WHERE person_id = ? ORDER BY at`).all(personId),
        groups: db
          .prepare(`SELECT g.name, m.role, m.added_at AS addedAt FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.person_id = ? ORDER BY g.name`)
          .all(personId),
        groupPromptsAnswered: db.prepare(`SELECT post_key AS prompt, at FROM participation WHERE person_id = ? ORDER BY at`).all(personId),
        questionnaires: (
          db.prepare(`SELECT instrument, at, score, band, answers FROM instrument_results WHERE person_id = ? ORDER BY at`).all(personId) as { answers: string }[]
        ).map((r) => ({ ...r, answers: JSON.parse(r.answers) as unknown })),
        scheduledMessages: db
          .prepare(`SELECT kind, send_at AS at, status, reason FROM deliveries WHERE person_id = ? ORDER BY send_at DESC LIMIT 200`)
          .all(personId),
      };
    },
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
  };
}

/** A channel's identity for lookups: platform and id, never the thread. */
function channelKey(address: Address): string {
  return JSON.stringify({ platform: address.platform, kind: address.kind, id: 'id' in address ? address.id : null });
}

export type ScheduleRepo = ReturnType<typeof createScheduleRepo>;
