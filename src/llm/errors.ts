// Any failure from the provider libraries as one PilotError: a clear line and the right exit code, never a stack.
import { APICallError, RetryError } from 'ai';
import { isPilotError, PilotError } from '../core/errors.js';
import { errorMessageOf } from './wire.js';

export function toPilotError(err: unknown, label: string): PilotError {
  if (isPilotError(err)) return err;
  if (RetryError.isInstance(err)) return toPilotError(err.lastError, label);
  if (err instanceof Error && isPilotError(err.cause)) return err.cause;
  if (APICallError.isInstance(err)) {
    const said = err.responseBody ? errorMessageOf(err.responseBody) : err.message;
    if (err.statusCode === undefined) return new PilotError('backend_unavailable', `${label}: ${said}`, { hint: 'is the model server running?' });
    return new PilotError(err.statusCode >= 500 ? 'backend_unavailable' : 'bad_input', `${label}: the model server answered ${err.statusCode}: ${said}`);
  }
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) {
    return new PilotError('timeout', `${label}: the request was cut off by the time limit`);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new PilotError('internal', `${label}: ${message.split('\n')[0]}`);
}
