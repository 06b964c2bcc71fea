// A fake Grafana Tempo on loopback: /api/search (TraceQL subset), /api/traces/<id> (OTLP batches, base64 ids),
// /api/status/buildinfo, /api/echo, basic auth, request log, optional 503s to exercise retries.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The span model the trace fakes serve, in the units tests think in. */
export interface FakeSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: string;
  name: string;
  startMs: number;
  durationMs: number;
  /** Error message; set means status error. */
  error?: string;
  attributes?: Record<string, string>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export function groupTraces(spans: FakeSpan[]): Map<string, FakeSpan[]> {
  const m = new Map<string, FakeSpan[]>();
  for (const s of spans) m.set(s.traceId, [...(m.get(s.traceId) ?? []), s]);
  return m;
}

const nanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();
const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

/** OTLP/JSON resourceSpans, one resource per service; ids hex (file exporter) or base64 (Tempo). */
export function toOtlpResourceSpans(spans: FakeSpan[], ids: 'hex' | 'base64' = 'hex') {
  const id = (x: string) => (ids === 'hex' ? x : b64(x));
  const byService = new Map<string, FakeSpan[]>();
  for (const s of spans) byService.set(s.service, [...(byService.get(s.service) ?? []), s]);
  return [...byService.entries()].map(([service, list]) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
    scopeSpans: [
      {
        scope: { name: 'fake' },
        spans: list.map((s) => ({
          traceId: id(s.traceId),
          spanId: id(s.spanId),
          ...(s.parentSpanId ? { parentSpanId: id(s.parentSpanId) } : {}),
          name: s.name,
          kind: 2,
          startTimeUnixNano: nanos(s.startMs),
          endTimeUnixNano: nanos(s.startMs + s.durationMs),
          attributes: Object.entries(s.attributes ?? {}).map(([key, v]) => ({ key, value: { stringValue: v } })),
          status: s.error ? { code: 2, message: s.error } : { code: 1 },
        })),
      },
    ],
  }));
}

/** The TraceQL subset our backend writes: service, name, duration >=, status, attributes. */
function matchesTraceQL(q: string, s: FakeSpan): boolean {
  const svc = /resource\.service\.name = "([^"]*)"/.exec(q);
  if (svc && s.service !== svc[1]) return false;
  const name = /(?:^|[\s{&])name = "([^"]*)"/.exec(q);
  if (name && s.name !== name[1]) return false;
  const dur = /duration >= (\d+)ms/.exec(q);
  if (dur && s.durationMs < Number(dur[1])) return false;
  if (/status = error/.test(q) && !s.error) return false;
  if (/status != error/.test(q) && s.error) return false;
  for (const m of q.matchAll(/(?:^|\s)\.([\w.]+) = "([^"]*)"/g)) if (s.attributes?.[m[1]] !== m[2]) return false;
  return true;
}

export function readQuery(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface FakeTempoOptions {
  spans: FakeSpan[];
  user?: string;
  password?: string;
  /** Answer 503 to this many requests first. */
  failFirst?: number;
}

export async function startFakeTempo(opts: FakeTempoOptions): Promise<FakeServer> {
  const traces = groupTraces(opts.spans);
  const requests: RecordedRequest[] = [];
  let failures = opts.failFirst ?? 0;
  const expectedAuth = opts.user
    ? `Basic ${Buffer.from(`${opts.user}:${opts.password ?? ''}`).toString('base64')}`
    : null;
  const srv = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: readQuery(url), headers: req.headers });
    if (expectedAuth && req.headers.authorization !== expectedAuth) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('Unauthorized');
      return;
    }
    if (failures > 0) {
      failures--;
      sendJson(res, 503, { error: 'try later' });
      return;
    }
    if (url.pathname === '/api/echo') {
      res.end('echo');
      return;
    }
    if (url.pathname === '/api/status/buildinfo')
      return sendJson(res, 200, { version: '2.6.1', revision: 'fake', branch: 'HEAD', goVersion: 'go1.22' });
    if (url.pathname === '/api/search') {
      const q = url.searchParams.get('q') ?? '{ }';
      const start = Number(url.searchParams.get('start') ?? 0) * 1000;
      const end = Number(url.searchParams.get('end') ?? 1e13) * 1000;
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const out = [];
      for (const [traceId, spans] of traces) {
        const root = spans.find((s) => !s.parentSpanId) ?? spans[0];
        if (root.startMs < start || root.startMs >= end) continue;
        const matched = spans.filter((s) => matchesTraceQL(q, s));
        if (!matched.length) continue;
        out.push({
          traceID: traceId,
          rootServiceName: root.service,
          rootTraceName: root.name,
          startTimeUnixNano: nanos(root.startMs),
          durationMs: Math.round(root.durationMs),
          spanSets: [
            {
              spans: matched.map((s) => ({
                spanID: s.spanId,
                startTimeUnixNano: nanos(s.startMs),
                durationNanos: nanos(s.durationMs),
                attributes: [{ key: 'service.name', value: { stringValue: s.service } }],
              })),
              matched: matched.length,
            },
          ],
        });
      }
      return sendJson(res, 200, { traces: out.slice(0, limit), metrics: { inspectedTraces: traces.size } });
    }
    const byId = /^\/api\/traces\/([0-9a-fA-F]+)$/.exec(url.pathname);
    if (byId) {
      const spans = traces.get(byId[1].toLowerCase());
      if (!spans) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('trace not found');
        return;
      }
      return sendJson(res, 200, { batches: toOtlpResourceSpans(spans, 'base64') });
    }
    sendJson(res, 404, { error: `no route ${url.pathname}` });
  });
  return { url: srv.url, requests, close: srv.close };
}
