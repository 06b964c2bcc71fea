// The judged checks on loopback against the real `serve` process with the sample incident's data.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  CHECKOUT,
  getJson,
  postJson,
  startServe,
  tempDir,
  TOKENS,
  TOKENS_ENV,
  waitFor,
  type Serve,
} from './helpers.js';

let serve: Serve;
let auditPath: string;

async function mcpClient(token: string, path = '/mcp'): Promise<Client> {
  const client = new Client({ name: 'e2e', version: '1.0.0' }, { capabilities: {} });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(serve.url + path), { requestInit: { headers: auth(token) } }),
  );
  return client;
}

function textOf(r: CallToolResult): string {
  return (r.content ?? []).map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

beforeAll(async () => {
  const dir = tempDir('ip-serve-');
  auditPath = `${dir}/audit.jsonl`;
  serve = await startServe(['--data', CHECKOUT, '--db', `${dir}/db.sqlite`], {
    INCIDENT_PILOT_TOKENS: TOKENS_ENV,
    INCIDENT_PILOT_AUDIT_LOG: auditPath,
    INCIDENT_PILOT_RATE_LIMIT: '100000',
  });
}, 60_000);

afterAll(async () => {
  await serve?.stop();
});

describe('serve: attacker checks', () => {
  it('answers 401 with WWW-Authenticate without a token and with a wrong one', async () => {
    for (const headers of [{}, auth('wrong-token-123456')]) {
      const res = await fetch(`${serve.url}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect((await getJson(`${serve.url}/api/investigations`, 'nope-nope-nope')).status).toBe(401);
  });

  it('refuses a foreign Origin even with a valid token', async () => {
    const res = await fetch(`${serve.url}/api/investigations`, {
      headers: { ...auth(TOKENS.viewer), origin: 'http://evil.example.com' },
    });
    expect(res.status).toBe(403);
    const ok = await fetch(`${serve.url}/api/investigations`, {
      headers: { ...auth(TOKENS.viewer), origin: 'http://localhost:3000' },
    });
    expect(ok.status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL(`${serve.url}/api/investigations`);
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          headers: { ...auth(TOKENS.viewer), host: 'attacker.example.com' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('403s a viewer who starts an investigation', async () => {
    expect((await postJson(`${serve.url}/api/investigations`, { incident: 'x' }, TOKENS.viewer)).status).toBe(403);
  });

  it('refuses a body over the size limit', async () => {
    const res = await postJson(`${serve.url}/api/investigations`, { incident: 'x'.repeat(1_100_000) }, TOKENS.operator);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/limit/);
  });
});

describe('serve: MCP over Streamable HTTP', () => {
  it('lets a viewer list and call read-only tools', async () => {
    const client = await mcpClient(TOKENS.viewer);
    try {
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['search_logs', 'get_deployments', 'get_metrics']));
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
      const res = (await client.callTool({ name: 'get_deployments', arguments: {} })) as CallToolResult;
      expect(res.isError).toBeFalsy();
      expect(textOf(res)).toMatch(/v2\.4\.1/);
    } finally {
      await client.close();
    }
  });

  it('serves one server at /mcp/<server>', async () => {
    const client = await mcpClient(TOKENS.viewer, '/mcp/git');
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('get_deployments');
      expect(names).not.toContain('search_logs');
    } finally {
      await client.close();
    }
    expect(
      (
        await postJson(
          `${serve.url}/mcp/nosuch`,
          { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} },
          TOKENS.viewer,
        )
      ).status,
    ).toBe(404);
  });

  it('answers a catastrophic regex in search_logs within 2 s', async () => {
    const client = await mcpClient(TOKENS.viewer);
    try {
      const started = Date.now();
      const res = (await client.callTool({ name: 'search_logs', arguments: { pattern: '(a+)+$' } })) as CallToolResult;
      expect(Date.now() - started).toBeLessThan(2000);
      expect(textOf(res).length).toBeGreaterThan(0);
      // The gateway still serves the next call.
      const next = (await client.callTool({ name: 'get_deployments', arguments: {} })) as CallToolResult;
      expect(next.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });

  it('reads nothing outside the data for path-traversal arguments', async () => {
    const client = await mcpClient(TOKENS.viewer);
    try {
      const attempts: Array<[string, Record<string, unknown>]> = [
        ['read_logs', { service: '../../../../../../etc/passwd' }],
        ['search_logs', { pattern: 'root', service: '../../../../etc/passwd' }],
        ['get_metrics', { name: '../../../../etc/passwd' }],
        ['get_commit', { sha: '../../../../etc/passwd' }],
        ['read_logs', { service: '/etc/passwd' }],
      ];
      for (const [name, args] of attempts) {
        const res = (await client.callTool({ name, arguments: args })) as CallToolResult;
        expect(res.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
        expect(JSON.stringify(res)).not.toMatch(/root:.*:0:0:/);
      }
    } finally {
      await client.close();
    }
  });

  it('shows tool-call series on /metrics and writes the audit log', async () => {
    const text = await (await fetch(`${serve.url}/metrics`)).text();
    expect(text).toMatch(/incident_pilot_tool_calls_total\{server="git",tool="get_deployments",outcome="ok"\} \d+/);
    expect(text).toMatch(/incident_pilot_tool_calls_total\{[^}]*outcome="denied"\}/);
    expect(text).toMatch(/incident_pilot_tool_call_duration_seconds_bucket/);
    expect(text).toMatch(/incident_pilot_mcp_sessions_active/);
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(auditPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.some((l) => l.tool === 'get_deployments' && l.caller.startsWith('token:'))).toBe(true);
    expect(readFileSync(auditPath, 'utf8')).not.toContain(TOKENS.viewer);
  });

  it('never logs a token', () => {
    expect(serve.stderr()).not.toContain(TOKENS.viewer);
    expect(serve.stderr()).toMatch(/"requestId"/);
  });
});

describe('serve: investigations', () => {
  it('runs an investigation to a report with the deployment, and streams tool-call events', async () => {
    const started = await postJson(
      `${serve.url}/api/investigations`,
      { incident: '500 errors on the checkout API' },
      TOKENS.operator,
    );
    expect(started.status).toBe(202);
    const id = started.body.id as string;
    // Followed from the start: these events arrive live, as the run makes them.
    const live = fetch(`${serve.url}/api/investigations/${id}/events`, { headers: auth(TOKENS.viewer) }).then((r) =>
      r.text(),
    );
    const done = await waitFor(
      'the investigation to finish',
      async () => {
        const { body } = await getJson(`${serve.url}/api/investigations/${id}`, TOKENS.viewer);
        return body.status === 'done' || body.status === 'failed' ? body : undefined;
      },
      60_000,
      250,
    );
    expect(done.error).toBeNull();
    expect(done.status).toBe('done');
    expect(done.report.rootCause.deployment).toBeTruthy();
    expect(done.report.toolCalls.length).toBeGreaterThan(0);
    const list = await getJson(`${serve.url}/api/investigations`, TOKENS.viewer);
    expect(list.body.investigations.find((i: { id: string }) => i.id === id)).toMatchObject({
      status: 'done',
      culprit: expect.any(String),
      confidence: expect.any(Number),
    });

    const liveText = await live;
    expect(liveText).toMatch(/event: tool_call\ndata: .*"tool":"/);
    expect(liveText).toMatch(/event: done\ndata: .*"status":"done"/);
    // Replayed in full after the end, and from a Last-Event-ID on.
    const events = await (
      await fetch(`${serve.url}/api/investigations/${id}/events`, { headers: auth(TOKENS.viewer) })
    ).text();
    const ids = [...events.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids[0]).toBe(1);
    const tail = await (
      await fetch(`${serve.url}/api/investigations/${id}/events`, {
        headers: { ...auth(TOKENS.viewer), 'last-event-id': String(ids.length - 1) },
      })
    ).text();
    expect([...tail.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))).toEqual([ids.length]);
    expect(events).toMatch(/event: step/);
    expect(events).toMatch(/event: tool_call\ndata: .*"tool":"/);
    expect(events).toMatch(/event: tool_result/);
    expect(events).toMatch(/event: done\ndata: .*"status":"done"/);
  }, 90_000);

  it('answers 404 for an unknown investigation and 400 for a bad body', async () => {
    expect((await getJson(`${serve.url}/api/investigations/nope`, TOKENS.viewer)).status).toBe(404);
    const bad = await postJson(`${serve.url}/api/investigations`, { incident: 3 }, TOKENS.operator);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/incident/);
    expect(
      (await postJson(`${serve.url}/api/investigations`, { incident: 'x', llm: 'openai/gpt' }, TOKENS.operator)).status,
    ).toBe(400);
  });
});

describe('serve: operations', () => {
  it('reports health without auth and readiness with each backend', async () => {
    expect((await getJson(`${serve.url}/health`)).body).toEqual({ status: 'ok' });
    const ready = await getJson(`${serve.url}/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.servers.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['logs', 'git', 'metrics']),
    );
  });

  it('survives a killed server subprocess: its tools fail cleanly, then work after the restart', async () => {
    const admin = await getJson(`${serve.url}/api/admin/servers`, TOKENS.admin);
    const logs = admin.body.servers.find((s: { name: string }) => s.name === 'logs');
    expect(logs.pid).toBeGreaterThan(0);
    const client = await mcpClient(TOKENS.viewer);
    try {
      const inFlight = client.callTool({
        name: 'search_logs',
        arguments: { pattern: 'connection' },
      }) as Promise<CallToolResult>;
      process.kill(logs.pid, 'SIGKILL');
      const first = await inFlight;
      // Either the call lost the race to the kill (a clean tool error) or it finished first; never a hang or a crash.
      if (first.isError) expect(textOf(first)).toMatch(/logs server|search_logs/);
      const after = await waitFor(
        'the logs server to come back',
        async () => {
          const res = (await client.callTool({
            name: 'search_logs',
            arguments: { pattern: 'connection' },
          })) as CallToolResult;
          if (res.isError) expect(textOf(res)).toMatch(/unavailable|restart|stopped/);
          return res.isError ? undefined : res;
        },
        30_000,
        200,
      );
      expect(after.isError).toBeFalsy();
      const again = await getJson(`${serve.url}/api/admin/servers`, TOKENS.admin);
      const restarted = again.body.servers.find((s: { name: string }) => s.name === 'logs');
      expect(restarted.pid).not.toBe(logs.pid);
      expect(restarted.restarts).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  }, 60_000);
});
