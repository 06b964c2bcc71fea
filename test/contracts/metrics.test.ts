// One metrics contract run against the metrics backends reachable without a daemon (files, Datadog via its fake): the
// same get_metrics / get_error_rates / get_anomalies results on the same scenario. Prometheus runs for real in
// test/e2e/prometheus.test.ts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyTool } from '../../src/mcp/tool.js';
import type { MetricsBackend } from '../../src/servers/metrics/backend.js';
import { createMetricsBackend, createMetricsServerTools } from '../../src/servers/metrics/index.js';
import { startDatadogFake } from '../fakes/datadog.js';
import type { Loopback } from '../fakes/loopback.js';
import { loadSeries } from '../fakes/scenario-data.js';
import { SHARED_SCENARIOS } from '../e2e/helpers.js';

const DATA = join(SHARED_SCENARIOS, 'checkout-db-pool');
const WINDOW = { since: '2025-01-15T12:30:00Z', until: '2025-01-15T16:00:00Z' };

const CASES = [
  { name: 'file', datadog: false },
  { name: 'datadog', datadog: true },
];

function tool(tools: AnyTool[], name: string): AnyTool {
  const t = tools.find((x) => x.name === name);
  if (!t) throw new Error(`no tool ${name}`);
  return t;
}

const baseline = new Map<string, unknown>();

describe.each(CASES)('metrics contract: $name', (c) => {
  let fake: Loopback | undefined;
  let backend: MetricsBackend;
  let tools: AnyTool[];

  beforeAll(async () => {
    fake = c.datadog
      ? await startDatadogFake(
          { series: await loadSeries(DATA), deployments: [] },
          { apiKey: 'dd-api-1234', appKey: 'dd-app-5678' },
        )
      : undefined;
    const opts = c.datadog
      ? { env: { DD_API_KEY: 'dd-api-1234', DD_APP_KEY: 'dd-app-5678', DD_API_URL: fake!.url } }
      : { dataDir: DATA, env: {} };
    backend = await createMetricsBackend(opts, { retries: 1, backoffMs: 10 });
    tools = createMetricsServerTools(backend, opts);
  }, 60_000);

  afterAll(async () => {
    await backend.close();
    await fake?.close();
  });

  const same = (key: string, value: unknown) => {
    if (c.name === 'file') baseline.set(key, value);
    else expect(value).toEqual(baseline.get(key));
  };

  it('get_metrics gives the same stats per service', async () => {
    const r = (await tool(tools, 'get_metrics').run({ name: 'http_error_ratio', ...WINDOW }, {})) as {
      series: Array<{ service: string | null; stats: unknown; pointCount: number }>;
    };
    expect(r.series.length).toBeGreaterThan(1);
    same('metrics', r.series.map((s) => [s.service, s.stats, s.pointCount]).sort());
  });

  it('get_error_rates finds the same convention and rows', async () => {
    const r = (await tool(tools, 'get_error_rates').run({ ...WINDOW }, {})) as {
      convention: string;
      splitAt: string;
      services: Array<{ service: string; before: number; after: number }>;
    };
    expect(r.services[0].service).toBe('checkout-api');
    same('rates', [r.convention, r.splitAt, r.services.map((s) => [s.service, s.before, s.after])]);
  });

  it('get_anomalies ranks the same changes', async () => {
    const r = (await tool(tools, 'get_anomalies').run({ name: 'db_pool_waiting_requests', ...WINDOW }, {})) as {
      anomalies: Array<{ metric: string; start: string; kind: string; score: number }>;
    };
    same(
      'anomalies',
      r.anomalies.map((a) => [a.metric, a.start, a.kind, a.score]),
    );
  });

  it('only Prometheus offers query_prometheus; check_<server>_environment names the backend', async () => {
    expect(tools.some((t) => t.name === 'query_prometheus')).toBe(false);
    const r = (await tool(tools, 'check_metrics_environment').run({}, {})) as { backend: string; reachable: boolean };
    expect(r.backend).toBe(c.name);
    expect(r.reachable).toBe(true);
  });
});
