// HTTP for the live backends: timeouts, bounded retries with backoff on 429/5xx (honouring Retry-After),
// errors that name the backend and the setting to fix, and secrets scrubbed from every message.
import { PilotError, type ErrorCode } from './errors.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpSettings {
  /** Injected fetch (tests); default the global one. */
  fetch?: FetchLike;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 3. */
  retries?: number;
  /** First backoff delay, doubled each retry; default 500 ms. */
  backoffMs?: number;
  /** Ceiling of one wait, Retry-After included; default 10 s. */
  maxWaitMs?: number;
}

export interface HttpTarget extends HttpSettings {
  /** Backend name for messages ("Loki"). */
  backend: string;
  baseUrl: string;
  headers?: Record<string, string>;
  /** Settings a user fixes on 401/403 ("LOKI_AUTH_USER/LOKI_AUTH_PASSWORD") and on an unreachable URL ("LOKI_URL"). */
  authSettings: string;
  urlSetting: string;
  /** Values never to show in a message (passwords, tokens, API keys). */
  secrets?: Array<string | undefined>;
  /** A hint of the target's own for a status (an LLM's 404 is a model to pull, not a wrong URL). */
  hints?: Partial<Record<number, string>>;
}

export const DEFAULTS = { timeoutMs: 30_000, retries: 3, backoffMs: 500, maxWaitMs: 10_000 } as const;

/** The URL without user:password and query string, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

export function basicAuthHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Replaces every secret (and its base64 and URL-encoded forms) in text with ***. */
export function scrubSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
    forms.add(Buffer.from(s).toString('base64'));
  }
  for (const f of [...forms].sort((a, b) => b.length - a.length)) out = out.split(f).join('***');
  // Credentials in URLs and Authorization values, whatever they are.
  return out
    .replace(/\/\/[^/\s:@]+:[^/\s@]+@/g, '//***:***@')
    .replace(/\b(Basic|Bearer|ApiKey|token)\s+[A-Za-z0-9+/=._-]{8,}/g, '$1 ***');
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * The one Retry-After parser: ms from seconds or an HTTP date, or null when absent or unreadable. Given the
 * headers, retry-after-ms (OpenAI, Anthropic) wins over retry-after.
 */
export function parseRetryAfter(value: string | null | undefined | Headers, now = Date.now()): number | null {
  if (value instanceof Headers) {
    const ms = value.get('retry-after-ms')?.trim();
    if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.round(Number(ms));
    return parseRetryAfter(value.get('retry-after'), now);
  }
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** How long to wait before retry `attempt` (1-based): Retry-After when given, else exponential backoff; capped. */
export function backoffDelay(attempt: number, settings: HttpSettings, retryAfterMs: number | null): number {
  const base = settings.backoffMs ?? DEFAULTS.backoffMs;
  const max = settings.maxWaitMs ?? DEFAULTS.maxWaitMs;
  return Math.min(max, retryAfterMs ?? base * 2 ** (attempt - 1));
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** The PilotError for a non-2xx answer: names the backend, where, and the setting to fix. */
export function statusError(
  target: Pick<HttpTarget, 'backend' | 'baseUrl' | 'authSettings' | 'urlSetting' | 'secrets' | 'hints'>,
  status: number,
  body = '',
): PilotError {
  const where = `${target.backend} at ${redactUrl(target.baseUrl)}`;
  const detail = scrubSecrets(body.trim().slice(0, 300), target.secrets);
  const table: Record<number, [ErrorCode, string, string]> = {
    401: ['unauthorized', '401 Unauthorized', `check ${target.authSettings}`],
    403: ['forbidden', '403 Forbidden', `check that the credentials in ${target.authSettings} may read this data`],
    404: ['not_found', '404 Not Found', `check ${target.urlSetting} (it must point at the ${target.backend} API root)`],
    429: ['rate_limited', '429 Too Many Requests', 'wait and retry, or narrow the query'],
  };
  const [code, what, hint] =
    table[status] ??
    (status >= 500
      ? ['backend_unavailable', `HTTP ${status}`, `check that ${target.backend} is healthy`]
      : ['bad_input', `HTTP ${status}`, 'fix the query']);
  return new PilotError(code, `${where}: ${what}${detail ? `: ${detail}` : ''}`, {
    hint: target.hints?.[status] ?? hint,
  });
}

/**
 * A fetch with timeout and bounded retries on network errors, 429 and 5xx (Retry-After honoured). Returns the last
 * response, whatever its status, so official clients given this fetch map statuses themselves.
 */
export function createRetryingFetch(
  target: Pick<HttpTarget, 'backend' | 'baseUrl' | 'urlSetting' | 'secrets'> & HttpSettings,
): FetchLike {
  const doFetch = target.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
  const retries = target.retries ?? DEFAULTS.retries;
  const timeoutMs = target.timeoutMs ?? DEFAULTS.timeoutMs;
  return async (input, init = {}) => {
    const outer = init.signal ?? undefined;
    let problem = '';
    const cancelled = () => new PilotError('timeout', `${target.backend} request cancelled`);
    // Each attempt gives a response to keep (2xx, a final status, or the last retryable one) or a retry decision.
    const res = await retryWithBackoff<Response | null>(
      async (attempt) => {
        if (outer?.aborted) throw cancelled();
        const timeout = AbortSignal.timeout(timeoutMs);
        let r: Response;
        try {
          r = await doFetch(String(input), { ...init, signal: outer ? AbortSignal.any([outer, timeout]) : timeout });
        } catch (err) {
          if (outer?.aborted) throw cancelled();
          problem = timeout.aborted
            ? `no answer within ${timeoutMs} ms`
            : `cannot connect (${scrubSecrets(causeOf(err), target.secrets)})`;
          return attempt < retries ? { retry: true } : { value: null };
        }
        if (!isRetryableStatus(r.status) || attempt === retries) return { value: r };
        problem = `HTTP ${r.status}`;
        await r.body?.cancel().catch(() => undefined);
        return { retry: true, retryAfterMs: parseRetryAfter(r.headers.get('retry-after')) };
      },
      { ...target, signal: outer },
    );
    if (res) return res;
    throw new PilotError(
      'backend_unavailable',
      `${target.backend} at ${redactUrl(target.baseUrl)} is unreachable after ${retries + 1} attempts (${problem})`,
      {
        hint: `check ${target.urlSetting} and that ${target.backend} is up`,
      },
    );
  };
}

function causeOf(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function buildUrl(baseUrl: string, path: string, query: RequestOptions['query'] = {}): URL {
  const url = new URL(path.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

/** A JSON client for one backend: `get` throws PilotError on any non-2xx (after retries) with the settings to fix. */
export class HttpClient {
  private readonly fetchWithRetries: FetchLike;

  constructor(readonly target: HttpTarget) {
    this.fetchWithRetries = createRetryingFetch(target);
  }

  async request(path: string, opts: RequestOptions = {}): Promise<{ status: number; text: string; headers: Headers }> {
    const url = buildUrl(this.target.baseUrl, path, opts.query);
    const res = await this.fetchWithRetries(url.toString(), {
      method: opts.method ?? 'GET',
      headers: { accept: 'application/json', ...this.target.headers, ...opts.headers },
      body: opts.body,
      signal: opts.signal,
    });
    return { status: res.status, text: await res.text(), headers: res.headers };
  }

  async getJson<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    return this.parse<T>(await this.request(path, opts));
  }

  private parse<T>(res: { status: number; text: string }): T {
    if (res.status < 200 || res.status >= 300) throw statusError(this.target, res.status, res.text);
    try {
      return JSON.parse(res.text) as T;
    } catch {
      throw new PilotError(
        'backend_unavailable',
        `${this.target.backend} at ${redactUrl(this.target.baseUrl)} answered something that is not JSON: ${scrubSecrets(res.text.slice(0, 120), this.target.secrets)}`,
        {
          hint: `check ${this.target.urlSetting}`,
        },
      );
    }
  }

  /** getJson, with null for a 404: the caller says what was not found (a trace id, a service). */
  async getJsonOrNull<T>(path: string, opts: RequestOptions = {}): Promise<T | null> {
    const res = await this.request(path, opts);
    if (res.status === 404) return null;
    return this.parse<T>(res);
  }

  /** One GET without retries, for health probes: status (null when unreachable), body text and a problem line. */
  async probe(path: string): Promise<{ status: number | null; text: string; problem: string | null }> {
    const doFetch = this.target.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
    try {
      const res = await doFetch(buildUrl(this.target.baseUrl, path).toString(), {
        headers: { accept: 'application/json', ...this.target.headers },
        signal: AbortSignal.timeout(Math.min(this.target.timeoutMs ?? DEFAULTS.timeoutMs, 10_000)),
      });
      return { status: res.status, text: (await res.text()).slice(0, 4000), problem: null };
    } catch (err) {
      return { status: null, text: '', problem: scrubSecrets(causeOf(err), this.target.secrets) };
    }
  }
}

/** What one attempt decided: done with a value, or try again (after the receiver's Retry-After, when it gave one). */
export type AttemptOutcome<T> = { value: T } | { retry: true; retryAfterMs?: number | null };

export interface RetryOptions extends Pick<HttpSettings, 'backoffMs' | 'maxWaitMs'> {
  signal?: AbortSignal;
  /** Injected wait (tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Told before each wait, with the attempt (0-based) that failed. */
  onRetry?: (attempt: number, waitMs: number) => void;
}

/**
 * The one retry-with-backoff loop: runs `attempt(n)` (n from 0) until it gives a value; between attempts waits the
 * receiver's Retry-After or exponential backoff (backoffDelay), capped. The attempt bounds the count itself.
 */
export async function retryWithBackoff<T>(
  attempt: (n: number) => Promise<AttemptOutcome<T>>,
  opts: RetryOptions = {},
): Promise<T> {
  const wait = opts.sleep ?? ((ms: number) => sleep(ms, opts.signal));
  for (let n = 0; ; n++) {
    const outcome = await attempt(n);
    if ('value' in outcome) return outcome.value;
    const ms = backoffDelay(n + 1, opts, outcome.retryAfterMs ?? null);
    opts.onRetry?.(n, ms);
    await wait(ms);
  }
}

/** Runs `fn` with the same bounded backoff, retrying while `retryable(err)` gives a Retry-After (ms) or true. */
export async function withRetries<T>(
  fn: () => Promise<T>,
  retryable: (err: unknown) => boolean | number,
  settings: HttpSettings = {},
): Promise<T> {
  const retries = settings.retries ?? DEFAULTS.retries;
  return retryWithBackoff<T>(async (n) => {
    try {
      return { value: await fn() };
    } catch (err) {
      const r = retryable(err);
      if (r === false || n >= retries) throw err;
      return { retry: true, retryAfterMs: typeof r === 'number' ? r : null };
    }
  }, settings);
}

/** Health line helpers shared by the live backends. */
export interface ProbeSummary {
  reachable: boolean;
  authenticated: boolean | null;
  version: string | null;
  detail: string;
}
