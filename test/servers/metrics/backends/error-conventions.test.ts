// get_error_rates conventions seen on live Prometheus data: Micrometer's outcome label and recording rules.
import { describe, expect, it } from 'vitest';
import type { Series } from '../../../../src/core/types.js';
import { FileMetricsBackend } from '../../../../src/servers/metrics/backends/file.js';
import { findErrorSeries } from '../../../../src/servers/metrics/error-series.js';

const T = 1_700_000_000;
const counter = (labels: Record<string, string>, perStep: number): Series => ({
  name: 'http_server_requests_seconds_count',
  labels,
  points: Array.from({ length: 10 }, (_, i) => [T + i * 60, i * perStep] as [number, number]),
});
const RANGE = { from: T * 1000, to: (T + 600) * 1000 };

describe('error series conventions', () => {
  it('share of outcome="SERVER_ERROR" in http_server_requests_seconds_count', async () => {
    const backend = new FileMetricsBackend(
      [counter({ service: 'api', outcome: 'SUCCESS' }, 90), counter({ service: 'api', outcome: 'SERVER_ERROR' }, 10)],
      [],
      1,
    );
    const found = await findErrorSeries(backend, RANGE);
    expect(found?.convention).toContain('outcome="SERVER_ERROR"');
    expect(found?.series[0].service).toBe('api');
    expect(found?.series[0].points.at(-1)?.[1]).toBeCloseTo(0.1);
  });

  it('a recording rule named job:error_ratio:rate5m counts as an error-ratio gauge', async () => {
    const rule: Series = {
      name: 'job:error_ratio:rate5m',
      labels: { job: 'api' },
      points: [
        [T, 0.01],
        [T + 60, 0.2],
      ],
    };
    const found = await findErrorSeries(new FileMetricsBackend([rule], [], 1), RANGE);
    expect(found?.convention).toContain('job:error_ratio:rate5m');
  });
});
