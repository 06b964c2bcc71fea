// Delivery of outbound messages: bounded attempts with exponential backoff, the receiver's Retry-After honoured
// (never shortened), permanent failures given up at once.
import { retryWithBackoff } from '../../core/http.js';
import type { DeliveryPolicy } from '../alerts/config.js';

/** What a channel throws: whether another attempt may succeed, and when the receiver asked us to come back. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export type DeliveryOutcome<T> =
  { ok: true; value: T; attempts: number } | { ok: false; error: string; attempts: number };

export interface RetryHooks {
  sleep?: (ms: number) => Promise<void>;
  /** After each failed attempt (for logs and the stored record). */
  onFailure?: (attempt: number, error: DeliveryError, waitMs: number | null) => void;
}

function asDeliveryError(err: unknown): DeliveryError {
  return err instanceof DeliveryError ? err : new DeliveryError((err as Error)?.message ?? String(err), true);
}

/** Outbound messages on the one retry loop (core/http.ts retryWithBackoff), with the delivery policy's bounds. */
export async function deliverWithRetry<T>(
  send: (attempt: number) => Promise<T>,
  policy: DeliveryPolicy,
  hooks: RetryHooks = {},
): Promise<DeliveryOutcome<T>> {
  if (policy.attempts < 1) return { ok: false, error: 'not attempted', attempts: 0 };
  let last: DeliveryError | undefined;
  const give = (attempt: number, error: DeliveryError): { value: DeliveryOutcome<T> } => {
    hooks.onFailure?.(attempt, error, null);
    return { value: { ok: false, error: error.message, attempts: attempt } };
  };
  return retryWithBackoff<DeliveryOutcome<T>>(
    async (n) => {
      const attempt = n + 1;
      try {
        return { value: { ok: true, value: await send(attempt), attempts: attempt } };
      } catch (err) {
        last = asDeliveryError(err);
        if (!last.retryable || attempt === policy.attempts) return give(attempt, last);
        // Retrying sooner than the receiver asked would only be refused again.
        if (last.retryAfterMs !== null && last.retryAfterMs > policy.maxWaitMs) {
          return give(
            attempt,
            new DeliveryError(
              `${last.message}; the receiver asked to wait ${Math.ceil(last.retryAfterMs / 1000)} s, over delivery.maxWaitMs`,
              false,
            ),
          );
        }
        return { retry: true, retryAfterMs: last.retryAfterMs };
      }
    },
    {
      backoffMs: policy.backoffMs,
      maxWaitMs: policy.maxWaitMs,
      sleep: hooks.sleep,
      onRetry: (n, waitMs) => hooks.onFailure?.(n + 1, last!, waitMs),
    },
  );
}
