// Errors carry stable snake_case codes so logs, tests and operators can rely
// on them while the wording changes.

export type ErrorCode =
  | 'config_invalid'
  | 'content_invalid'
  | 'store_open_failed'
  | 'store_migration_failed'
  | 'store_transaction_lost'
  | 'store_read_only'
  | 'store_schema_newer'
  | 'store_locked'
  | 'store_write_failed'
  | 'middleware_next_twice'
  | 'delivery_failed'
  | 'delivery_rate_limited'
  | 'delivery_unreachable'
  | 'schedule_invalid'
  | 'permission_denied'
  | 'not_found'
  | 'input_invalid'
  | 'adapter_start_failed'
  | 'store_backup_failed'
  | 'store_backup_invalid'
  | 'chart_unavailable';

export class CodedError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'CodedError';
  }
}

/**
 * Thrown by an adapter's send() so the dispatcher knows what to do:
 * - `unreachable`: the platform refused for good (Discord 50007, a
 *   deactivated Slack user): stop retrying, tell clinicians once.
 * - `rate_limited`: wait `retryAfterMs`, then try again; not a failure.
 * - `transient`: back off and retry.
 */
export class DeliveryError extends CodedError {
  readonly kind: 'unreachable' | 'rate_limited' | 'transient';
  readonly retryAfterMs: number | undefined;
  constructor(
    kind: 'unreachable' | 'rate_limited' | 'transient',
    message: string,
    options?: { retryAfterMs?: number; cause?: unknown },
  ) {
    super(
      kind === 'unreachable' ? 'delivery_unreachable' : kind === 'rate_limited' ? 'delivery_rate_limited' : 'delivery_failed',
      message,
      { cause: options?.cause },
    );
    this.kind = kind;
    this.retryAfterMs = options?.retryAfterMs;
    this.name = 'DeliveryError';
  }
}

export function errorCode(err: unknown): string {
  if (err instanceof CodedError) return err.code;
  // Keep a library's own code (SQLITE_FULL, SQLITE_BUSY, ECONNRESET): it says what to do about it.
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{2,40}$/.test(code) ? code : 'unexpected';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
