// get_anomalies maps change points (from an injected, deterministic detector) to anomalies.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangePoint } from '../../../src/analysis/changepoints.js';
import { detectChanges } from '../../../src/analysis/changepoints.js';
import { openFileMetricsBackend } from '../../../src/servers/metrics/backends/file.js';
import { createMetricsTools } from '../../../src/servers/metrics/tools.js';
import { metricsServer } from '../../../src/servers/metrics/index.js';
import { connectTools, type ToolClient } from '../../helpers/mcp-pair.js';
import { matrix, step, T0, writeMetricsDir } from './fixtures.js';
import { scenario } from '../../helpers/paths.js';

interface Anomaly {
  metric: string;
  service: string | null;
  kind: string;
  direction: string;
  start: string;
  end: string | null;
  before: number;
  after: number;
  score: number;
  ratio: number;
}

const iso = (sec: number) => new Date(sec * 1000).toISOString().replace('.000Z', 'Z');

/** A fake detector: a step wherever the value changes, scored by the size of the jump. */
function fakeDetect(values: readonly number[]): ChangePoint[] {
  const out: ChangePoint[] = [];
  for (let i = 1; i < values.length; i++) {
    if (values[i] === values[i - 1]) continue;
    const diff = values[i] - values[i - 1];
    out.push({
      index: i,
      endIndex: values.length - 1 > i + 2 ? i + 2 : null,
      kind: 'step',
      direction: diff > 0 ? 'up' : 'down',
      before: values[i - 1],
      after: values[i],
      score: Math.abs(diff),
    });
  }
  return out;
}

describe('get_anomalies with an injected detector', () => {
  let dir: string;
  let tools: ToolClient;
  beforeAll(async () => {
    dir = writeMetricsDir({
      'm.json': matrix([
        { metric: { __name__: 'errors_ratio', service: 'api' }, values: step(20, 10, 2, 10) }, // +8 at index 10
        { metric: { __name__: 'queue_depth', service: 'worker' }, values: step(20, 5, 0, 8) }, // +8 at index 5 (earlier)
        { metric: { __name__: 'cpu', service: 'api' }, values: step(20, 15, 5, 3) }, // -2: below min_score
      ]),
    });
    const backend = await openFileMetricsBackend(join(dir, 'metrics'));
    tools = await connectTools('metrics', createMetricsTools(backend, { detect: fakeDetect }));
  });
  afterAll(async () => {
    await tools.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('maps indexes to times, computes ratios, filters by min_score and ranks by score then start', async () => {
    const res = await tools.call('get_anomalies', { min_score: 4 });
    expect(res.isError).toBe(false);
    expect(res.structured.seriesScanned).toBe(3);
    const anomalies = res.structured.anomalies as Anomaly[];
    expect(anomalies).toEqual([
      {
        metric: 'queue_depth',
        labels: { service: 'worker' },
        service: 'worker',
        kind: 'step',
        direction: 'up',
        start: iso(T0 + 5 * 60),
        end: iso(T0 + 7 * 60),
        before: 0,
        after: 8,
        score: 8,
        ratio: 1e6,
      },
      {
        metric: 'errors_ratio',
        labels: { service: 'api' },
        service: 'api',
        kind: 'step',
        direction: 'up',
        start: iso(T0 + 10 * 60),
        end: iso(T0 + 12 * 60),
        before: 2,
        after: 10,
        score: 8,
        ratio: 5,
      },
    ]);
  });

  it('filters by service and limit, and explains an empty result', async () => {
    const api = await tools.call('get_anomalies', { service: 'api', min_score: 1, limit: 1 });
    expect((api.structured.anomalies as Anomaly[]).map((a) => a.metric)).toEqual(['errors_ratio']);
    expect(api.structured.seriesScanned).toBe(2);
    const none = await tools.call('get_anomalies', { min_score: 100 });
    expect(none.structured.anomalies).toEqual([]);
    expect(none.structured.note).toMatch(/min_score/);
  });
});

const realDetectorMissing =
  detectChanges([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]).length === 0;

describe('get_anomalies with the real detector on a scenario', () => {
  it.skipIf(realDetectorMissing)(
    'finds the error-ratio step of the failing service among the top anomalies',
    async () => {
      const instance = await metricsServer.create({ dataDir: scenario('checkout-db-pool'), env: {} });
      const tools = await connectTools('metrics', instance.tools);
      const res = await tools.call('get_anomalies', { name: 'http_error_ratio' });
      const anomalies = res.structured.anomalies as Anomaly[];
      const top = anomalies.find((a) => a.service === 'checkout-api');
      expect(top).toMatchObject({ direction: 'up' });
      expect(Date.parse(top!.start)).toBeGreaterThanOrEqual(Date.parse('2025-01-15T14:35:00Z'));
      expect(Date.parse(top!.start)).toBeLessThanOrEqual(Date.parse('2025-01-15T14:55:00Z'));
      await tools.close();
      await instance.close();
    },
  );
});
