// The gateway in-process over a real MCP subprocess with a write tool: role filtering, JWTs, sessions bound to the
// whole principal, unknown tool names in /metrics, bounded audit lines, legacy SSE.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/service/auth.js';
import { loadServiceConfig } from '../../src/service/config.js';
import { startService, type RunningService } from '../../src/service/service.js';
import { Supervisor } from '../../src/service/supervisor.js';
import { tempDir, TOKENS, TOKENS_ENV } from './helpers.js';

const SLOW = fileURLToPath(new URL('./fixtures/slow-server.mjs', import.meta.url));
const SECRET = 'a-test-secret-of-at-least-32-characters!';
const devNull = { write: () => true } as unknown as NodeJS.WritableStream;

let service: RunningService;
let auditPath: string;

beforeAll(async () => {
  const dir = tempDir('ip-gw-');
  auditPath = `${dir}/audit.jsonl`;
  const env = {
    INCIDENT_PILOT_TOKENS: TOKENS_ENV,
    INCIDENT_PILOT_JWT_SECRET: SECRET,
    INCIDENT_PILOT_JWT_ISSUER: 'https://idp.test',
    INCIDENT_PILOT_AUDIT_LOG: auditPath,
  };
  const config = loadServiceConfig({ host: '127.0.0.1', port: 0, db: `${dir}/db.sqlite` }, env, hashToken);
  const backend = new Supervisor([{ name: 'slow', kind: 'stdio', command: process.execPath, args: [SLOW] }], {
    callTimeoutMs: 5000,
  });
  await backend.start();
  service = await startService({
    config,
    source: { env: {} },
    backend,
    runner: async () => Promise.reject(new Error('not used')),
    logDestination: devNull,
  });
}, 30_000);

afterAll(async () => {
  await service?.shutdown('test');
});

async function connect(token: string, path = '/mcp'): Promise<Client> {
  const client = new Client({ name: 't', version: '1' }, { capabilities: {} });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(service.url + path), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

async function jwt(claims: Record<string, unknown>, issuer = 'https://idp.test'): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('alice')
    .setIssuer(issuer)
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(SECRET));
}

describe('MCP gateway roles', () => {
  it('hides write tools from viewers and refuses their calls; operators see and call them', async () => {
    const viewer = await connect(TOKENS.viewer);
    const operator = await connect(TOKENS.operator);
    try {
      expect((await viewer.listTools()).tools.map((t) => t.name).sort()).toEqual(['block', 'echo', 'sleep']);
      const denied = (await viewer.callTool({ name: 'write', arguments: {} })) as CallToolResult;
      expect(denied.isError).toBe(true);
      expect(JSON.stringify(denied.content)).toMatch(/needs the operator role/);
      expect((await operator.listTools()).tools.map((t) => t.name).sort()).toEqual(['block', 'echo', 'sleep', 'write']);
      const done = (await operator.callTool({ name: 'write', arguments: {} })) as CallToolResult;
      expect(done.isError).toBeFalsy();
    } finally {
      await viewer.close();
      await operator.close();
    }
  });

  it('accepts JWTs with a role claim or scope and refuses a wrong issuer', async () => {
    const viaRole = await connect(await jwt({ role: 'operator' }));
    expect((await viaRole.listTools()).tools.map((t) => t.name)).toContain('write');
    await viaRole.close();
    const viaScope = await connect(await jwt({ scope: 'openid incident-pilot:viewer' }));
    expect((await viaScope.listTools()).tools.map((t) => t.name)).not.toContain('write');
    await viaScope.close();
    const wrongIssuer = await fetch(`${service.url}/api/investigations`, {
      headers: { authorization: `Bearer ${await jwt({ role: 'admin' }, 'https://evil.test')}` },
    });
    expect(wrongIssuer.status).toBe(401);
    const noRole = await fetch(`${service.url}/api/investigations`, {
      headers: { authorization: `Bearer ${await jwt({})}` },
    });
    expect(noRole.status).toBe(403);
  });

  it('does not let another caller use a session id', async () => {
    const viewer = await connect(TOKENS.viewer);
    const sessionId = (viewer.transport as StreamableHTTPClientTransport).sessionId!;
    const res = await fetch(`${service.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKENS.operator}`,
        'mcp-session-id': sessionId,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list', params: {} }),
    });
    expect(res.status).toBe(403);
    await viewer.close();
  });

  it('binds a session to the whole principal: the same JWT subject with a lower role cannot use it', async () => {
    const operator = await connect(await jwt({ role: 'operator' }));
    const sessionId = (operator.transport as StreamableHTTPClientTransport).sessionId!;
    const viewerToken = await jwt({ role: 'viewer' });
    const res = await fetch(`${service.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${viewerToken}`,
        'mcp-session-id': sessionId,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'write', arguments: {} } }),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/belongs to another caller/);
    await operator.close();
  });

  it('refuses JWTs without sub or exp with 401', async () => {
    const key = new TextEncoder().encode(SECRET);
    const noSub = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://idp.test')
      .setExpirationTime('5m')
      .sign(key);
    const noExp = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://idp.test')
      .setSubject('alice')
      .sign(key);
    for (const [token, why] of [
      [noSub, /"sub"/],
      [noExp, /"exp"/],
    ] as const) {
      const res = await fetch(`${service.url}/api/investigations`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect((await res.json()).error.message).toMatch(why);
    }
  });

  it('counts unknown tool names under one "unknown" label, not one series each', async () => {
    const client = await connect(TOKENS.viewer);
    try {
      for (let i = 0; i < 40; i++) {
        const res = (await client.callTool({
          name: `no_such_tool_${i}_${'x'.repeat(50)}`,
          arguments: {},
        })) as CallToolResult;
        expect(res.isError).toBe(true);
      }
    } finally {
      await client.close();
    }
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).not.toMatch(/no_such_tool/);
    expect(
      Number(/incident_pilot_tool_calls_total\{server="none",tool="unknown",outcome="error"\} (\d+)/.exec(text)?.[1]),
    ).toBeGreaterThanOrEqual(40);
  });

  it('keeps audit lines small: large arguments are cut, with their size and hash recorded', async () => {
    const client = await connect(TOKENS.viewer);
    const big = { text: 'A'.repeat(900_000) };
    try {
      const res = (await client.callTool({ name: 'echo', arguments: big })) as CallToolResult;
      expect(res.isError).toBeFalsy();
    } finally {
      await client.close();
    }
    const lines = readFileSync(auditPath, 'utf8').trim().split('\n');
    expect(Math.max(...lines.map((l) => Buffer.byteLength(l)))).toBeLessThan(8192);
    const entry = lines.map((l) => JSON.parse(l)).find((e) => e.tool === 'echo' && e.argumentsTruncated);
    const json = JSON.stringify(big);
    expect(entry.argumentsTruncated).toEqual({
      bytes: Buffer.byteLength(json),
      sha256: createHash('sha256').update(json).digest('hex'),
    });
    expect(entry.arguments.text).toMatch(/^A{256}…\[899744 more chars\]$/);
  });

  it('counts open sessions in /metrics', async () => {
    const c = await connect(TOKENS.viewer);
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(
      Number(/incident_pilot_mcp_sessions_active\{transport="http"\} (\d+)/.exec(text)?.[1]),
    ).toBeGreaterThanOrEqual(1);
    await c.close();
  });
});

describe('legacy SSE transport', () => {
  it('sends the endpoint, takes POSTed messages and answers on the stream', async () => {
    const controller = new AbortController();
    const res = await fetch(`${service.url}/sse`, {
      headers: { authorization: `Bearer ${TOKENS.viewer}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let buffer = '';
    const nextEvent = async (): Promise<{ event: string; data: string }> => {
      for (;;) {
        const cut = buffer.indexOf('\n\n');
        if (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data !== undefined) return { event, data };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += new TextDecoder().decode(value);
      }
    };
    const endpoint = await nextEvent();
    expect(endpoint.event).toBe('endpoint');
    expect(endpoint.data).toMatch(/^\/messages\?sessionId=/);
    const post = (body: unknown) =>
      fetch(service.url + endpoint.data, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKENS.viewer}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(
      (
        await post({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'old', version: '1' } },
        })
      ).status,
    ).toBe(202);
    const init = await nextEvent();
    expect(init.event).toBe('message');
    expect(JSON.parse(init.data).result.serverInfo.name).toBe('incident-pilot');
    await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await post({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'echo', arguments: { text: 'old client' } },
    });
    const call = JSON.parse((await nextEvent()).data);
    expect(call.id).toBe(2);
    expect(call.result.content[0].text).toMatch(/^echo old client/);
    // Someone else's token cannot post into this session.
    const foreign = await fetch(service.url + endpoint.data, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.operator}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    controller.abort();
  });
});
