import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { createStore, type Store } from '../../src/store/store.js';

describe('the SQLite store', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'afterglow-store-'));
    store = createStore(join(dir, 's.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const person = () => store.people.ensure({ platform: 'console', userId: 'alice' }, 'alice', '2026-11-01T00:00:00.000Z', { timezone: 'UTC', region: 'US' });

  it('GIVEN a new file WHEN opened THEN every migration is applied once, in WAL mode', () => {
    expect(store.schemaVersion()).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    const db = openDatabase(join(dir, 's.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // already at the latest version: a second migrate changes nothing
    const latest = Math.max(...MIGRATIONS.map((m) => m.version));
    expect(migrate(db)).toEqual({ from: latest, to: latest });
    db.close();
  });

  it('GIVEN a failing migration WHEN applied THEN it names itself and leaves the schema as it was', () => {
    const db = openDatabase(join(dir, 'broken.db'));
    expect(() => migrate(db, [{ version: 1, name: 'bad', sql: 'CREATE TABLE x (; nonsense' }])).toThrow(/migration 1 \(bad\) failed/);
    expect(schemaVersion(db)).toBe(0);
    db.close();
  });

  it('GIVEN a platform identity WHEN seen twice THEN it is the same person', () => {
    const a = person();
    const b = person();
    expect(b.id).toBe(a.id);
    expect(store.people.findByHandle('@alice').map((p) => p.id)).toEqual([a.id]);
  });

  it('GIVEN an idempotency key WHEN queued twice THEN the second is ignored', () => {
    const p = person();
    const input = { priority: 'scheduled' as const, address: { platform: 'console' as const, kind: 'direct' as const, id: 'alice' }, message: { text: 'hi' }, purpose: 'scheduled', at: '2026-11-01T09:00:00.000Z', idempotencyKey: 'sched:1', personId: p.id };
    expect(store.outbox.enqueue(input)).toBeTypeOf('number');
    expect(store.outbox.enqueue(input)).toBeNull();
  });

  it('GIVEN claimed sends caught mid-flight by a crash WHEN recovered THEN at-most-once purposes are marked uncertain and anything else goes back to pending', () => {
    const p = person();
    const base = { address: { platform: 'console' as const, kind: 'direct' as const, id: 'alice' }, message: { text: 'x' }, at: '2026-11-01T09:00:00.000Z', personId: p.id };
    const reply = store.outbox.enqueue({ ...base, priority: 'crisis', purpose: 'crisis_reply' })!;
    const sched = store.outbox.enqueue({ ...base, priority: 'scheduled', purpose: 'scheduled' })!;
    expect(store.outbox.claim(reply)).toBe(true);
    expect(store.outbox.claim(sched)).toBe(true);
    expect(store.outbox.claim(sched)).toBe(false);
    const { requeued, uncertain } = store.outbox.recoverInFlight();
    expect(requeued.map((i) => i.id)).toEqual([reply]);
    expect(uncertain.map((i) => i.id)).toEqual([sched]);
    expect(store.outbox.get(reply)!.status).toBe('pending');
  });

  it('GIVEN old content and a retention period WHEN housekeeping runs THEN old entries, event ids and delivered texts go, recent ones stay', () => {
    const p = person();
    store.records.addJournalEntry(p.id, '2026-09-01T00:00:00.000Z', 'old words');
    store.records.addJournalEntry(p.id, '2026-11-20T00:00:00.000Z', 'new words');
    store.markEventProcessed('slack', 'E1', '2026-11-01T00:00:00.000Z');
    const id = store.outbox.enqueue({ priority: 'reply', address: { platform: 'console', kind: 'direct', id: 'alice' }, message: { text: 'your journal: old words' }, purpose: 'reply', at: '2026-11-19T00:00:00.000Z' })!;
    store.outbox.markSent(id, '2026-11-19T00:00:01.000Z');
    const edit = store.outbox.enqueue({
      priority: 'crisis',
      address: { platform: 'console', kind: 'clinicians' },
      message: { text: 'Case #1 acknowledged, with the patient words', replaces: { platform: 'console', channelId: 'C', messageId: 'm1' } },
      purpose: 'alert_update',
      at: '2026-11-19T00:00:00.000Z',
    })!;
    store.outbox.markSent(edit, '2026-11-19T00:00:01.000Z', { messageId: 'm9', channelId: 'C' });
    store.housekeeping(new Date('2026-11-21T00:00:00.000Z'), 30);
    expect(store.outbox.get(edit)!.message).toEqual({ text: '', replaces: { platform: 'console', channelId: 'C', messageId: 'm1' } });
    expect(store.records.recentJournal(p.id).map((e) => e.text)).toEqual(['new words']);
    expect(store.markEventProcessed('slack', 'E1', '2026-11-21T00:00:00.000Z')).toBe(true);
    expect(store.outbox.get(id)!.message.text).toBe('');
  });

  it('GIVEN a person with content and a case WHEN they delete their data THEN their words go and the case stays without them', () => {
    const p = person();
    store.records.addJournalEntry(p.id, '2026-11-01T00:00:00.000Z', 'private');
    store.records.recordCheckin(p.id, '2026-11-01T00:00:00.000Z', { mood: 3, anxiety: 5, sleep: 2, note: 'rough' });
    store.cases.saveSafetyPlan(p.id, ['a', 'b', 'c', 'd', 'e', 'f'], '2026-11-01T00:00:00.000Z');
    const kase = store.cases.create({ personId: p.id, severity: 'high', category: 'suicidal_ideation', source: 'screen', excerpt: 'their words', context: ['earlier'], ruleIds: ['r1'], at: '2026-11-01T00:00:00.000Z', nextEscalationAt: null });
    store.deletePersonContent(p.id, '2026-11-02T00:00:00.000Z');
    expect(store.records.recentJournal(p.id)).toEqual([]);
    expect(store.records.recentCheckins(p.id)).toEqual([]);
    expect(store.cases.safetyPlan(p.id)).toBeUndefined();
    expect(store.cases.get(kase.id)).toMatchObject({ excerpt: null, context: null, severity: 'high' });
    expect(store.audit.forSubject('person', p.id).map((a) => a.action)).toContain('person.content_deleted');
  });
});
