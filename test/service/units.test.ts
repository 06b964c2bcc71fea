// Small pieces: rate limiter, argument guard, token parsing and auth, config refusals.
import { describe, expect, it } from 'vitest';
import { createAuthenticator, hashToken } from '../../src/service/auth.js';
import { isLoopback, loadServiceConfig, parseTokens } from '../../src/service/config.js';
import { findUnsafeArgument } from '../../src/service/guard.js';
import { createRateLimiter } from '../../src/service/ratelimit.js';
import { canUseTool, highestRole } from '../../src/service/roles.js';
import { isPilotError } from '../../src/core/errors.js';

describe('createRateLimiter', () => {
  it('allows the limit per key and window, then says how long to wait', () => {
    let now = 1_000_000;
    const limiter = createRateLimiter(3, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(60);
    expect(limiter.take('b')).toBe(0);
    now += 45_000;
    expect(limiter.take('a')).toBe(15);
    now += 15_000;
    expect(limiter.take('a')).toBe(0);
  });
  it('is off at 0', () => {
    const limiter = createRateLimiter(0);
    for (let i = 0; i < 1000; i++) expect(limiter.take('x')).toBe(0);
  });
});

describe('findUnsafeArgument', () => {
  it('refuses parent segments, NUL bytes and absolute paths outside the data anywhere in the arguments', () => {
    expect(findUnsafeArgument({ service: '../../etc/passwd' }, '/data')).toMatch(/arguments.service: ".."/);
    expect(findUnsafeArgument({ a: [{ b: 'x/..\\y' }] }, '/data')).toMatch(/arguments.a\[0\].b/);
    expect(findUnsafeArgument({ file: 'a\0b' }, '/data')).toMatch(/NUL/);
    expect(findUnsafeArgument({ file: '/etc/passwd' }, '/data')).toMatch(/outside the configured data/);
    expect(findUnsafeArgument({ file: 'file:///etc/passwd' }, '/data')).toMatch(/outside/);
  });
  it('lets ordinary values and regexes through', () => {
    expect(
      findUnsafeArgument({ pattern: '(a+)+$', service: 'checkout-api', since: '2h', limit: 5 }, '/data'),
    ).toBeUndefined();
    expect(findUnsafeArgument({ pattern: '^/api/v1/orders$' }, '/data')).toBeUndefined();
    expect(findUnsafeArgument({ pattern: 'wait...' }, '/data')).toBeUndefined();
    expect(findUnsafeArgument({ file: '/data/logs/app.log' }, '/data')).toBeUndefined();
  });
});

describe('auth', () => {
  const tokens = parseTokens('viewer-token-1234:viewer,operator-token-1234:operator', hashToken);

  it('maps each static token to its role and a subject without the secret', async () => {
    const auth = createAuthenticator(tokens, undefined);
    const p = await auth.authenticate('Bearer operator-token-1234');
    expect(p.role).toBe('operator');
    expect(p.subject).toMatch(/^token:[0-9a-f]{8}$/);
    expect(p.subject).not.toContain('operator-token');
  });

  it('rejects missing, malformed and wrong tokens as unauthorized', async () => {
    const auth = createAuthenticator(tokens, undefined);
    for (const header of [undefined, 'Basic abc', 'Bearer', 'Bearer viewer-token-12345', 'Bearer viewer-token-123']) {
      const err = await auth.authenticate(header).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isPilotError(err) && err.code, String(header)).toBe('unauthorized');
    }
  });

  it('is open (local admin) only when nothing is configured', async () => {
    expect(createAuthenticator([], undefined).open).toBe(true);
    expect((await createAuthenticator([], undefined).authenticate(undefined)).role).toBe('admin');
    expect(createAuthenticator(tokens, undefined).open).toBe(false);
  });

  it('rejects bad token lists with the entry named', () => {
    expect(() => parseTokens('abc', hashToken)).toThrow(/entry 1: expected token:role/);
    expect(() => parseTokens('long-enough-token:root', hashToken)).toThrow(/unknown role "root"/);
    expect(() => parseTokens('short:viewer', hashToken)).toThrow(/shorter than 8/);
  });
});

describe('roles', () => {
  it('takes the highest role among claim values', () => {
    expect(highestRole(['openid', 'incident-pilot:viewer', 'incident-pilot.operator'])).toBe('operator');
    expect(highestRole(['openid'])).toBeUndefined();
  });
  it('treats tools without readOnlyHint as writes', () => {
    expect(canUseTool({ subject: 's', role: 'viewer' }, { readOnlyHint: true })).toBe(true);
    expect(canUseTool({ subject: 's', role: 'viewer' }, undefined)).toBe(false);
    expect(canUseTool({ subject: 's', role: 'operator' }, { readOnlyHint: false })).toBe(true);
  });
});

describe('loadServiceConfig', () => {
  it('refuses a non-loopback bind without auth, and accepts it with tokens', () => {
    expect(() => loadServiceConfig({ host: '0.0.0.0', port: 1 }, {}, hashToken)).toThrow(
      /refusing to listen on 0.0.0.0 without authentication/,
    );
    const cfg = loadServiceConfig(
      { host: '0.0.0.0', port: 1 },
      { INCIDENT_PILOT_TOKENS: 'abcdefgh:viewer' },
      hashToken,
    );
    expect(cfg.allowedHosts).toEqual([]);
    expect(loadServiceConfig({ host: '127.0.0.1', port: 1 }, {}, hashToken).allowedHosts).toContain('localhost');
  });
  it('counts only "localhost" and loopback IP literals as loopback, not names that look like them', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1'])
      expect(isLoopback(host), host).toBe(true);
    for (const host of [
      '127.example.com',
      '127.0.0.1.nip.io',
      'localhost.evil.com',
      '0.0.0.0',
      '::',
      '10.0.0.1',
      '127.1',
      '',
    ])
      expect(isLoopback(host), host).toBe(false);
    expect(() => loadServiceConfig({ host: '127.example.com', port: 1 }, {}, hashToken)).toThrow(
      /refusing to listen on 127\.example\.com without authentication/,
    );
    // A loopback bind other than 127.0.0.1 accepts its own Host header.
    expect(loadServiceConfig({ host: '127.0.0.2', port: 1 }, {}, hashToken).allowedHosts).toContain('127.0.0.2');
  });
  it('keeps the store and the audit file out of the working tree, each instance its own', () => {
    const byXdg = loadServiceConfig(
      { host: '127.0.0.1', port: 1 },
      { XDG_STATE_HOME: '/state', HOME: '/home/u' },
      hashToken,
    );
    expect(byXdg.dbPath).toBe('/state/incident-pilot/incident-pilot.db');
    expect(byXdg.auditPath).toBe('/state/incident-pilot/incident-pilot-audit.jsonl');
    expect(loadServiceConfig({ host: '127.0.0.1', port: 1 }, { HOME: '/home/u' }, hashToken).dbPath).toBe(
      '/home/u/.local/state/incident-pilot/incident-pilot.db',
    );
    const a = loadServiceConfig({ host: '127.0.0.1', port: 1, db: '/srv/a/prod.db' }, {}, hashToken);
    const b = loadServiceConfig({ host: '127.0.0.1', port: 1, db: '/srv/a/staging.sqlite' }, {}, hashToken);
    expect(a.auditPath).toBe('/srv/a/prod-audit.jsonl');
    expect(b.auditPath).toBe('/srv/a/staging-audit.jsonl');
    expect(
      loadServiceConfig(
        { host: '127.0.0.1', port: 1, db: '/srv/a/prod.db' },
        { INCIDENT_PILOT_AUDIT_LOG: '/var/log/ip.jsonl' },
        hashToken,
      ).auditPath,
    ).toBe('/var/log/ip.jsonl');
  });
  it('checks trusted proxies, timeouts and the per-caller session cap', () => {
    const env = (e: Record<string, string>) => loadServiceConfig({ host: '127.0.0.1', port: 1 }, e, hashToken);
    expect(env({ INCIDENT_PILOT_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.7,fd00::/8' }).trustedProxies).toEqual([
      '10.0.0.0/8',
      '192.0.2.7',
      'fd00::/8',
    ]);
    for (const bad of ['10.0.0.0/33', 'proxy.local', '10.0.0/8', '1.2.3.4/8/1'])
      expect(() => env({ INCIDENT_PILOT_TRUSTED_PROXIES: bad }), bad).toThrow(
        /INCIDENT_PILOT_TRUSTED_PROXIES: ".*" is not an IP address or CIDR/,
      );
    expect(() => env({ INCIDENT_PILOT_REQUEST_TIMEOUT_MS: '5000', INCIDENT_PILOT_HEADERS_TIMEOUT_MS: '9000' })).toThrow(
      /INCIDENT_PILOT_HEADERS_TIMEOUT_MS=9000: must not be over/,
    );
    expect(env({}).maxSessionsPerCaller).toBe(25);
    expect(
      env({ INCIDENT_PILOT_MAX_SESSIONS: '10', INCIDENT_PILOT_MAX_SESSIONS_PER_CALLER: '50' }).maxSessionsPerCaller,
    ).toBe(10);
  });
  it('names the variable of a bad number', () => {
    expect(() =>
      loadServiceConfig({ host: '127.0.0.1', port: 1 }, { INCIDENT_PILOT_RATE_LIMIT: 'lots' }, hashToken),
    ).toThrow(/INCIDENT_PILOT_RATE_LIMIT=lots/);
    expect(() => loadServiceConfig({ host: '127.0.0.1', port: 'x' }, {}, hashToken)).toThrow(/--port x/);
  });
});
