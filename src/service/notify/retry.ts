// The one retry loop of outbound messages: bounded attempts with exponential backoff, the receiver's Retry-After
// honoured (never shortened), permanent failures given up at once.
import { backoffDelay } from '../../core/http.js';
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

export type DeliveryOutcome<T> = { ok: true; value: T; attempts: number } | { ok: false; error: string; attempts: number };

export interface RetryHooks {
  sleep?: (ms: number) => Promise<void>;
  /** After each failed attempt (for logs and the stored record). */
  onFailure?: (attempt: number, error: DeliveryError, waitMs: number | null) => void;
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function asDeliveryError(err: unknown): DeliveryError {
  return err instanceof DeliveryError ? err : new DeliveryError((err as Error)?.message ?? String(err), true);
}

export async function deliverWithRetry<T>(send: (attempt: number) => Promise<T>, policy: DeliveryPolicy, hooks: RetryHooks = {}): Promise<DeliveryOutcome<T>> {
  const sleep = hooks.sleep ?? sleepFor;
  let last: DeliveryError | undefined;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    try {
      return { ok: true, value: await send(attempt), attempts: attempt };
    } catch (err) {
      last = asDeliveryError(err);
      const final = !last.retryable || attempt === policy.attempts;
      if (!final && last.retryAfterMs !== null && last.retryAfterMs > policy.maxWaitMs) {
        // Retrying sooner than the receiver asked would only be refused again.
        last = new DeliveryError(`${last.message}; the receiver asked to wait ${Math.ceil(last.retryAfterMs / 1000)} s, over delivery.maxWaitMs`, false);
        hooks.onFailure?.(attempt, last, null);
        return { ok: false, error: last.message, attempts: attempt };
      }
      const wait = final ? null : backoffDelay(attempt, { backoffMs: policy.backoffMs, maxWaitMs: policy.maxWaitMs }, last.retryAfterMs);
      hooks.onFailure?.(attempt, last, wait);
      if (final) return { ok: false, error: last.message, attempts: attempt };
      await sleep(wait!);
    }
  }
  return { ok: false, error: last?.message ?? 'not attempted', attempts: policy.attempts };
}
