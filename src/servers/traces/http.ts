// JSON over HTTP for the live traces backends: timeouts, retries with backoff on 429/5xx, clear errors.
import { ToolError } from '../../mcp/tool.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpTarget {
  /** Backend name for messages ("Tempo"). */
  backend: string;
  baseUrl: string;
  headers: Record<string, string>;
  /** The env var names a user fixes on 401/403 and on an unreachable URL. */
  authSettings: string;
  urlSetting: string;
  fetch: FetchLike;
  timeoutMs: number;
  retries: number;
  /** First backoff delay; doubled on each retry. */
  backoffMs: number;
}

/** The URL without user:password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

export function basicAuthHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * GETs path (with query) and parses JSON; null on 404 so callers can say what was not found.
 * Retries network errors, 429 and 5xx; 401/403 fail at once naming the settings to fix.
 */
export async function getJson<T>(target: HttpTarget, path: string, query: Record<string, string | undefined> = {}, signal?: AbortSignal): Promise<T | null> {
  const url = new URL(path, target.baseUrl.endsWith('/') ? target.baseUrl : `${target.baseUrl}/`);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  const shown = `${redactUrl(url.origin)}${url.pathname.replace(/^\//, '')}`;
  let lastProblem = '';
  for (let attempt = 0; attempt <= target.retries; attempt++) {
    if (attempt > 0) await sleep(target.backoffMs * 2 ** (attempt - 1));
    const timeout = AbortSignal.timeout(target.timeoutMs);
    let res: Response;
    try {
      res = await target.fetch(url.toString(), { headers: { accept: 'application/json', ...target.headers }, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (err) {
      if (signal?.aborted) throw new ToolError(`${target.backend} request cancelled`);
      lastProblem = timeout.aborted ? `no answer within ${target.timeoutMs} ms` : `cannot connect (${(err as Error).message})`;
      continue;
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new ToolError(
        `${target.backend} refused the request (HTTP ${res.status} ${res.status === 401 ? 'unauthorized' : 'forbidden'}) at ${shown}; check ${target.authSettings}`,
      );
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (res.status === 429 || res.status >= 500) {
      lastProblem = `HTTP ${res.status}`;
      await res.body?.cancel();
      continue;
    }
    const text = await res.text();
    if (!res.ok) throw new ToolError(`${target.backend} answered HTTP ${res.status} at ${shown}: ${text.slice(0, 300)}`);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ToolError(`${target.backend} answered with something that is not JSON at ${shown}: ${text.slice(0, 120)}`);
    }
  }
  throw new ToolError(`${target.backend} is unavailable at ${shown} after ${target.retries + 1} attempts (${lastProblem}); check ${target.urlSetting} and that the service is up`);
}

/** One GET without retries, for health probes: the status (null when unreachable) and the body text. */
export async function probeUrl(target: HttpTarget, path: string): Promise<{ status: number | null; text: string; problem: string | null }> {
  const url = new URL(path, target.baseUrl.endsWith('/') ? target.baseUrl : `${target.baseUrl}/`);
  try {
    const res = await target.fetch(url.toString(), { headers: target.headers, signal: AbortSignal.timeout(target.timeoutMs) });
    return { status: res.status, text: (await res.text()).slice(0, 2000), problem: null };
  } catch (err) {
    return { status: null, text: '', problem: (err as Error).message };
  }
}

export interface HttpSettings {
  fetch?: FetchLike;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
}
