// Series summaries and downsampling: the one implementation the metrics server and the report's charts share.
import { describe, expect, it } from 'vitest';
import { downsample, summarizePoints } from '../../src/analysis/series.js';
import { roundSignificant } from '../../src/analysis/stats.js';

describe('summarizePoints', () => {
  it('gives min, max, mean, p50, p95, first and last', () => {
    const pts = [5, 1, 3, 2, 4].map((v, i): [number, number] => [i, v]);
    expect(summarizePoints(pts)).toEqual({ min: 1, max: 5, mean: 3, p50: 3, p95: 4.8, first: 5, last: 4 });
    expect(summarizePoints([])).toBeNull();
  });

  it('handles series longer than a call stack', () => {
    const pts = Array.from({ length: 300_000 }, (_, i): [number, number] => [i, i]);
    expect(summarizePoints(pts)).toMatchObject({ min: 0, max: 299_999 });
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

  it('twice (tool result, then chart) averages the same raw points as once', () => {
    const pts = Array.from({ length: 1200 }, (_, i): [number, number] => [i, (i * 7) % 13]);
    expect(downsample(downsample(pts, 600), 200)).toEqual(downsample(pts, 200));
  });
});

describe('roundSignificant', () => {
  it('keeps six significant digits and leaves non-finite values alone', () => {
    expect(roundSignificant(1 / 3)).toBe(0.333333);
    expect(roundSignificant(123456789)).toBe(123457000);
    expect(roundSignificant(Infinity)).toBe(Infinity);
  });
});
