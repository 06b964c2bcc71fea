// One metric sample at time 1e20 (or dated 2099 or 1970) must neither break the metrics tools ("Invalid time
// value") nor move their default window: it is dropped with a warning naming the file and series.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openFileMetricsBackend } from '../../../src/servers/metrics/backends/file.js';
import { metricsServer } from '../../../src/servers/metrics/index.js';
import { connectTools } from '../../helpers/mcp-pair.js';
import { matrix, step, T0, writeMetricsDir } from './fixtures.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const N = 60;
function bundleWith(stray: Array<[number, string]>): string {
  const values: Array<[number, string]> = step(N, 40, 0.01, 0.2).map((v, i) => [T0 + i * 60, String(v)]);
  const dir = writeMetricsDir({
    'errors.json': matrix([
      { metric: { __name__: 'http_error_ratio', service: 'api' }, values: [...values, ...stray] },
    ]),
    'latency.json': matrix([
      { metric: { __name__: 'http_latency_seconds', service: 'api' }, values: step(N, 40, 0.1, 0.9) },
    ]),
  });
  dirs.push(dir);
  return dir;
}

describe('metric samples with impossible or implausible times', () => {
  it('the file backend drops them with a warning and keeps the extent where the data is', async () => {
    const dir = bundleWith([
      [1e20, '5'],
      [Date.UTC(2099, 0, 1) / 1000, '7'],
      [1, '9'],
    ]);
    const backend = await openFileMetricsBackend(join(dir, 'metrics'));
    expect(await backend.extent()).toEqual({ from: T0 * 1000, to: (T0 + (N - 1) * 60) * 1000 });
    const warnings = backend.warnings();
    expect(warnings).toContainEqual({
      where: 'metrics/errors.json result[0]',
      message: '1 samples with a time no date can hold skipped',
    });
    expect(warnings).toContainEqual({
      where: 'metrics/errors.json http_error_ratio{service="api"}',
      message: expect.stringMatching(/^2 sample\(s\) with implausible times .*dropped/),
    });
  });

  it.each([
    ['1e20 seconds', [[1e20, '5']] as Array<[number, string]>],
    ['2099', [[Date.UTC(2099, 0, 1) / 1000, '5']] as Array<[number, string]>],
  ])('every metrics tool answers with a sample at %s, over the real window', async (_label, stray) => {
    const instance = await metricsServer.create({ dataDir: bundleWith(stray), env: {} });
    const tc = await connectTools('metrics', instance.tools);
    try {
      for (const [tool, args] of [
        ['get_metrics', {}],
        ['get_metrics', { name: 'http_error_ratio' }],
        ['get_anomalies', {}],
        ['get_error_rates', {}],
      ] as const) {
        const r = await tc.call(tool, args);
        expect(r.isError, `${tool}: ${r.text}`).toBe(false);
        expect((r.structured.window as { to: string }).to.startsWith('2025-01-04')).toBe(true);
      }
    } finally {
      await tc.close();
      await instance.close();
    }
  });
});
