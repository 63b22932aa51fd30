// Plan phase, group schedules: each due occurrence fans out into one delivery
// per member (or one channel post), a chunk of members at a time.
import type { ScheduleRepo } from '../store/schedule-repo.js';
import type { InChunks } from './chunks.js';
import { MAX_CATCH_UP } from './plan-checkins.js';
import { nextOccurrence, recurrenceOf } from './recurrence.js';

/**
 * The schedule moves on only after every member has a row, so a crash
 * mid-fan-out redoes the occurrence next time and the keys skip whoever
 * already has one. A schedule cancelled between chunks stops there (the
 * cancel command cancels the rows already planned); one paused between
 * chunks still reaches every member with this occurrence, as it would have
 * had the fan-out been one transaction, and stays paused.
 */
export function createGroupPlanner(repo: ScheduleRepo, inChunks: InChunks) {
  return async function materializeGroups(now: Date): Promise<number> {
    const nowIso = now.toISOString();
    let n = 0;
    for (const sched of repo.schedulesDue(nowIso)) {
      const group = repo.group(sched.groupId);
      const rec = recurrenceOf(sched.spec);
      const kind = sched.content.text !== undefined ? 'text' : 'content';
      const ref = sched.content.text ?? sched.content.ref ?? '';
      const current = () => repo.schedule(sched.id);
      const stillOn = () => {
        const c = current();
        return (c?.status === 'active' || c?.status === 'paused') && c.nextAt === sched.nextAt;
      };
      let at: Date | undefined = new Date(sched.nextAt!);
      let stopped = false;
      for (let i = 0; at && at.getTime() <= now.getTime() && !stopped; i++) {
        if (i >= MAX_CATCH_UP) {
          at = nextOccurrence(rec, sched.timezone, now);
          break;
        }
        const occ = at.toISOString();
        const postKey = `sched:${sched.id}:${occ}`;
        if (group) repo.recordPost(postKey, sched.id, group.id, occ);
        if (sched.target === 'channel' && group?.channel) {
          if (repo.addDelivery({ key: `${postKey}:channel`, source: 'group', sourceId: sched.id, channel: group.channel, kind, ref, dueAt: occ }, nowIso)) n++;
        } else if (group) {
          const members = repo.members(group.id);
          let next = 0;
          await inChunks((deadline, limit) => {
            if (!stillOn()) {
              stopped = true;
              return false;
            }
            const start = next;
            const end = Math.min(members.length, next + limit);
            while (next < end) {
              if (next > start && performance.now() > deadline) return true;
              const personId = members[next++]!;
              if (repo.addDelivery({ key: `${postKey}:${personId}`, source: 'group', sourceId: sched.id, personId, kind, ref, dueAt: occ }, nowIso)) n++;
            }
            return next < members.length;
          });
        }
        if (!stopped) at = nextOccurrence(rec, sched.timezone, at);
      }
      if (stopped) continue;
      const nextAt = at?.toISOString() ?? null;
      repo.transaction(() => {
        const c = current();
        if (c?.status === 'active' && c.nextAt === sched.nextAt) repo.setScheduleState(sched.id, nextAt, at ? 'active' : 'done');
      });
    }
    return n;
  };
}
