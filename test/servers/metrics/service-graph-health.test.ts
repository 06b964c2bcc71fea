// get_service_graph and get_service_health through a real MCP client, on a bundle the test writes.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsServer } from '../../../src/servers/metrics/index.js';
import type { ServerInstance } from '../../../src/servers/types.js';
import type { GetServiceGraphOutput, GetServiceHealthOutput } from '../../../src/core/contracts/metrics.js';
import { connectTools, type ToolClient } from '../../helpers/mcp-pair.js';

const T0 = 1_765_000_000;
const STEP = 60;
const N = 40;
const ONSET = 30;
const times = Array.from({ length: N }, (_, i) => T0 + i * STEP);

function matrix(result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>) {
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
}
const series = (metric: Record<string, string>, f: (i: number) => number) => ({
  metric,
  values: times.map((t, i): [number, string] => [t, String(f(i))]),
});

describe('service graph and component health (metrics server)', () => {
  let dir: string;
  let instance: ServerInstance;
  let tools: ToolClient;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ip-graph-'));
    mkdirSync(join(dir, 'metrics'));
    // Tempo-style edges (cumulative counters) and an Istio edge with 5xx responses.
    writeFileSync(
      join(dir, 'metrics', 'graph.json'),
      matrix([
        series(
          {
            __name__: 'traces_service_graph_request_total',
            client: 'storefront',
            server: 'cart-api',
            connection_type: '',
          },
          (i) => 100 * i,
        ),
        series(
          {
            __name__: 'traces_service_graph_request_total',
            client: 'cart-api',
            server: 'cart-pg',
            connection_type: 'database',
          },
          (i) => 80 * i,
        ),
        series(
          {
            __name__: 'traces_service_graph_request_failed_total',
            client: 'cart-api',
            server: 'cart-pg',
            connection_type: 'database',
          },
          (i) => (i > ONSET ? 5 * (i - ONSET) : 0),
        ),
      ]),
    );
    writeFileSync(
      join(dir, 'metrics', 'istio.json'),
      matrix([
        series(
          {
            __name__: 'istio_requests_total',
            source_workload: 'storefront',
            destination_workload: 'search-api',
            response_code: '200',
          },
          (i) => 50 * i,
        ),
        series(
          {
            __name__: 'istio_requests_total',
            source_workload: 'storefront',
            destination_workload: 'search-api',
            response_code: '503',
          },
          (i) => 2 * i,
        ),
      ]),
    );
    // cart-pg slows at ONSET; cart-api's latency follows; search-api stays flat; a percent availability series.
    const wobble = (i: number) => ((i * 7) % 5) / 1000;
    writeFileSync(
      join(dir, 'metrics', 'latency.json'),
      matrix([
        series(
          { __name__: 'db_query_duration_seconds', service: 'cart-pg' },
          (i) => (i >= ONSET ? 0.4 : 0.01) + wobble(i),
        ),
        series(
          { __name__: 'http_request_duration_seconds', service: 'cart-api' },
          (i) => (i >= ONSET ? 0.48 : 0.05) + wobble(i),
        ),
        series({ __name__: 'http_request_duration_seconds', service: 'search-api' }, (i) => 0.03 + wobble(i)),
      ]),
    );
    writeFileSync(
      join(dir, 'metrics', 'availability.json'),
      matrix([
        series({ __name__: 'storefront_availability_percent', service: 'storefront' }, (i) => (i >= ONSET ? 96 : 100)),
      ]),
    );
    instance = await metricsServer.create({ dataDir: dir, env: {} });
    tools = await connectTools('metrics', instance.tools);
  });
  afterAll(async () => {
    await tools.close();
    await instance.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads edges from Tempo and Istio counters, with request increases, failures and node kinds', async () => {
    const res = await tools.call('get_service_graph', {});
    expect(res.isError).toBe(false);
    const out = res.structured as unknown as GetServiceGraphOutput;
    const edge = (c: string, s: string) => out.edges.find((e) => e.client === c && e.server === s);
    expect(edge('storefront', 'cart-api')).toMatchObject({ requests: 100 * (N - 1), failed: null });
    expect(edge('cart-api', 'cart-pg')).toMatchObject({
      requests: 80 * (N - 1),
      failed: 5 * (N - 1 - ONSET),
      kind: 'database',
    });
    expect(edge('storefront', 'search-api')).toMatchObject({
      requests: 52 * (N - 1),
      failed: 2 * (N - 1),
      source: 'istio_requests_total',
    });
    expect(out.nodes).toEqual(['cart-api', 'cart-pg', 'search-api', 'storefront']);
  });

  it('says what it looked for when there are no graph series', async () => {
    const res = await tools.call('get_service_graph', { since: String(T0 - 7200), until: String(T0 - 3600) });
    expect((res.structured as unknown as GetServiceGraphOutput).note).toMatch(/traces_service_graph_request_total/);
  });

  it('compares every component at a moment: the changed ones first, flat ones with a low z, percent read as a ratio', async () => {
    const res = await tools.call('get_service_health', { at: String(T0 + ONSET * STEP) });
    expect(res.isError).toBe(false);
    const out = res.structured as unknown as GetServiceHealthOutput;
    const byName = new Map(out.components.map((c) => [c.component, c]));
    const latency = (c: string) => byName.get(c)!.signals.find((s) => s.kind === 'latency')!;
    expect(latency('cart-pg').delta).toBeCloseTo(0.39, 2);
    expect(latency('cart-pg').z).toBeGreaterThan(20);
    expect(latency('search-api').z).toBeLessThan(4);
    const unavailable = byName.get('storefront')!.signals.find((s) => s.kind === 'errors')!;
    expect(unavailable).toMatchObject({ unit: 'ratio', label: 'unavailability' });
    expect(unavailable.current).toBeCloseTo(0.04, 5);
    expect(out.components[out.components.length - 1].component).toBe('search-api');
  });

  it('refuses a moment outside the window and a horizon that is not a duration', async () => {
    expect((await tools.call('get_service_health', { at: String(T0 - 86_400) })).text).toMatch(
      /must fall inside the window/,
    );
    expect((await tools.call('get_service_health', { at: String(T0 + ONSET * STEP), horizon: 'soon' })).text).toMatch(
      /horizon "soon" is not a duration/,
    );
  });
});
