import { CodedError } from './errors.js';

export type Next = () => Promise<void>;
export type Middleware<C> = (ctx: C, next: Next) => Promise<void> | void;

/**
 * Compose middleware into one: each runs `(ctx, next)` and decides whether
 * the rest runs. Calling `next` twice is a bug that would run handlers twice
 * (and send two replies), so it throws.
 */
export function compose<C>(middleware: Middleware<C>[]): (ctx: C) => Promise<void> {
  return (ctx: C) => {
    const run = async (i: number): Promise<void> => {
      const mw = middleware[i];
      if (!mw) return;
      let called = false;
      await mw(ctx, async () => {
        if (called) throw new CodedError('middleware_next_twice', `middleware ${i} called next() twice`);
        called = true;
        await run(i + 1);
      });
    };
    return run(0);
  };
}
