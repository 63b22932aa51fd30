// Long scheduler work runs as a series of short transactions with a yield to
// the event loop between them, so a patient's message (and a crisis reply
// above all) never waits behind a large tick.
import type { ScheduleRepo } from '../store/schedule-repo.js';

/** Rows per transaction at most, and the time one transaction may hold the event loop. */
export const CHUNK_ITEMS = 500;
export const CHUNK_MS = 15;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `step` until it says it is done; `step` gets a deadline and a row limit. */
export type InChunks = (step: (deadline: number, limit: number) => boolean) => Promise<void>;

/**
 * `step` does what it can before the deadline and returns true while there
 * may be more to do. Every step re-reads its rows, so whatever happened in
 * between is seen.
 */
export function chunked(repo: ScheduleRepo, chunk: { items?: number; ms?: number } = {}): InChunks {
  const items = chunk.items ?? CHUNK_ITEMS;
  const ms = chunk.ms ?? CHUNK_MS;
  return async (step) => {
    for (;;) {
      const deadline = performance.now() + ms;
      const more = repo.transaction(() => step(deadline, items));
      if (!more) return;
      await yieldToEventLoop();
    }
  };
}
