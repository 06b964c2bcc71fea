// get_error_rates: conventions for finding error series, the split time, and before/after rows.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChangePoint } from '../../../src/analysis/changepoints.js';
import type { Detector } from '../../../src/servers/metrics/anomalies.js';
import { openFileMetricsBackend } from '../../../src/servers/metrics/backends/file.js';
import { createMetricsTools } from '../../../src/servers/metrics/tools.js';
import { connectTools } from '../../helpers/mcp-pair.js';
import { matrix, step, T0, writeMetricsDir } from './fixtures.js';

interface Row {
  service: string;
  metric: string;
  before: number;
  after: number;
  peak: number;
  peakAt: string | null;
  change: number;
}

const iso = (sec: number) => new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Cumulative counter whose per-minute increase is `perMinute[i]`. */
const counter = (perMinute: number[]) =>
  perMinute.reduce<number[]>((acc, v) => [...acc, (acc[acc.length - 1] ?? 0) + v], []);
const noDetector = (): ChangePoint[] => [];
/** Reports the first rise in a series as a step, like a real detector would on an obvious step. */
const firstRise = (values: readonly number[]): ChangePoint[] => {
  const i = values.findIndex((v, k) => k > 0 && v > values[k - 1] * 2 + 1e-9);
  return i < 0
    ? []
    : [{ index: i, endIndex: null, kind: 'step', direction: 'up', before: values[i - 1], after: values[i], score: 50 }];
};

async function errorRates(files: Record<string, string>, args: Record<string, unknown>, detect: Detector = noDetector) {
  const dir = writeMetricsDir(files);
  dirs.push(dir);
  const backend = await openFileMetricsBackend(join(dir, 'metrics'));
  const tools = await connectTools('metrics', createMetricsTools(backend, { detect }));
  const res = await tools.call('get_error_rates', args);
  await tools.close();
  return res;
}

describe('get_error_rates', () => {
  it('uses error-ratio gauges (percent scaled to 0..1), splits at the largest rise and ranks by increase', async () => {
    const res = await errorRates(
      {
        'ratio.json': matrix([
          { metric: { __name__: 'http_error_ratio', service: 'api' }, values: step(20, 12, 0.01, 0.2) },
          { metric: { __name__: 'http_error_ratio', service: 'web' }, values: step(20, 8, 0.01, 0.05) },
        ]),
        'pct.json': matrix([{ metric: { __name__: 'db_error_rate_percent', app: 'db' }, values: step(20, 12, 1, 11) }]),
        'cpu.json': matrix([{ metric: { __name__: 'cpu_ratio', service: 'api' }, values: step(20, 3, 0.1, 0.9) }]),
      },
      {},
      firstRise,
    );
    expect(res.isError).toBe(false);
    expect(res.structured.splitAt).toBe(iso(T0 + 12 * 60)); // api's +0.19 beats web's +0.04 and db's +0.1
    expect(res.structured.convention).toMatch(/db_error_rate_percent, http_error_ratio/);
    const rows = res.structured.services as Row[];
    expect(rows.map((r) => r.service)).toEqual(['api', 'db', 'web']);
    expect(rows[0]).toEqual({
      service: 'api',
      metric: 'http_error_ratio',
      before: 0.01,
      after: 0.2,
      peak: 0.2,
      peakAt: iso(T0 + 12 * 60),
      change: 0.19,
    });
    expect(rows[1]).toMatchObject({ before: 0.01, after: 0.11 });
    expect(rows[2]).toMatchObject({ service: 'web', before: 0.01, after: 0.05, change: 0.04 });
  });

  it('computes the 5xx share of *_requests_total per service and honours an explicit split', async () => {
    const ok = counter(Array(20).fill(100));
    const errs = counter(step(20, 10, 0, 25));
    const res = await errorRates(
      {
        'req.json': matrix([
          { metric: { __name__: 'http_requests_total', service: 'api', status: '200' }, values: ok },
          { metric: { __name__: 'http_requests_total', service: 'api', status: '503' }, values: errs },
          { metric: { __name__: 'http_requests_total', service: 'web', code: '200' }, values: ok },
        ]),
      },
      { at: iso(T0 + 10 * 60) },
    );
    expect(res.structured.convention).toBe(
      'http_requests_total{status=~"5.."} / http_requests_total (share of 5xx responses)',
    );
    const rows = res.structured.services as Row[];
    expect(rows.map((r) => r.service)).toEqual(['api', 'web']);
    expect(rows[0]).toMatchObject({ before: 0, after: 0.2, change: 0.2, peak: 0.2 });
    expect(rows[1]).toMatchObject({ before: 0, after: 0, change: 0 });
  });

  it('falls back to *_errors_total rates and to the window midpoint when no rise is detected', async () => {
    const res = await errorRates(
      {
        'e.json': matrix([
          { metric: { __name__: 'app_errors_total', job: 'api' }, values: counter(step(21, 10, 60, 120)) },
        ]),
      },
      {
        since: iso(T0),
        until: iso(T0 + 20 * 60),
      },
    );
    expect(res.structured.convention).toMatch(/rate\(app_errors_total\)/);
    expect(res.structured.splitAt).toBe(iso(T0 + 10 * 60));
    expect((res.structured.services as Row[])[0]).toMatchObject({ service: 'api', before: 1, after: 2, change: 1 });
  });

  it('says what it looked for when there is no error series, and rejects a split outside the window', async () => {
    const files = {
      'cpu.json': matrix([{ metric: { __name__: 'cpu_ratio', service: 'api' }, values: step(10, 5, 0.1, 0.2) }]),
    };
    const none = await errorRates(files, {});
    expect(none.isError).toBe(false);
    expect(none.structured).toMatchObject({ services: [], convention: 'none found' });
    expect(none.structured.note).toMatch(/_requests_total.*cpu_ratio/);
    const outside = await errorRates(
      { 'r.json': matrix([{ metric: { __name__: 'x_error_ratio', service: 'a' }, values: [0, 0, 0] }]) },
      { at: iso(T0 - 86_400) },
    );
    expect(outside.isError).toBe(true);
    expect(outside.text).toMatch(/at .* must fall inside the window/);
  });
});
