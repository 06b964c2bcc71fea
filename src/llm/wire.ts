// The fetch every provider is given: redacts what leaves, records the transcript, retries 429/5xx, maps HTTP failures to one clear error.
import { PilotError, type ErrorCode } from '../core/errors.js';
import { redactJson, redactText } from './redact.js';
import type { Transcript } from './transcript.js';

export type FetchFn = typeof globalThis.fetch;

export interface WireOptions {
  /** "ollama/qwen3" style, for messages. */
  label: string;
  redact: boolean;
  transcript?: Transcript;
  baseFetch?: FetchFn;
  /** Retries after a 429/502/503/504/529 (default 3). */
  maxRetries?: number;
  /** Wait before retry n (0-based) when the server gives no Retry-After (default 1000 * 2^n ms). */
  backoffMs?: (attempt: number) => number;
  /** Longest wait honoured from a Retry-After header (default 30 s); longer means give up now. */
  maxRetryWaitMs?: number;
  /** One request's time limit (default 120 s). */
  requestTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Counts of what redaction replaced, summed over requests. */
  redactions?: Record<string, number>;
}

const RETRY_STATUSES = new Set([429, 502, 503, 504, 529]);

/** Retry-After as seconds or an HTTP date, or retry-after-ms; null when absent or unreadable. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (!value) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** The server's own words from an error body (OpenAI, Anthropic and Ollama shapes), short. */
export function errorMessageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    const e = parsed.error;
    if (typeof e === 'string') return e;
    if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: use the text itself
  }
  const line = body.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function failure(status: number, label: string, url: string, message: string): PilotError {
  const host = new URL(url).host;
  const said = message ? `: ${message}` : '';
  const table: Record<number, [ErrorCode, string, string]> = {
    401: ['unauthorized', `${label}: ${host} refused the credentials (401)${said}`, 'check the API key (OLLAMA_API_KEY, OPENAI_API_KEY or ANTHROPIC_API_KEY)'],
    403: ['forbidden', `${label}: ${host} denied access (403)${said}`, 'check the API key\'s permissions for this model'],
    404: ['not_found', `${label}: model or endpoint not found on ${host} (404)${said}`, label.startsWith('ollama/') ? `pull it first (ollama pull ${label.slice(7)}) or pass --model` : 'check --model and the base URL'],
    429: ['rate_limited', `${label}: ${host} is rate limiting (429) and retries ran out${said}`, 'wait and try again, or use another model'],
  };
  const known = table[status];
  if (known) return new PilotError(known[0], known[1], { hint: known[2] });
  if (status >= 500) return new PilotError('backend_unavailable', `${label}: ${host} failed (${status})${said}`, { hint: 'the model server is down or overloaded; try again' });
  return new PilotError('bad_input', `${label}: ${host} rejected the request (${status})${said}`, { hint: 'the model may not support tool calling; try another model' });
}

/** Headers for the transcript: credentials masked (the file is for reading, not replaying). */
function maskedHeaders(headers: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(headers).forEach((value, key) => {
    out[key] = /^(authorization|x-api-key|api-key)$/i.test(key) ? value.replace(/([A-Za-z]+\s+)?(.{0,4}).*/, (_m, scheme: string | undefined, head: string) => `${scheme ?? ''}${head}…[masked]`) : value;
  });
  return out;
}

export function createWireFetch(opts: WireOptions): FetchFn {
  const base = opts.baseFetch ?? globalThis.fetch;
  const maxRetries = opts.maxRetries ?? 3;
  const backoff = opts.backoffMs ?? ((n: number) => 1000 * 2 ** n);
  const maxWait = opts.maxRetryWaitMs ?? 30_000;
  const timeoutMs = opts.requestTimeoutMs ?? 120_000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  const prepareBody = (body: BodyInit | null | undefined): BodyInit | null | undefined => {
    if (!opts.redact || typeof body !== 'string') return body;
    try {
      const { value } = redactJson(JSON.parse(body), opts.redactions ?? {});
      return JSON.stringify(value);
    } catch {
      // Not JSON (no provider sends that today): redact the text as it is.
      const r = redactText(body);
      for (const [k, n] of Object.entries(r.counts)) if (opts.redactions) opts.redactions[k] = (opts.redactions[k] ?? 0) + n;
      return r.text;
    }
  };

  const wired = async (input: Parameters<FetchFn>[0], init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const body = prepareBody(init?.body);
    for (let attempt = 0; ; attempt++) {
      opts.transcript?.write({ type: 'request', url, method: init?.method ?? 'GET', headers: maskedHeaders(init?.headers), body: typeof body === 'string' ? body : null });
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      let res: Response;
      try {
        res = await base(url, { ...init, body, signal });
      } catch (err) {
        if (init?.signal?.aborted) throw err;
        if (timeout.aborted) throw new PilotError('timeout', `${opts.label}: no answer from ${new URL(url).host} within ${Math.round(timeoutMs / 1000)} s`, { hint: 'the model may be loading or overloaded; try again or use a smaller model' });
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new PilotError('backend_unavailable', `${opts.label}: cannot reach ${new URL(url).origin} (${cause?.code ?? cause?.message ?? (err as Error).message})`, {
          hint: 'is the model server running? check OLLAMA_HOST / OPENAI_BASE_URL / ANTHROPIC_BASE_URL',
        });
      }
      opts.transcript?.record(res.clone(), url);
      if (res.ok) return res;
      const text = await res.clone().text().catch(() => '');
      if (RETRY_STATUSES.has(res.status) && attempt < maxRetries) {
        const wait = retryAfterMs(res.headers) ?? backoff(attempt);
        if (wait <= maxWait) {
          await sleep(wait);
          continue;
        }
      }
      throw failure(res.status, opts.label, url, errorMessageOf(text));
    }
  };
  return wired as FetchFn;
}
