// Typed errors with stable codes, mapped to exit codes and HTTP statuses in one table each.

export type ErrorCode =
  | 'usage' // bad arguments from a user
  | 'bad_input' // unreadable or malformed input data
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'timeout'
  | 'backend_unavailable'
  | 'config' // missing or invalid configuration
  | 'internal';

export class PilotError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  constructor(code: ErrorCode, message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'PilotError';
    this.code = code;
    this.hint = options?.hint;
  }
}

export const EXIT_CODES: Record<ErrorCode, number> = {
  usage: 2,
  bad_input: 2,
  not_found: 2,
  config: 2,
  unauthorized: 1,
  forbidden: 1,
  rate_limited: 1,
  timeout: 1,
  backend_unavailable: 1,
  internal: 1,
};

export const HTTP_STATUSES: Record<ErrorCode, number> = {
  usage: 400,
  bad_input: 400,
  not_found: 404,
  config: 500,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  timeout: 504,
  backend_unavailable: 503,
  internal: 500,
};

export function isPilotError(err: unknown): err is PilotError {
  return err instanceof PilotError;
}

/** One line for a human: the message plus its hint, never a stack. */
export function describeError(err: unknown): string {
  if (err instanceof PilotError) return err.hint ? `${err.message} (${err.hint})` : err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
