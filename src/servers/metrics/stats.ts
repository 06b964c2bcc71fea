// Summary statistics and downsampling of metric points.
import type { z } from 'zod';
import type { seriesStatsSchema } from '../../core/contracts/metrics.js';

export type SeriesStats = z.infer<typeof seriesStatsSchema>;
type Point = [number, number];

/** Linear-interpolated quantile of sorted values (q in 0..1). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantileSorted([...values].sort((a, b) => a - b), 0.5);
}

export function computeStats(points: readonly Point[]): SeriesStats | null {
  if (!points.length) return null;
  const values = points.map((p) => p[1]);
  const sorted = [...values].sort((a, b) => a - b);
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    min: sorted[0],
    max: sorted[sorted.length - 1],
    mean: round(sum / values.length),
    p50: round(quantileSorted(sorted, 0.5)),
    p95: round(quantileSorted(sorted, 0.95)),
    first: values[0],
    last: values[values.length - 1],
  };
}

/** At most `max` points: consecutive buckets averaged, each stamped with its first timestamp. */
export function downsample(points: readonly Point[], max = 500): Point[] {
  if (points.length <= max) return points.map((p) => [p[0], p[1]]);
  const size = Math.ceil(points.length / max);
  const out: Point[] = [];
  for (let i = 0; i < points.length; i += size) {
    const bucket = points.slice(i, i + size);
    out.push([bucket[0][0], round(bucket.reduce((a, p) => a + p[1], 0) / bucket.length)]);
  }
  return out;
}

/** Keeps outputs readable: 6 significant digits is plenty for a model or a person. */
export function round(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}

/**
 * Labels that name what a series describes, most specific first. A Kafka exporter's lag is the consumer group's;
 * a cloud exporter's (YACE, Stackdriver) series name the stream, table, queue or bucket in a dimension label;
 * `job` and `container` only say which scrape or process reported it.
 */
const SERVICE_LABELS = ['service', 'service_name', 'app', 'application', 'app_kubernetes_io_name', 'consumergroup', 'consumer_group'];
const RESOURCE_LABEL = /^dimension_\w*(?:Name|Identifier|Id)$|^(?:bucket|queue|table|stream|topic_group)_name$/;
const REPORTER_LABELS = ['job', 'container'];

/** The service a series belongs to, from its usual labels; null when none says. */
export function serviceOfLabels(labels: Record<string, string>): string | null {
  for (const k of SERVICE_LABELS) if (labels[k]) return labels[k];
  for (const [k, v] of Object.entries(labels)) if (v && RESOURCE_LABEL.test(k)) return v;
  for (const k of REPORTER_LABELS) if (labels[k]) return labels[k];
  return null;
}
