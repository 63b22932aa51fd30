import { describe, expect, it } from 'vitest';
import { compose } from '../../src/core/compose.js';
import { CodedError } from '../../src/core/errors.js';
import { EventQueue } from '../../src/core/event-queue.js';

describe('middleware and ordering', () => {
  it('GIVEN middleware WHEN composed THEN each runs around the next in order', async () => {
    const log: string[] = [];
    await compose<string[]>([
      async (l, next) => {
        l.push('a>');
        await next();
        l.push('<a');
      },
      async (l, next) => {
        l.push('b');
        await next();
      },
    ])(log);
    expect(log).toEqual(['a>', 'b', '<a']);
  });

  it('GIVEN a middleware that calls next twice WHEN run THEN it fails with a stable code', async () => {
    const run = compose<object>([
      async (_c, next) => {
        await next();
        await next();
      },
    ]);
    await expect(run({})).rejects.toMatchObject({ code: 'middleware_next_twice' });
    await expect(run({})).rejects.toBeInstanceOf(CodedError);
  });

  it('GIVEN events pushed in a burst WHEN handled THEN they run one at a time, in order, share commits, and one failure does not stop the rest', async () => {
    const log: string[] = [];
    const q = new EventQueue<number>({
      async transaction(work) {
        log.push('begin');
        await work();
        log.push('commit');
      },
      async handle(n) {
        log.push(`start ${n}`);
        await Promise.resolve();
        if (n === 2) throw new Error('boom');
        log.push(`end ${n}`);
      },
      onError: (_err, n) => log.push(`error ${n}`),
    });
    await Promise.all([1, 2, 3].map((n) => q.push(n)));
    expect(log).toEqual(['begin', 'start 1', 'end 1', 'start 2', 'error 2', 'start 3', 'end 3', 'commit']);
  });

  it('GIVEN a batch limit WHEN more events wait THEN they are committed in several batches, each resolving after its commit', async () => {
    const commits: number[][] = [];
    let current: number[] = [];
    const q = new EventQueue<number>({
      async transaction(work) {
        current = [];
        await work();
        commits.push(current);
      },
      async handle(n) {
        current.push(n);
      },
      onError: () => {},
      maxBatch: 2,
    });
    const resolvedAfter: number[] = [];
    await Promise.all([1, 2, 3, 4, 5].map((n) => q.push(n).then(() => resolvedAfter.push(commits.length))));
    expect(commits).toEqual([[1, 2], [3, 4], [5]]);
    expect(resolvedAfter).toEqual([1, 1, 2, 2, 3]);
  });

  it('GIVEN an event pushed while the queue is finishing WHEN idle THEN it is still handled', async () => {
    const seen: number[] = [];
    const q = new EventQueue<number>({ transaction: (work) => work(), handle: async (n) => void seen.push(n), onError: () => {} });
    const first = q.push(1);
    await first;
    void q.push(2);
    await q.idle();
    expect(seen).toEqual([1, 2]);
  });
});
