// The real `serve` process with a server subprocess that stops answering (SIGSTOP, as a wedged event loop
// looks from outside): the supervisor's ping misses, it kills and restarts it, /metrics counts the restart
// and /ready and the tools recover.
import { Client, StreamableHTTPClientTransport, type CallToolResult } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, CHECKOUT, getJson, startServe, tempDir, TOKENS, TOKENS_ENV, waitFor, type Serve } from './helpers.js';

let serve: Serve;
let stoppedPid: number | undefined;

beforeAll(async () => {
  serve = await startServe(['--data', CHECKOUT, '--db', `${tempDir('ip-live-')}/db.sqlite`], {
    INCIDENT_PILOT_TOKENS: TOKENS_ENV,
    INCIDENT_PILOT_PING_INTERVAL_MS: '300',
    INCIDENT_PILOT_PING_TIMEOUT_MS: '500',
  });
}, 60_000);

afterAll(async () => {
  // Should the supervisor not have killed it, do not leave a stopped process behind.
  if (stoppedPid) {
    try {
      process.kill(stoppedPid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
  await serve?.stop();
});

type ServerRow = { name: string; pid: number; restarts: number; state: string; lastError?: string };

async function logsServer(): Promise<ServerRow> {
  const { body } = await getJson(`${serve.url}/api/admin/servers`, TOKENS.admin);
  return body.servers.find((s: ServerRow) => s.name === 'logs');
}

describe('serve: liveness of the server subprocesses', () => {
  it('restarts a server that stops answering, counts it in /metrics, and /ready and its tools recover', async () => {
    const before = await logsServer();
    expect(before.state).toBe('up');
    expect(before.restarts).toBe(0);
    stoppedPid = before.pid;
    process.kill(before.pid, 'SIGSTOP');

    const after = await waitFor(
      'the logs server to be restarted',
      async () => {
        const row = await logsServer();
        return row.state === 'up' && row.pid !== before.pid ? row : undefined;
      },
      20_000,
      100,
    );
    expect(after.restarts).toBe(1);
    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    expect(metrics).toMatch(/incident_pilot_server_restarts_total\{server="logs"\} 1/);
    expect(metrics).toMatch(/incident_pilot_server_up\{server="logs"\} 1/);
    expect(serve.stderr()).toMatch(/no answer to 2 pings within 500 ms/);

    const ready = await getJson(`${serve.url}/ready`);
    expect(ready.status).toBe(200);
    const client = new Client({ name: 'live', version: '1' }, { capabilities: {} });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${serve.url}/mcp`), { requestInit: { headers: auth(TOKENS.viewer) } }),
    );
    try {
      const res = (await client.callTool({
        name: 'search_logs',
        arguments: { pattern: 'connection' },
      })) as CallToolResult;
      expect(res.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  }, 60_000);
});
