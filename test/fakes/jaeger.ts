// A fake Jaeger query service on loopback: /api/services, /api/traces search, /api/traces/<id>.
import {
  groupTraces,
  listen,
  readQuery,
  sendJson,
  type FakeServer,
  type FakeSpan,
  type RecordedRequest,
} from './tempo.js';

function toJaegerTrace(traceId: string, spans: FakeSpan[]) {
  const services = [...new Set(spans.map((s) => s.service))];
  return {
    traceID: traceId,
    spans: spans.map((s) => ({
      traceID: traceId,
      spanID: s.spanId,
      operationName: s.name,
      references: s.parentSpanId ? [{ refType: 'CHILD_OF', traceID: traceId, spanID: s.parentSpanId }] : [],
      startTime: Math.round(s.startMs * 1000),
      duration: Math.round(s.durationMs * 1000),
      tags: [
        ...Object.entries(s.attributes ?? {}).map(([key, value]) => ({ key, type: 'string', value })),
        ...(s.error
          ? [
              { key: 'error', type: 'bool', value: true },
              { key: 'otel.status_description', type: 'string', value: s.error },
            ]
          : []),
        { key: 'span.kind', type: 'string', value: 'server' },
      ],
      logs: [],
      processID: `p${services.indexOf(s.service) + 1}`,
    })),
    processes: Object.fromEntries(services.map((svc, i) => [`p${i + 1}`, { serviceName: svc, tags: [] }])),
    warnings: null,
  };
}

export async function startFakeJaeger(spansIn: FakeSpan[]): Promise<FakeServer> {
  const traces = groupTraces(spansIn);
  const requests: RecordedRequest[] = [];
  const srv = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = readQuery(url);
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers });
    if (url.pathname === '/api/services') {
      const services = [...new Set(spansIn.map((s) => s.service))];
      return sendJson(res, 200, { data: services, total: services.length, limit: 0, offset: 0, errors: null });
    }
    if (url.pathname === '/api/traces') {
      if (!query.service)
        return sendJson(res, 400, { data: null, errors: [{ code: 400, msg: "parameter 'service' is required" }] });
      const start = Number(query.start ?? 0) / 1000;
      const end = Number(query.end ?? 1e16) / 1000;
      const minMs = query.minDuration ? Number(/^(\d+)ms$/.exec(query.minDuration)?.[1] ?? 0) : 0;
      const tags = query.tags ? (JSON.parse(query.tags) as Record<string, string>) : {};
      const out = [];
      for (const [id, spans] of traces) {
        const hit = spans.some(
          (s) =>
            s.service === query.service &&
            s.startMs >= start &&
            s.startMs < end &&
            (!query.operation || s.name === query.operation) &&
            s.durationMs >= minMs &&
            Object.entries(tags).every(([k, v]) => (k === 'error' ? String(!!s.error) === v : s.attributes?.[k] === v)),
        );
        if (hit) out.push(toJaegerTrace(id, spans));
      }
      return sendJson(res, 200, {
        data: out.slice(0, Number(query.limit ?? 20)),
        total: 0,
        limit: 0,
        offset: 0,
        errors: null,
      });
    }
    const byId = /^\/api\/traces\/([0-9a-f]+)$/.exec(url.pathname);
    if (byId) {
      const spans = traces.get(byId[1]);
      if (!spans)
        return sendJson(res, 404, {
          data: null,
          total: 0,
          limit: 0,
          offset: 0,
          errors: [{ code: 404, msg: 'trace not found' }],
        });
      return sendJson(res, 200, { data: [toJaegerTrace(byId[1], spans)], total: 0, limit: 0, offset: 0, errors: null });
    }
    sendJson(res, 404, { data: null, errors: [{ code: 404, msg: `no route ${url.pathname}` }] });
  });
  return { url: srv.url, requests, close: srv.close };
}
