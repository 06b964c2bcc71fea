// The minimal OTLP/HTTP JSON exporter: spans join the caller's trace and are posted in batches.
import { describe, expect, it } from 'vitest';
import { createTracer, noopTracer, parseTraceparent } from '../../src/service/tracing.js';

describe('createTracer', () => {
  it('posts finished spans as OTLP JSON to <endpoint>/v1/traces, joined to the incoming trace', async () => {
    const posts: Array<{ url: string; body: any }> = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      posts.push({ url, body: JSON.parse(String(init.body)) });
      return new Response('{}', { status: 200 });
    }) as unknown as typeof fetch;
    const tracer = createTracer('http://collector:4318/', () => {}, fakeFetch);
    const parent = parseTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const span = tracer.startSpan('tools/call search_logs', { 'mcp.tool': 'search_logs' }, parent);
    span.end({ 'mcp.ok': false }, 'bad regex');
    await tracer.close();
    expect(posts).toHaveLength(1);
    expect(posts[0].url).toBe('http://collector:4318/v1/traces');
    const s = posts[0].body.resourceSpans[0].scopeSpans[0].spans[0];
    expect(s).toMatchObject({ name: 'tools/call search_logs', traceId: '0af7651916cd43dd8448eb211c80319c', parentSpanId: 'b7ad6b7169203331', status: { code: 2, message: 'bad regex' } });
    expect(s.attributes).toEqual(expect.arrayContaining([{ key: 'mcp.tool', value: { stringValue: 'search_logs' } }, { key: 'mcp.ok', value: { boolValue: false } }]));
    expect(posts[0].body.resourceSpans[0].resource.attributes[0]).toEqual({ key: 'service.name', value: { stringValue: 'incident-pilot' } });
  });

  it('reports an unreachable collector without throwing, and is a no-op without an endpoint', async () => {
    const errors: string[] = [];
    const tracer = createTracer('http://127.0.0.1:9', (m) => errors.push(m), (async () => Promise.reject(new Error('ECONNREFUSED'))) as unknown as typeof fetch);
    tracer.startSpan('x').end();
    await tracer.close();
    expect(errors[0]).toMatch(/OTLP export to http:\/\/127.0.0.1:9\/v1\/traces: ECONNREFUSED/);
    expect(createTracer(undefined, () => {})).toBe(noopTracer);
    expect(parseTraceparent('garbage')).toBeUndefined();
  });
});
