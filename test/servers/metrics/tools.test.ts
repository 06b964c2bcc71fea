// The metrics tools through a real MCP client, on the public scenarios read in place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findServer } from '../../../src/servers/registry.js';
import { metricsServer } from '../../../src/servers/metrics/index.js';
import type { ServerInstance } from '../../../src/servers/types.js';
import { connectTools, type ToolClient } from '../../helpers/mcp-pair.js';
import { scenario } from '../../helpers/paths.js';

interface SeriesRow {
  name: string;
  service: string | null;
  stats: Record<string, number> | null;
  points?: Array<[number, number]>;
  pointCount: number;
}
interface Row {
  service: string;
  metric: string;
  before: number;
  after: number;
  change: number;
}

describe('metrics tools on a scenario (checkout-db-pool)', () => {
  let instance: ServerInstance;
  let tools: ToolClient;
  beforeAll(async () => {
    instance = await metricsServer.create({ dataDir: scenario('checkout-db-pool'), env: {} });
    tools = await connectTools('metrics', instance.tools);
  });
  afterAll(async () => {
    await tools.close();
    await instance.close();
  });

  it('answers to metrics and datadog, and lists its read-only tools with output schemas', async () => {
    expect(findServer('datadog')).toBe(metricsServer);
    const { tools: listed } = await tools.client.listTools();
    expect(listed.map((t) => t.name).sort()).toEqual([
      'check_metrics_environment',
      'get_anomalies',
      'get_error_rates',
      'get_metrics',
      'get_service_graph',
      'get_service_health',
    ]);
    for (const t of listed) {
      expect(t.annotations?.readOnlyHint).toBe(true);
      expect(t.outputSchema?.type).toBe('object');
    }
  });

  it('get_metrics without a name lists every series with stats and no points, over the data by default', async () => {
    const res = await tools.call('get_metrics', {});
    expect(res.isError).toBe(false);
    expect(res.structured.window).toEqual({ from: '2025-01-15T12:15:00Z', to: '2025-01-15T15:30:00.001Z' });
    const series = res.structured.series as SeriesRow[];
    expect(series).toHaveLength(22);
    expect(new Set(series.map((s) => s.name)).size).toBe(7);
    const pool = series.find((s) => s.name === 'db_pool_waiting_requests')!;
    expect(pool).toMatchObject({ service: 'checkout-api', pointCount: 196 });
    expect(pool.points).toBeUndefined();
    expect(pool.stats!.min).toBe(0);
    expect(pool.stats!.max).toBeGreaterThan(100);
  });

  it('get_metrics with a name returns points of the matching series in the window', async () => {
    const res = await tools.call('get_metrics', {
      name: 'http_error_ratio',
      service: 'checkout-api',
      since: '2025-01-15T14:00:00Z',
      until: '2025-01-15T14:10:00Z',
    });
    const [s] = res.structured.series as SeriesRow[];
    expect(res.structured.total).toBe(1);
    expect(s.points).toHaveLength(10);
    expect(s.points![0][0]).toBe(Date.parse('2025-01-15T14:00:00Z') / 1000);
    const none = await tools.call('get_metrics', { name: 'no_such_metric' });
    expect(none.structured.note).toMatch(/http_error_ratio/);
  });

  it('get_error_rates finds the error-ratio series and puts the failing service first', async () => {
    const res = await tools.call('get_error_rates', { at: '2025-01-15T14:50:00Z' });
    expect(res.isError).toBe(false);
    expect(res.structured.convention).toMatch(/http_error_ratio/);
    const rows = res.structured.services as Row[];
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ service: 'checkout-api', metric: 'http_error_ratio' });
    expect(rows[0].after).toBeGreaterThan(0.1);
    expect(rows[0].before).toBeLessThan(0.01);
    const byDefault = await tools.call('get_error_rates', {});
    expect(byDefault.isError).toBe(false);
    expect((byDefault.structured.services as Row[]).map((r) => r.service).sort()).toEqual([
      'checkout-api',
      'frontend',
      'inventory-service',
      'payment-service',
    ]);
  });

  it('reports health with what it found', async () => {
    expect((await instance.checkHealth())[0]).toMatchObject({ ok: true, detail: '7 files, 7 metrics, 22 series' });
  });
});
