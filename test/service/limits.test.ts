// Caps: concurrent MCP sessions (global and per caller) and queued investigations; the investigation window
// checked; JWTs verified against a JWKS URL, refused without sub or exp.
import { createServer, type Server } from 'node:http';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, hashToken } from '../../src/service/auth.js';
import { loadServiceConfig } from '../../src/service/config.js';
import { startService, type RunningService } from '../../src/service/service.js';
import type { ToolBackend } from '../../src/service/supervisor.js';
import { postJson, tempDir, TOKENS, TOKENS_ENV } from './helpers.js';

const devNull = { write: () => true } as unknown as NodeJS.WritableStream;
const emptyBackend: ToolBackend = {
  tools: () => [],
  call: async () => ({ content: [] }),
  status: () => [],
  checkReady: async () => [],
  stop: async () => {},
};

describe('caps', () => {
  let service: RunningService;
  beforeAll(async () => {
    const dir = tempDir('ip-caps-');
    const env = {
      INCIDENT_PILOT_TOKENS: TOKENS_ENV,
      INCIDENT_PILOT_MAX_SESSIONS: '3',
      INCIDENT_PILOT_MAX_SESSIONS_PER_CALLER: '2',
      INCIDENT_PILOT_MAX_QUEUED: '1',
      INCIDENT_PILOT_CONCURRENCY: '1',
      INCIDENT_PILOT_AUDIT_LOG: `${dir}/a.jsonl`,
      INCIDENT_PILOT_DRAIN_TIMEOUT_MS: '0',
    };
    const config = loadServiceConfig({ host: '127.0.0.1', port: 0, db: `${dir}/db.sqlite` }, env, hashToken);
    service = await startService({
      config,
      source: { env: {} },
      backend: emptyBackend,
      runner: () => new Promise(() => {}),
      logDestination: devNull,
    });
  });
  afterAll(async () => {
    await service?.shutdown('test');
  });

  it('caps MCP sessions per caller (429) below the global cap (503), and takes new ones when one closes', async () => {
    const open = (token: string = TOKENS.viewer) => {
      const c = new Client({ name: 't', version: '1' }, { capabilities: {} });
      return c
        .connect(
          new StreamableHTTPClientTransport(new URL(`${service.url}/mcp`), {
            requestInit: { headers: { authorization: `Bearer ${token}` } },
          }),
        )
        .then(() => c);
    };
    const end = async (c: Client) => {
      await (c.transport as StreamableHTTPClientTransport).terminateSession();
      await c.close();
    };
    const a = await open();
    const b = await open();
    // One caller cannot take every place: the viewer's third session is refused, the admin's first is not.
    await expect(open()).rejects.toThrow(/429|the most one caller may hold/);
    const admin = await open(TOKENS.admin);
    // Now the service as a whole is full.
    await expect(open(TOKENS.operator)).rejects.toThrow(/503|too many open MCP sessions/);
    // Ending a session the spec way (DELETE) frees its place.
    await end(a);
    const c = await open();
    await end(c);
    await end(b);
    await end(admin);
  });

  it('answers 400 naming the field for a since or until that is not a time, or since after until', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ since: 'foo' }, /body\.since: cannot read "foo" as a time/],
      [{ until: 'bogus' }, /body\.until: cannot read "bogus" as a time/],
      [
        { since: '2025-01-15T15:00:00Z', until: '2025-01-15T14:00:00Z' },
        /body\.since \(2025-01-15T15:00:00Z\) must be before body\.until/,
      ],
      [{ since: '1h', until: '3h' }, /body\.since .* must be before body\.until/],
    ];
    for (const [window, message] of cases) {
      const res = await postJson(`${service.url}/api/investigations`, { incident: 'x', ...window }, TOKENS.operator);
      expect(res.status, JSON.stringify(window)).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('answers 429 when the investigation queue is full', async () => {
    const first = await postJson(`${service.url}/api/investigations`, { incident: 'a' }, TOKENS.operator);
    expect(first.status).toBe(202);
    // One runs (forever), one waits; the next is refused.
    expect((await postJson(`${service.url}/api/investigations`, { incident: 'b' }, TOKENS.operator)).status).toBe(202);
    const third = await postJson(`${service.url}/api/investigations`, { incident: 'c' }, TOKENS.operator);
    expect(third.status).toBe(429);
    expect(third.body.error.message).toMatch(/queue is full/);
  });
});

describe('JWT via JWKS', () => {
  let jwks: Server;
  let url: string;
  let privateKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey as CryptoKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_q, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(jwks.address() as { port: number }).port}/jwks.json`;
  });
  afterAll(() => jwks.close());

  it('verifies signature, issuer and audience, and maps the roles claim', async () => {
    const auth = createAuthenticator([], { jwksUrl: url, issuer: 'https://idp', audience: 'incident-pilot' });
    const sign = (claims: Record<string, unknown>, aud = 'incident-pilot') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('bob')
        .setIssuer('https://idp')
        .setAudience(aud)
        .setExpirationTime('5m')
        .sign(privateKey);
    expect(await auth.authenticate(`Bearer ${await sign({ roles: ['viewer', 'admin'] })}`)).toMatchObject({
      subject: 'jwt:bob',
      role: 'admin',
    });
    await expect(auth.authenticate(`Bearer ${await sign({ roles: ['admin'] }, 'other-app')}`)).rejects.toThrow(
      /invalid bearer token/,
    );
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('https://idp')
      .setAudience('incident-pilot')
      .setExpirationTime('5m')
      .sign(other.privateKey);
    await expect(auth.authenticate(`Bearer ${forged}`)).rejects.toThrow(/invalid bearer token/);
  });

  it('refuses a validly signed JWT without sub or without exp', async () => {
    const auth = createAuthenticator([], { jwksUrl: url, issuer: 'https://idp', audience: 'incident-pilot' });
    const base = () =>
      new SignJWT({ role: 'admin' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer('https://idp')
        .setAudience('incident-pilot');
    const noSub = await base().setExpirationTime('5m').sign(privateKey);
    await expect(auth.authenticate(`Bearer ${noSub}`)).rejects.toThrow(/no "sub" claim/);
    const noExp = await base().setSubject('bob').sign(privateKey);
    await expect(auth.authenticate(`Bearer ${noExp}`)).rejects.toThrow(/no "exp" claim/);
  });
});
