import { errorCode } from './errors.js';

export interface StoreHealthState {
  /** False from the first refused write until a write succeeds again. */
  ok: boolean;
  /** When the current failure began. */
  since: string | null;
  /** The last failure's code (SQLITE_READONLY, SQLITE_FULL …). */
  code: string | null;
  /** Writes refused since start. */
  failures: number;
  /** Another instance took over this database's lock: this one must not send. */
  lockLost: boolean;
}

/**
 * Failures of the database itself, as opposed to one event's bad write (a
 * constraint): only these make the store unhealthy and tell clinicians.
 */
const STORE_FAULT = /^(SQLITE_(READONLY|FULL|IOERR|CANTOPEN|BUSY|LOCKED|CORRUPT|NOTADB|PERM|NOMEM|PROTOCOL)\w*|store_transaction_lost)$/;

export function isStoreFault(err: unknown): boolean {
  return STORE_FAULT.test(errorCode(err));
}

/**
 * Whether the database is taking writes, as seen by the code that writes.
 * `doctor`, the clinician-channel notice and the exit code read it.
 */
export class StoreHealth {
  private current: StoreHealthState = { ok: true, since: null, code: null, failures: 0, lockLost: false };
  private readonly listeners: ((state: StoreHealthState, change: 'failing' | 'recovered') => void)[] = [];

  /** A write was refused. Returns true when this starts a failure (a constraint on one event is not one). */
  failed(err: unknown, at: Date): boolean {
    if (!isStoreFault(err)) return false;
    const starting = this.current.ok;
    this.current = { ...this.current, ok: false, since: this.current.since ?? at.toISOString(), code: errorCode(err), failures: this.current.failures + 1 };
    if (starting) this.emit('failing');
    return starting;
  }

  /** A write went through. Returns true when this ends a failure. */
  succeeded(): boolean {
    if (this.current.ok || this.current.lockLost) return false;
    this.current = { ...this.current, ok: true, since: null };
    this.emit('recovered');
    return true;
  }

  lostLock(at: Date): void {
    this.current = { ...this.current, ok: false, lockLost: true, since: this.current.since ?? at.toISOString(), code: 'store_locked' };
    this.emit('failing');
  }

  state(): StoreHealthState {
    return { ...this.current };
  }

  onChange(listener: (state: StoreHealthState, change: 'failing' | 'recovered') => void): void {
    this.listeners.push(listener);
  }

  private emit(change: 'failing' | 'recovered'): void {
    for (const l of this.listeners) l(this.state(), change);
  }
}
