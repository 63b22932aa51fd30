// Time comes from an injected Clock so tests and the scripted console can
// move it; nothing in src/ calls Date.now() or setTimeout directly for
// business time.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock the caller moves by hand: tests and the scripted console. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string | number = Date.UTC(2026, 0, 1)) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string | number): void {
    const next = new Date(to).getTime();
    if (Number.isNaN(next)) throw new RangeError(`invalid time: ${String(to)}`);
    // Time never runs backwards: a schedule that saw 10:00 must not see 09:00 again.
    if (next > this.current) this.current = next;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
