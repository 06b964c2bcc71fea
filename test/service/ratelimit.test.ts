// Rate limits over real HTTP on loopback: per caller once authenticated, per client IP only for requests without
// valid credentials, and X-Forwarded-For believed only from configured proxies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/service/auth.js';
import { loadServiceConfig } from '../../src/service/config.js';
import { startService, type RunningService } from '../../src/service/service.js';
import type { ToolBackend } from '../../src/service/supervisor.js';
import { tempDir, TOKENS, TOKENS_ENV } from './helpers.js';

const devNull = { write: () => true } as unknown as NodeJS.WritableStream;
const emptyBackend: ToolBackend = {
  tools: () => [],
  call: async () => ({ content: [] }),
  status: () => [],
  checkReady: async () => [],
  stop: async () => {},
};

async function startWith(env: Record<string, string>): Promise<RunningService> {
  const dir = tempDir('ip-rl-');
  const config = loadServiceConfig(
    { host: '127.0.0.1', port: 0, db: `${dir}/db.sqlite` },
    { INCIDENT_PILOT_TOKENS: TOKENS_ENV, ...env },
    hashToken,
  );
  return startService({
    config,
    source: { env: {} },
    backend: emptyBackend,
    runner: async () => Promise.reject(new Error('not used')),
    logDestination: devNull,
  });
}

async function statusOf(url: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(url, { headers });
  await res.text();
  return res.status;
}

async function statuses(n: number, url: string, headers: Record<string, string> = {}): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await statusOf(url, headers));
  return out;
}

describe('rate limits without proxies', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startWith({ INCIDENT_PILOT_RATE_LIMIT: '5', INCIDENT_PILOT_RATE_LIMIT_UNAUTHENTICATED: '5' });
  });
  afterAll(async () => {
    await service?.shutdown('test');
  });

  it('limits unauthenticated requests per IP without locking out a caller with a valid token from that IP', async () => {
    const api = `${service.url}/api/investigations`;
    const anonymous = await statuses(8, api, { authorization: 'Bearer wrong-token-123456' });
    expect(anonymous).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    // The web UI's assets count per IP too: this address has used its budget.
    expect(await statusOf(`${service.url}/`)).toBe(429);
    expect(await statuses(3, api, { authorization: `Bearer ${TOKENS.admin}` })).toEqual([200, 200, 200]);
  });

  it('limits each caller on its own budget', async () => {
    const api = `${service.url}/api/investigations`;
    expect(await statuses(7, api, { authorization: `Bearer ${TOKENS.viewer}` })).toEqual([
      200, 200, 200, 200, 200, 429, 429,
    ]);
    expect(await statusOf(api, { authorization: `Bearer ${TOKENS.operator}` })).toBe(200);
  });

  it('ignores X-Forwarded-For from a client that is not a configured proxy', async () => {
    // This address's unauthenticated budget is spent above; a made-up forwarded address does not buy a new one.
    expect(await statusOf(`${service.url}/api/investigations`, { 'x-forwarded-for': '203.0.113.77' })).toBe(429);
  });
});

describe('rate limits behind a trusted proxy', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startWith({
      INCIDENT_PILOT_RATE_LIMIT: '5',
      INCIDENT_PILOT_RATE_LIMIT_UNAUTHENTICATED: '3',
      INCIDENT_PILOT_TRUSTED_PROXIES: '127.0.0.0/8,::1',
    });
  });
  afterAll(async () => {
    await service?.shutdown('test');
  });

  it('limits unauthenticated clients by their forwarded address', async () => {
    const api = `${service.url}/api/investigations`;
    expect(await statuses(5, api, { 'x-forwarded-for': '203.0.113.5' })).toEqual([401, 401, 401, 429, 429]);
    // Another client behind the same proxy has its own budget; a spoofed leftmost hop does not change the client.
    expect(await statusOf(api, { 'x-forwarded-for': '203.0.113.6' })).toBe(401);
    expect(await statusOf(api, { 'x-forwarded-for': '198.51.100.1, 203.0.113.5' })).toBe(429);
    // A hop that is itself a trusted proxy is skipped: the client is the one before it.
    expect(await statusOf(api, { 'x-forwarded-for': '203.0.113.5, 127.0.0.9' })).toBe(429);
  });
});
