/**
 * Handles inbound events one at a time, in arrival order, committing them in
 * small batches: events that are already waiting when a batch starts share
 * one SQLite transaction (one disk write instead of one per event). A batch
 * is bounded in count and time, and the queue yields to the event loop
 * between batches so the dispatcher and platform sockets get their turn —
 * which is also why nothing is sent before its batch has committed.
 *
 * `push()` resolves once the event has been handled and committed, or its
 * failure logged through `onError` (a batch that fails to commit is retried
 * event by event). When the database will not even begin a transaction (it
 * refuses writes), each event is still handled, alone and outside any
 * transaction, so the handler's own fallback (crisis screening from memory)
 * gets its turn instead of the event waiting for ever.
 */
export interface EventQueueOptions<T> {
  /** Run `work` (one batch, or one event on a retry) inside one transaction. */
  transaction(work: () => Promise<void>): Promise<void>;
  /**
   * False once the batch's transaction is gone (SQLite rolled it back on its
   * own, e.g. disk full): no more events join it, and the transaction call
   * is expected to throw so each is handled again.
   */
  intact?(): boolean;
  handle(item: T): Promise<void>;
  /**
   * A failure the handler did not catch (`handle`), or a failed commit:
   * `commit` with the item when that event's own writes are lost, without
   * one for a batch (its events are then handled again one by one).
   */
  onError(err: unknown, item: T | undefined, stage: 'handle' | 'commit'): void;
  maxBatch?: number;
  maxBatchMs?: number;
}

export class EventQueue<T> {
  private readonly waiting: { item: T; done: () => void }[] = [];
  private loop: Promise<void> | undefined;

  constructor(private readonly options: EventQueueOptions<T>) {}

  push(item: T): Promise<void> {
    return new Promise<void>((done) => {
      this.waiting.push({ item, done });
      this.kick();
    });
  }

  /** Resolves when every event pushed so far has been handled and committed. */
  async idle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  private async handleOne(item: T): Promise<void> {
    try {
      await this.options.handle(item);
    } catch (err) {
      this.options.onError(err, item, 'handle');
    }
  }

  private kick(): void {
    if (this.loop) return;
    this.loop = this.drain().finally(() => {
      this.loop = undefined;
      // Pushed while the loop was finishing: start again rather than strand it.
      if (this.waiting.length) this.kick();
    });
  }

  private async drain(): Promise<void> {
    const maxBatch = this.options.maxBatch ?? 200;
    const maxMs = this.options.maxBatchMs ?? 20;
    while (this.waiting.length) {
      const batch: { item: T; done: () => void }[] = [];
      const started = performance.now();
      let began = false;
      try {
        await this.options.transaction(async () => {
          began = true;
          while (this.waiting.length && batch.length < maxBatch && performance.now() - started < maxMs) {
            const next = this.waiting.shift()!;
            batch.push(next);
            await this.handleOne(next.item);
            if (this.options.intact && !this.options.intact()) break;
          }
        });
      } catch (err) {
        // The batch did not commit, so none of it happened. One event may have
        // poisoned it: handle each again in its own transaction, so the others
        // (a crisis among them) are not lost with it.
        this.options.onError(err, undefined, 'commit');
        if (!began) {
          const next = this.waiting.shift()!;
          batch.push(next);
          await this.handleOne(next.item);
        } else if (batch.length === 1) {
          this.options.onError(err, batch[0]!.item, 'commit');
        } else {
          for (const b of batch) {
            try {
              await this.options.transaction(() => this.handleOne(b.item));
            } catch (again) {
              this.options.onError(again, b.item, 'commit');
            }
          }
        }
      }
      for (const b of batch) b.done();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
