// The one HTTP stack: Retry-After, the backoff loop, the status table and URL redaction, shared by every client.
import { describe, expect, it } from 'vitest';
import { createRetryingFetch, parseRetryAfter, redactUrl, retryWithBackoff, statusError } from '../../src/core/http.js';

describe('parseRetryAfter', () => {
  it('reads seconds, an HTTP date, and retry-after-ms from headers', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const now = Date.parse('2025-01-15T14:00:00Z');
    expect(parseRetryAfter('Wed, 15 Jan 2025 14:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '2' }))).toBe(250);
    expect(parseRetryAfter(new Headers({}))).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('retryWithBackoff', () => {
  it('waits the Retry-After when given, else doubles the backoff, capped', async () => {
    const waits: number[] = [];
    const asks = [null, 7000, 60_000, null];
    const value = await retryWithBackoff(
      async (n) => (n < asks.length ? { retry: true, retryAfterMs: asks[n] } : { value: n }),
      {
        backoffMs: 100,
        maxWaitMs: 10_000,
        sleep: async (ms) => void waits.push(ms),
      },
    );
    expect(value).toBe(4);
    expect(waits).toEqual([100, 7000, 10_000, 800]);
  });
});

describe('createRetryingFetch', () => {
  it('retries 503 and honours Retry-After, then returns the answer', async () => {
    const statuses = [503, 429, 200];
    const seen: number[] = [];
    const started = Date.now();
    const f = createRetryingFetch({
      backend: 'X',
      baseUrl: 'http://x',
      urlSetting: 'X_URL',
      backoffMs: 1,
      fetch: async () => {
        const status = statuses.shift()!;
        seen.push(status);
        return new Response('{}', { status, headers: status === 429 ? { 'retry-after': '0.2' } : {} });
      },
    });
    expect((await f('http://x/a')).status).toBe(200);
    expect(seen).toEqual([503, 429, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('names the backend and the setting when it never answers', async () => {
    const f = createRetryingFetch({
      backend: 'X',
      baseUrl: 'http://u:pw@x/',
      urlSetting: 'X_URL',
      retries: 1,
      backoffMs: 1,
      fetch: async () =>
        Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })),
    });
    await expect(f('http://x/a')).rejects.toMatchObject({
      code: 'backend_unavailable',
      message: 'X at http://x is unreachable after 2 attempts (cannot connect (ECONNREFUSED))',
    });
  });
});

describe('statusError', () => {
  const target = {
    backend: 'Loki',
    baseUrl: 'http://u:secret@loki:3100/?token=t',
    authSettings: 'LOKI_AUTH_USER',
    urlSetting: 'LOKI_URL',
    secrets: ['secret'],
  };
  it("maps statuses to codes once, with a target's own hint when it has one", () => {
    expect(statusError(target, 401, 'bad secret')).toMatchObject({
      code: 'unauthorized',
      message: 'Loki at http://loki:3100: 401 Unauthorized: bad ***',
      hint: 'check LOKI_AUTH_USER',
    });
    expect(statusError(target, 503).code).toBe('backend_unavailable');
    expect(statusError(target, 429).code).toBe('rate_limited');
    expect(statusError({ ...target, hints: { 404: 'pull it first' } }, 404)).toMatchObject({
      code: 'not_found',
      hint: 'pull it first',
    });
  });
});

describe('redactUrl', () => {
  it('drops credentials and the query', () => {
    expect(redactUrl('postgres://app:pw@db:5432/pilot?sslmode=require')).toBe('postgres://db:5432/pilot');
    expect(redactUrl('not a url')).toBe('(invalid URL)');
  });
});
