// The service's traces through the OpenTelemetry SDK, received by a fake OTLP/HTTP collector on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken } from '../../src/service/auth.js';
import { loadServiceConfig } from '../../src/service/config.js';
import { startService, type RunningService } from '../../src/service/service.js';
import type { ToolBackend } from '../../src/service/supervisor.js';
import { createTracer, noopTracer, parseTraceparent, tracesUrlOf } from '../../src/service/tracing.js';
import { startLoopback, type Loopback } from '../fakes/loopback.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
  status: { code?: number; message?: string };
}

let collector: Loopback;
afterEach(() => collector?.close());

async function startCollector(): Promise<Loopback> {
  collector = await startLoopback((req) =>
    req.method === 'POST' && req.path === '/v1/traces'
      ? { json: { partialSuccess: {} } }
      : { status: 404, text: 'no such path' },
  );
  return collector;
}

const posts = () => collector.requests.filter((r) => r.path === '/v1/traces').map((r) => JSON.parse(r.body));
const spansOf = (bodies: any[]): OtlpSpan[] =>
  bodies.flatMap((b) => b.resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans)));
/** OTLP JSON attribute values, unwrapped: {stringValue: 'x'} -> 'x', {intValue: 3} -> 3. */
const attrs = (s: OtlpSpan) => Object.fromEntries(s.attributes.map((a) => [a.key, Object.values(a.value)[0]]));

describe('createTracer', () => {
  it('posts finished spans as OTLP JSON to <endpoint>/v1/traces, joined to the incoming trace', async () => {
    await startCollector();
    const tracer = createTracer(`${collector.url}/`, () => {});
    const parent = parseTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const span = tracer.startSpan('tools/call search_logs', { 'mcp.tool': 'search_logs' }, parent);
    span.end({ 'mcp.ok': false }, 'bad regex');
    await tracer.close();
    const bodies = posts();
    expect(bodies.length).toBeGreaterThan(0);
    expect(collector.requests[0].headers['content-type']).toMatch(/application\/json/);
    const [s] = spansOf(bodies);
    expect(s).toMatchObject({
      name: 'tools/call search_logs',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      parentSpanId: 'b7ad6b7169203331',
      spanId: span.spanId,
      status: { code: 2, message: 'bad regex' },
    });
    expect(attrs(s)).toMatchObject({ 'mcp.tool': 'search_logs', 'mcp.ok': false });
    const resource = Object.fromEntries(
      bodies[0].resourceSpans[0].resource.attributes.map((a: any) => [a.key, a.value.stringValue]),
    );
    expect(resource['service.name']).toBe('incident-pilot');
  });

  it('withSpan makes a span the parent of the spans started inside it, across awaits', async () => {
    await startCollector();
    const tracer = createTracer(collector.url, () => {});
    const outer = tracer.startSpan('investigation', {}, undefined, { kind: 'internal' });
    await tracer.withSpan(outer, async () => {
      await new Promise((r) => setTimeout(r, 5));
      tracer.startSpan('tools/call get_metrics', {}, undefined, { kind: 'internal', startTime: Date.now() - 50 }).end();
    });
    tracer.startSpan('unrelated').end();
    outer.end();
    await tracer.close();
    const spans = spansOf(posts());
    const child = spans.find((s) => s.name === 'tools/call get_metrics');
    expect(child).toMatchObject({ traceId: outer.traceId, parentSpanId: outer.spanId, kind: 1 });
    expect(spans.find((s) => s.name === 'unrelated')?.traceId).not.toBe(outer.traceId);
  });

  it('reports a collector that refuses the spans without throwing, and is a no-op without an endpoint', async () => {
    await startCollector();
    collector.failNext(5, { status: 400, text: 'bad payload' });
    const errors: string[] = [];
    const tracer = createTracer(collector.url, (m) => errors.push(m));
    tracer.startSpan('x').end();
    await tracer.close();
    expect(errors[0]).toMatch(
      new RegExp(`^OTLP export to ${tracesUrlOf(collector.url).replace(/[/.]/g, '\\$&')}: HTTP 400 Bad Request$`),
    );
    expect(errors).toHaveLength(1);
    expect(createTracer(undefined, () => {})).toBe(noopTracer);
    expect(parseTraceparent('garbage')).toBeUndefined();
  });

  it("reports an unreachable collector (after the exporter's retries) without throwing", async () => {
    const errors: string[] = [];
    const tracer = createTracer('http://127.0.0.1:9', (m) => errors.push(m));
    tracer.startSpan('x').end();
    await tracer.close();
    expect(errors).toEqual([
      expect.stringMatching(/^OTLP export to http:\/\/127\.0\.0\.1:9\/v1\/traces: .*ECONNREFUSED/),
    ]);
  }, 15_000);
});

describe('service traces of an investigation', () => {
  let service: RunningService | undefined;
  afterEach(async () => {
    await service?.shutdown('test');
    service = undefined;
  });

  it('an investigation is one span; its tool calls and the HTTP request that started it are spans too', async () => {
    await startCollector();
    const dir = mkdtempSync(join(tmpdir(), 'ip-tracing-'));
    const token = 'operator-token-1234';
    // OTEL_EXPORTER_OTLP_ENDPOINT, the standard variable, is the service's knob.
    const env = {
      INCIDENT_PILOT_TOKENS: `${token}:operator`,
      INCIDENT_PILOT_AUDIT_LOG: join(dir, 'audit.jsonl'),
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    };
    const config = loadServiceConfig({ host: '127.0.0.1', port: 0, db: join(dir, 'db.sqlite') }, env, hashToken);
    const calls: string[] = [];
    const backend: ToolBackend = {
      tools: () => [
        { server: 'logs', tool: { name: 'log_patterns', inputSchema: { type: 'object' } } },
        { server: 'metrics', tool: { name: 'get_metrics', inputSchema: { type: 'object' } } },
      ],
      call: async (server, tool) => {
        calls.push(tool);
        return { content: [{ type: 'text', text: `${server} backend down` }], isError: true };
      },
      status: () => [],
      checkReady: async () => [],
      stop: async () => {},
    };
    const devNull = { write: () => true } as unknown as NodeJS.WritableStream;
    service = await startService({ config, source: { env: {} }, backend, logDestination: devNull });
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    };
    const created = await fetch(`${service.url}/api/investigations`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ incident: 'checkout errors since 14:00', llm: 'engine' }),
    });
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    let status = 'queued';
    for (let i = 0; i < 200 && !['done', 'failed'].includes(status); i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (
        (await (await fetch(`${service.url}/api/investigations/${id}`, { headers })).json()) as { status: string }
      ).status;
    }
    expect(['done', 'failed']).toContain(status);
    await service.shutdown('test');
    service = undefined;

    const spans = spansOf(posts());
    const run = spans.find((s) => s.name === 'investigation');
    expect(run).toBeDefined();
    expect(attrs(run!)).toMatchObject({
      'investigation.id': id,
      'investigation.analyst': 'engine',
      'investigation.status': status,
    });
    expect(calls).toEqual(expect.arrayContaining(['log_patterns', 'get_metrics']));
    const toolSpans = spans.filter((s) => s.name.startsWith('tools/call '));
    expect(toolSpans.map((s) => s.name).sort()).toEqual(calls.map((c) => `tools/call ${c}`).sort());
    const logs = toolSpans.find((s) => s.name === 'tools/call log_patterns')!;
    expect(logs).toMatchObject({ status: { code: 2, message: 'logs backend down' } });
    expect(attrs(logs)).toMatchObject({ 'mcp.server': 'logs', 'mcp.tool': 'log_patterns', 'mcp.ok': false });
    for (const t of toolSpans) expect(t).toMatchObject({ traceId: run!.traceId, parentSpanId: run!.spanId });
    const post = spans.find((s) => s.name === 'HTTP POST');
    expect(post).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: '00f067aa0ba902b7' });
    expect(attrs(post!)).toMatchObject({
      'http.route': expect.stringContaining('investigations'),
      'http.status_code': 202,
    });
  }, 30_000);
});
