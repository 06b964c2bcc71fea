// Tempo and Jaeger backends against loopback fakes that answer the real paths and shapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTempo } from '../../fakes/tempo.js';
import { startFakeJaeger } from '../../fakes/jaeger.js';
import type { FakeServer } from '../../fakes/tempo.js';
import { createTracesBackend } from '../../../src/servers/traces/factory.js';
import { createTracesTools } from '../../../src/servers/traces/tools.js';
import { buildTraceQL } from '../../../src/servers/traces/backends/tempo.js';
import { connectTools } from '../../helpers/mcp-pair.js';
import { FAILING_TRACE, T0, incidentSpans, latencySpans } from './fixture.js';

const noLogs = { open: async () => null, close: async () => {} };

const spans = [...incidentSpans, ...latencySpans()];
const window = { since: new Date(T0 - 60_000).toISOString(), until: new Date(T0 + 600_000).toISOString() };
const fast = { retries: 2, backoffMs: 5, timeoutMs: 5000 };

describe('TraceQL', () => {
  it('is built from the tool filters, with quotes escaped', () => {
    expect(
      buildTraceQL({ service: 'pay"ments', minDurationMs: 500, status: 'error', tags: { 'http.status_code': '504' } }),
    ).toBe(
      '{ resource.service.name = "pay\\"ments" && duration >= 500ms && status = error && .http.status_code = "504" }',
    );
    expect(buildTraceQL({})).toBe('{ }');
  });
});

describe('Tempo backend', () => {
  let tempo: FakeServer;
  beforeAll(async () => {
    tempo = await startFakeTempo({ spans, user: 'reader', password: 's3cret-pw' });
  });
  afterAll(() => tempo.close());
  const env = () => ({
    TEMPO_URL: tempo.url,
    TEMPO_AUTH_USER: 'reader',
    TEMPO_AUTH_PASSWORD: 's3cret-pw',
    TEMPO_TENANT: 'team-a',
  });

  it('searches with TraceQL, basic auth and the tenant header', async () => {
    const tc = await connectTools(
      'traces',
      createTracesTools({ backend: createTracesBackend({ env: env() }, fast), source: { env: env() }, logs: noLogs }),
    );
    const r = await tc.call('search_traces', { service_name: 'payments', status: 'error', ...window });
    await tc.close();
    expect(r.isError).toBe(false);
    expect(r.structured.query).toBe('{ resource.service.name = "payments" && status = error }');
    expect((r.structured.traces as Array<Record<string, unknown>>).map((t) => [t.traceId, t.rootService])).toEqual([
      [FAILING_TRACE, 'web'],
    ]);
    const req = tempo.requests.find((q) => q.path === '/api/search');
    expect(req?.query.q).toBe('{ resource.service.name = "payments" && status = error }');
    expect(Number(req?.query.start)).toBe(Math.floor((T0 - 60_000) / 1000));
    expect(req?.headers['x-scope-orgid']).toBe('team-a');
  });

  it('reads a trace by id (base64 ids in the answer become hex) and finds the deepest error', async () => {
    const tc = await connectTools(
      'traces',
      createTracesTools({ backend: createTracesBackend({ env: env() }, fast), source: { env: env() }, logs: noLogs }),
    );
    const r = await tc.call('get_trace_details', { trace_id: FAILING_TRACE });
    const missing = await tc.call('get_trace_details', { trace_id: '12'.repeat(16) });
    await tc.close();
    expect(r.structured.traceId).toBe(FAILING_TRACE);
    expect((r.structured.deepestError as Record<string, unknown>).spanId).toBe('a3'.repeat(8));
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/not found in tempo/);
  });

  it('names TEMPO_AUTH_USER on 401 and never shows the password', async () => {
    const bad = { TEMPO_URL: tempo.url, TEMPO_AUTH_USER: 'reader', TEMPO_AUTH_PASSWORD: 'wrong-pw' };
    const tc = await connectTools(
      'traces',
      createTracesTools({ backend: createTracesBackend({ env: bad }, fast), source: { env: bad }, logs: noLogs }),
    );
    const r = await tc.call('search_traces', {});
    const envCheck = await tc.call('check_traces_environment', {});
    await tc.close();
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/401 Unauthorized/);
    expect(r.text).toMatch(/TEMPO_AUTH_USER/);
    expect(r.text).not.toMatch(/wrong-pw/);
    expect(envCheck.structured).toMatchObject({ backend: 'tempo', reachable: true, authenticated: false });
  });

  it('retries 503 answers with backoff, and reports the version in check_traces_environment', async () => {
    const flaky = await startFakeTempo({ spans, failFirst: 2 });
    try {
      const e = { TEMPO_URL: flaky.url };
      const tc = await connectTools(
        'traces',
        createTracesTools({ backend: createTracesBackend({ env: e }, fast), source: { env: e }, logs: noLogs }),
      );
      const r = await tc.call('search_traces', { service_name: 'web', ...window });
      const envCheck = await tc.call('check_traces_environment', {});
      await tc.close();
      expect(r.isError).toBe(false);
      expect(flaky.requests.filter((q) => q.path === '/api/search')).toHaveLength(3);
      expect(envCheck.structured).toMatchObject({ reachable: true, version: '2.6.1' });
    } finally {
      await flaky.close();
    }
  });

  it('gives a clear unavailable error when the retries run out', async () => {
    const down = await startFakeTempo({ spans, failFirst: 100 });
    try {
      const e = { TEMPO_URL: down.url };
      const tc = await connectTools(
        'traces',
        createTracesTools({ backend: createTracesBackend({ env: e }, fast), source: { env: e }, logs: noLogs }),
      );
      const r = await tc.call('search_traces', {});
      await tc.close();
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/^Tempo at http:\/\/127\.0\.0\.1:\d+: HTTP 503.*\(check that Tempo is healthy\)$/);
      expect(down.requests.length).toBe(3);
    } finally {
      await down.close();
    }
  });

  it('computes service metrics from a sample of traces', async () => {
    const tc = await connectTools(
      'traces',
      createTracesTools({ backend: createTracesBackend({ env: env() }, fast), source: { env: env() }, logs: noLogs }),
    );
    const r = await tc.call('get_service_metrics', { service_name: 'payments', ...window });
    await tc.close();
    expect(r.structured.sampled).toBe(true);
    expect(r.structured.services).toEqual([
      expect.objectContaining({ service: 'payments', requests: 1, errorPct: 100 }),
    ]);
  });
});

describe('Jaeger backend', () => {
  let jaeger: FakeServer;
  beforeAll(async () => {
    jaeger = await startFakeJaeger(spans);
  });
  afterAll(() => jaeger.close());

  it('searches one service with the error tag and minDuration, and reads a trace by id', async () => {
    const e = { JAEGER_URL: jaeger.url };
    const tc = await connectTools(
      'traces',
      createTracesTools({ backend: createTracesBackend({ env: e }, fast), source: { env: e }, logs: noLogs }),
    );
    const r = await tc.call('search_traces', {
      service_name: 'payments',
      status: 'error',
      min_duration: '100ms',
      ...window,
    });
    const d = await tc.call('get_trace_details', { trace_id: FAILING_TRACE });
    const missing = await tc.call('get_trace_details', { trace_id: '12'.repeat(16) });
    await tc.close();
    expect((r.structured.traces as Array<{ traceId: string }>).map((t) => t.traceId)).toEqual([FAILING_TRACE]);
    const req = jaeger.requests.find((q) => q.path === '/api/traces');
    expect(req?.query).toMatchObject({
      service: 'payments',
      minDuration: '100ms',
      tags: '{"error":"true"}',
      start: String((T0 - 60_000) * 1000),
    });
    expect(d.structured.deepestError).toMatchObject({
      service: 'payments',
      name: 'charge',
      errorMessage: 'gateway timeout after 600ms',
    });
    expect(d.structured.services).toEqual(['web', 'orders', 'payments']);
    expect(missing.isError).toBe(true);
  });

  it('asks every service when no service is given', async () => {
    const e = { JAEGER_URL: jaeger.url };
    const tc = await connectTools(
      'traces',
      createTracesTools({ backend: createTracesBackend({ env: e }, fast), source: { env: e }, logs: noLogs }),
    );
    const before = jaeger.requests.length;
    const r = await tc.call('search_traces', { status: 'error', ...window, limit: 50 });
    await tc.close();
    const asked = jaeger.requests
      .slice(before)
      .filter((q) => q.path === '/api/traces')
      .map((q) => q.query.service)
      .sort();
    expect(asked).toEqual(['catalog', 'orders', 'payments', 'search', 'web']);
    expect(r.structured.returned).toBe(11);
  });
});
