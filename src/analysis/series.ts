// Series arithmetic shared by the metrics server and the engine: counters to rates, aligning and combining series,
// summaries and downsampling.
import { mean, quantile, roundSignificant } from './stats.js';

/** [epoch seconds, value], as Prometheus returns samples. */
export type Point = [number, number];

/** Increase between consecutive samples; a drop is a counter reset, so the new value is the increase. */
export function increases(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (let i = 1; i < points.length; i++) {
    const d = points[i][1] - points[i - 1][1];
    out.push([points[i][0], d >= 0 ? d : points[i][1]]);
  }
  return out;
}

/** Per-second rate of a cumulative counter, resets handled as in `increases`. */
export function ratePerSecond(points: readonly Point[]): Point[] {
  return increases(points).map(([t, d], i) => [t, d / Math.max(1, t - points[i][0])]);
}

/**
 * A cumulative counter: named like one (`_total`, `_count`, a histogram's `_sum`) and never falling except for the odd
 * reset. Per-bucket counts (each sample the count of its own interval) rise and fall, and are left as they are.
 */
export function isCumulativeCounter(name: string, points: readonly Point[]): boolean {
  if (!/_(total|count|sum)$/.test(name) || points.length < 3) return false;
  let falls = 0;
  for (let i = 1; i < points.length; i++) if (points[i][1] < points[i - 1][1]) falls++;
  return falls <= Math.max(1, Math.floor((points.length - 1) * 0.1));
}

/** One series from several (routes, pods): values at the same timestamp reduced to one. */
export function combineSeries(parts: ReadonlyArray<readonly Point[]>, reduce: (values: number[]) => number): Point[] {
  if (parts.length === 1) return [...parts[0]];
  const byTime = new Map<number, number[]>();
  for (const pts of parts) {
    for (const [t, v] of pts) {
      const list = byTime.get(t);
      if (list) list.push(v);
      else byTime.set(t, [v]);
    }
  }
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([t, vs]) => [t, reduce(vs)]);
}

export interface SeriesSummary {
  min: number;
  max: number;
  mean: number;
  p50: number;
  p95: number;
  first: number;
  last: number;
}

/** Min, max, mean, median, p95, first and last value; null for no points. */
export function summarizePoints(points: readonly Point[]): SeriesSummary | null {
  if (!points.length) return null;
  const values = points.map((p) => p[1]);
  return {
    min: values.reduce((a, b) => Math.min(a, b)),
    max: values.reduce((a, b) => Math.max(a, b)),
    mean: roundSignificant(mean(values)),
    p50: roundSignificant(quantile(values, 0.5)),
    p95: roundSignificant(quantile(values, 0.95)),
    first: values[0],
    last: values[values.length - 1],
  };
}

/** At most `max` points: consecutive buckets averaged, each stamped with its first timestamp. */
export function downsample(points: readonly Point[], max: number): Point[] {
  if (points.length <= max) return points.map((p) => [p[0], p[1]]);
  const size = Math.ceil(points.length / max);
  const out: Point[] = [];
  for (let i = 0; i < points.length; i += size) {
    const bucket = points.slice(i, i + size);
    out.push([bucket[0][0], roundSignificant(bucket.reduce((a, p) => a + p[1], 0) / bucket.length)]);
  }
  return out;
}
