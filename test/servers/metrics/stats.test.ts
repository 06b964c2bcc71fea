import { describe, expect, it } from 'vitest';
import { computeStats, downsample, serviceOfLabels } from '../../../src/servers/metrics/stats.js';

describe('computeStats', () => {
  it('gives min, max, mean, p50, p95, first and last', () => {
    const pts = [5, 1, 3, 2, 4].map((v, i): [number, number] => [i, v]);
    expect(computeStats(pts)).toEqual({ min: 1, max: 5, mean: 3, p50: 3, p95: 4.8, first: 5, last: 4 });
    expect(computeStats([])).toBeNull();
  });
});

describe('downsample', () => {
  it('averages consecutive buckets down to at most the limit', () => {
    const pts = Array.from({ length: 1000 }, (_, i): [number, number] => [i * 60, i % 2]);
    const out = downsample(pts, 500);
    expect(out).toHaveLength(500);
    expect(out[0]).toEqual([0, 0.5]);
    expect(out[499]).toEqual([998 * 60, 0.5]);
    expect(downsample(pts.slice(0, 10), 500)).toEqual(pts.slice(0, 10));
  });
});

describe('serviceOfLabels', () => {
  it('prefers service, then app, then job', () => {
    expect(serviceOfLabels({ job: 'j', app: 'a' })).toBe('a');
    expect(serviceOfLabels({ job: 'j', service: 's' })).toBe('s');
    expect(serviceOfLabels({ instance: 'x' })).toBeNull();
  });
});
