// Caps: concurrent MCP sessions and queued investigations; JWTs verified against a JWKS URL.
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
const emptyBackend: ToolBackend = { tools: () => [], call: async () => ({ content: [] }), status: () => [], checkReady: async () => [], stop: async () => {} };

describe('caps', () => {
  let service: RunningService;
  beforeAll(async () => {
    const dir = tempDir('ip-caps-');
    const env = { INCIDENT_PILOT_TOKENS: TOKENS_ENV, INCIDENT_PILOT_MAX_SESSIONS: '2', INCIDENT_PILOT_MAX_QUEUED: '1', INCIDENT_PILOT_CONCURRENCY: '1', INCIDENT_PILOT_AUDIT_LOG: `${dir}/a.jsonl`, INCIDENT_PILOT_DRAIN_TIMEOUT_MS: '0' };
    const config = loadServiceConfig({ host: '127.0.0.1', port: 0, db: `${dir}/db.sqlite` }, env, hashToken);
    service = await startService({ config, source: { env: {} }, backend: emptyBackend, runner: () => new Promise(() => {}), logDestination: devNull });
  });
  afterAll(async () => {
    await service?.shutdown('test');
  });

  it('refuses MCP sessions past the cap with 503 and takes new ones when one closes', async () => {
    const open = () => {
      const c = new Client({ name: 't', version: '1' }, { capabilities: {} });
      return c.connect(new StreamableHTTPClientTransport(new URL(`${service.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${TOKENS.viewer}` } } })).then(() => c);
    };
    const a = await open();
    const b = await open();
    await expect(open()).rejects.toThrow(/503|too many open MCP sessions/);
    // Ending a session the spec way (DELETE) frees its place.
    await (a.transport as StreamableHTTPClientTransport).terminateSession();
    await a.close();
    const c = await open();
    await c.close();
    await b.close();
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
    jwks = createServer((_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(jwks.address() as { port: number }).port}/jwks.json`;
  });
  afterAll(() => jwks.close());

  it('verifies signature, issuer and audience, and maps the roles claim', async () => {
    const auth = createAuthenticator([], { jwksUrl: url, issuer: 'https://idp', audience: 'incident-pilot' });
    const sign = (claims: Record<string, unknown>, aud = 'incident-pilot') =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('bob').setIssuer('https://idp').setAudience(aud).setExpirationTime('5m').sign(privateKey);
    expect(await auth.authenticate(`Bearer ${await sign({ roles: ['viewer', 'admin'] })}`)).toEqual({ subject: 'jwt:bob', role: 'admin' });
    await expect(auth.authenticate(`Bearer ${await sign({ roles: ['admin'] }, 'other-app')}`)).rejects.toThrow(/invalid bearer token/);
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer('https://idp').setAudience('incident-pilot').setExpirationTime('5m').sign(other.privateKey);
    await expect(auth.authenticate(`Bearer ${forged}`)).rejects.toThrow(/invalid bearer token/);
  });
});
