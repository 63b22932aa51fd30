import { describe, expect, it } from 'vitest';
import { compose } from '../../src/core/compose';
import { CodedError } from '../../src/core/errors';
import { SerialQueue } from '../../src/core/serial-queue';

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

  it('GIVEN tasks for one key WHEN queued THEN they run one at a time in order, even if one fails', async () => {
    const q = new SerialQueue();
    const log: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = q.run('alice', async () => {
      await gate;
      log.push(1);
    });
    const second = q.run('alice', async () => {
      log.push(2);
      throw new Error('boom');
    });
    const third = q.run('alice', async () => {
      log.push(3);
    });
    const other = q.run('bob', async () => {
      log.push(9);
    });
    await other;
    expect(log).toEqual([9]);
    release();
    await first;
    await expect(second).rejects.toThrow('boom');
    await third;
    expect(log).toEqual([9, 1, 2, 3]);
  });
});
