// The traces tools over MCP on OTLP/JSON files the test writes: search, span tree, RED metrics, bad files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { tracesServer } from '../../../src/servers/traces/index.js';
import { connectTools, type ToolClient } from '../../helpers/mcp-pair.js';
import { FAILING_TRACE, HOME_TRACE, OK_TRACE, T0, writeTraceDir } from './fixture.js';

let dir: string;
let tc: ToolClient;

beforeAll(async () => {
  dir = writeTraceDir();
  const inst = await tracesServer.create({ dataDir: dir, env: {} });
  expect(inst.backend).toBe('file');
  tc = await connectTools('traces', inst.tools);
});
afterAll(async () => {
  await tc.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('traces server on files', () => {
  it('is configured by a traces/ folder and lists its tools', async () => {
    expect(tracesServer.isConfigured({ dataDir: dir, env: {} })).toBe(true);
    expect(tracesServer.isConfigured({ dataDir: '/nonexistent', env: {} })).toBe(false);
    const names = (await tc.client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual([
      'check_traces_environment',
      'correlate_logs_and_traces',
      'get_service_metrics',
      'get_trace_details',
      'search_traces',
    ]);
  });

  it('search_traces finds the failing trace by service and error status', async () => {
    const r = await tc.call('search_traces', { service_name: 'payments', status: 'error' });
    expect(r.isError).toBe(false);
    const traces = r.structured.traces as Array<Record<string, unknown>>;
    expect(traces.map((t) => t.traceId)).toEqual([FAILING_TRACE]);
    expect(traces[0]).toMatchObject({
      rootService: 'web',
      rootOperation: 'GET /checkout',
      spanCount: 4,
      errorCount: 3,
      durationMs: 800,
    });
    expect(traces[0].services).toEqual(['web', 'orders', 'payments']);
  });

  it('search_traces filters by operation, duration and tags, newest first', async () => {
    const byOp = await tc.call('search_traces', { operation: 'GET /checkout' });
    expect((byOp.structured.traces as Array<{ traceId: string }>).map((t) => t.traceId)).toEqual([
      FAILING_TRACE,
      OK_TRACE,
    ]);
    const slow = await tc.call('search_traces', { service_name: 'web', min_duration: '500ms' });
    expect((slow.structured.traces as Array<{ traceId: string }>).map((t) => t.traceId)).toEqual([FAILING_TRACE]);
    const tagged = await tc.call('search_traces', { tags: { 'http.status_code': '504' } });
    expect((tagged.structured.traces as Array<{ traceId: string }>).map((t) => t.traceId)).toEqual([FAILING_TRACE]);
    const ok = await tc.call('search_traces', { service_name: 'catalog', status: 'ok' });
    expect((ok.structured.traces as Array<{ traceId: string }>).map((t) => t.traceId)).toEqual([HOME_TRACE]);
  });

  it('search_traces says what it searched when nothing matches, and reports the broken file', async () => {
    const r = await tc.call('search_traces', { service_name: 'nosuch' });
    expect(r.structured.traces).toEqual([]);
    expect(r.structured.note).toMatch(/nosuch/);
    expect(JSON.stringify(r.structured.warnings)).toMatch(/traces\/broken\.json:1/);
  });

  it('search_traces honours limit and since/until', async () => {
    const r = await tc.call('search_traces', { service_name: 'search', limit: 5 });
    expect(r.structured.returned).toBe(5);
    expect(r.structured.truncated).toBe(true);
    const early = await tc.call('search_traces', {
      service_name: 'web',
      since: new Date(T0).toISOString(),
      until: new Date(T0 + 20_000).toISOString(),
    });
    expect((early.structured.traces as Array<{ traceId: string }>).map((t) => t.traceId)).toEqual([HOME_TRACE]);
  });

  it('get_trace_details returns the tree and the deepest error span', async () => {
    const r = await tc.call('get_trace_details', { trace_id: FAILING_TRACE.toUpperCase() });
    expect(r.isError).toBe(false);
    const s = r.structured as Record<string, any>;
    expect(s.spans.map((x: any) => [x.service, x.name, x.depth])).toEqual([
      ['web', 'GET /checkout', 0],
      ['orders', 'POST /pay', 1],
      ['payments', 'charge', 2],
      ['payments', 'SELECT card', 3],
    ]);
    expect(s.deepestError).toMatchObject({
      service: 'payments',
      name: 'charge',
      depth: 2,
      errorMessage: 'gateway timeout after 600ms',
    });
    expect(s.path.kind).toBe('error');
    expect(s.path.services).toEqual(['web', 'orders', 'payments']);
    expect(s.spans[2].attributes['http.status_code']).toBe('504');
    expect(r.text).toMatch(/deepest error: payments "charge"/);
  });

  it('get_trace_details follows the slowest chain when nothing failed, and says when a trace is unknown', async () => {
    const ok = await tc.call('get_trace_details', { trace_id: OK_TRACE });
    expect((ok.structured as any).deepestError).toBeNull();
    expect((ok.structured as any).path).toMatchObject({ kind: 'slowest', services: ['web', 'orders'] });
    const missing = await tc.call('get_trace_details', { trace_id: 'ff'.repeat(16) });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/not found/);
  });

  it('get_service_metrics computes rate, error % and nearest-rank percentiles from entry spans', async () => {
    const r = await tc.call('get_service_metrics', { service_name: 'search' });
    const [m] = r.structured.services as Array<Record<string, unknown>>;
    expect(m).toMatchObject({
      service: 'search',
      requests: 100,
      errors: 10,
      errorPct: 10,
      p50Ms: 50,
      p95Ms: 95,
      p99Ms: 99,
      maxMs: 100,
    });
    const all = await tc.call('get_service_metrics', {});
    const payments = (all.structured.services as Array<Record<string, unknown>>).find((s) => s.service === 'payments');
    // The child SELECT span is internal to payments: one request, not two.
    expect(payments).toMatchObject({ requests: 1, spans: 2, errorPct: 100 });
  });

  it('check_traces_environment names the file backend', async () => {
    const r = await tc.call('check_traces_environment', {});
    expect(r.structured).toMatchObject({ backend: 'file', reachable: true });
  });
});
