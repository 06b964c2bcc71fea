// Slow and greedy clients against the app over real loopback sockets: a trickled body or trickled headers are
// cut off by the request and headers timeouts, connections past the cap are dropped, and a long-lived event
// stream is not cut by either timeout.
import { connect, type Socket } from 'node:net';
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
  const dir = tempDir('ip-slow-');
  const config = loadServiceConfig(
    { host: '127.0.0.1', port: 0, db: `${dir}/db.sqlite` },
    { INCIDENT_PILOT_TOKENS: TOKENS_ENV, INCIDENT_PILOT_RATE_LIMIT: '0', ...env },
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

interface Trickler {
  socket: Socket;
  /** ms from connect to the server closing the connection; undefined while open. */
  closedAfter?: number;
  received: string;
}

/** Connects and sends `head` at once, then one byte of `drip` every `everyMs` until closed. */
function trickle(url: string, head: string, drip: string, everyMs: number): Promise<Trickler> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), hostname, () => {
      const t: Trickler = { socket, received: '' };
      socket.on('data', (c: Buffer) => (t.received += c.toString('utf8')));
      socket.on('close', () => {
        t.closedAfter = Date.now() - started;
        clearInterval(timer);
      });
      socket.write(head);
      let i = 0;
      const timer = setInterval(() => {
        if (!socket.destroyed) socket.write(drip[i++ % drip.length]);
      }, everyMs);
      resolve(t);
    });
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('request and headers timeouts', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startWith({ INCIDENT_PILOT_REQUEST_TIMEOUT_MS: '1500', INCIDENT_PILOT_HEADERS_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => {
    await service?.shutdown('test');
  });

  it('cuts off connections trickling a body after the request timeout', async () => {
    const head = `POST /api/investigations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKENS.operator}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"incident":"`;
    const conns = await Promise.all(Array.from({ length: 30 }, () => trickle(service.url, head, 'x', 100)));
    await sleep(5000);
    const open = conns.filter((c) => c.closedAfter === undefined);
    for (const c of conns) c.socket.destroy();
    expect(open.length).toBe(0);
    expect(Math.max(...conns.map((c) => c.closedAfter!))).toBeLessThan(4500);
    expect(Math.min(...conns.map((c) => c.closedAfter!))).toBeGreaterThanOrEqual(1400);
    expect(conns[0].received).toMatch(/^HTTP\/1\.1 408/);
  }, 20_000);

  it('cuts off connections trickling headers, or sending nothing, after the headers timeout', async () => {
    const conns = await Promise.all([
      trickle(service.url, 'GET /api/investigations HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: a\r\n', 100),
      trickle(service.url, '', '', 100_000),
    ]);
    await sleep(4000);
    for (const c of conns) c.socket.destroy();
    for (const c of conns) {
      expect(c.closedAfter).toBeDefined();
      expect(c.closedAfter!).toBeLessThan(3500);
    }
  }, 20_000);

  it('keeps an event stream open past both timeouts, and it still carries messages', async () => {
    const controller = new AbortController();
    const res = await fetch(`${service.url}/sse`, {
      headers: { authorization: `Bearer ${TOKENS.viewer}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    let buffer = '';
    const readUntil = async (re: RegExp) => {
      while (!re.test(buffer)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${re}`);
        buffer += new TextDecoder().decode(value);
      }
      return re.exec(buffer)!;
    };
    const endpoint = (await readUntil(/event: endpoint\ndata: (\S+)/))[1];
    await sleep(4000);
    const post = await fetch(service.url + endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.viewer}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'old', version: '1' } },
      }),
    });
    expect(post.status).toBe(202);
    expect((await readUntil(/"serverInfo":\{"name":"incident-pilot"/))[0]).toBeTruthy();
    controller.abort();
  }, 20_000);
});

describe('connection cap', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startWith({ INCIDENT_PILOT_MAX_CONNECTIONS: '5', INCIDENT_PILOT_HEADERS_TIMEOUT_MS: '20000' });
  });
  afterAll(async () => {
    await service?.shutdown('test');
  });

  it('drops connections past the cap and takes new ones once others close', async () => {
    const idle = await Promise.all(Array.from({ length: 5 }, () => trickle(service.url, '', '', 100_000)));
    await sleep(200);
    const refused = await fetch(`${service.url}/health`).then(
      (r) => r.status,
      (err: Error) => err.message,
    );
    expect(refused).not.toBe(200);
    for (const c of idle) c.socket.destroy();
    await sleep(300);
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
  }, 20_000);
});
