// A loopback HTTP server for backend fakes: routes by path, records requests, injects failures and checks auth.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeReply {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export interface Loopback {
  url: string;
  requests: FakeRequest[];
  /** Answers the next n requests with this reply instead of the route (429, 500, ...). */
  failNext(n: number, reply: FakeReply): void;
  close(): Promise<void>;
}

export async function startLoopback(
  route: (req: FakeRequest) => FakeReply | Promise<FakeReply>,
  opts: { authorized?: (req: FakeRequest) => boolean; headers?: Record<string, string> } = {},
): Promise<Loopback> {
  const requests: FakeRequest[] = [];
  const failures: FakeReply[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const fr: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
      };
      requests.push(fr);
      let reply: FakeReply;
      try {
        reply =
          failures.shift() ??
          (opts.authorized && !opts.authorized(fr)
            ? { status: 401, json: { message: 'unauthorized' } }
            : await route(fr));
      } catch (err) {
        reply = { status: 500, text: (err as Error).message };
      }
      const headers: Record<string, string> = { ...opts.headers, ...reply.headers };
      if (reply.json !== undefined) headers['content-type'] ??= 'application/json';
      res.writeHead(reply.status ?? 200, headers);
      res.end(reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? ''));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (n, reply) => {
      for (let i = 0; i < n; i++) failures.push(reply);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
