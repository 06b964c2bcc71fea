// The metrics server's tool contracts.
import { z } from 'zod';
import { warningSchema, windowSchema } from './common.js';

export const seriesStatsSchema = z.object({
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  p50: z.number(),
  p95: z.number(),
  first: z.number(),
  last: z.number(),
});

export const seriesOutSchema = z.object({
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  service: z.string().nullable().describe('the service label (service, app, job, ...) if any'),
  stats: seriesStatsSchema.nullable(),
  points: z.array(z.tuple([z.number(), z.number()])).optional().describe('[epoch seconds, value], only when a metric name was given'),
  pointCount: z.number(),
});
export type SeriesOut = z.infer<typeof seriesOutSchema>;

export const getMetricsOutput = z.object({
  window: windowSchema,
  series: z.array(seriesOutSchema),
  total: z.number(),
  warnings: z.array(warningSchema).optional(),
  note: z.string().optional(),
});
export type GetMetricsOutput = z.infer<typeof getMetricsOutput>;

export const anomalySchema = z.object({
  metric: z.string(),
  labels: z.record(z.string(), z.string()),
  service: z.string().nullable(),
  kind: z.enum(['step', 'ramp', 'spike']),
  direction: z.enum(['up', 'down']),
  start: z.string().describe('when the change began'),
  end: z.string().nullable().describe('when a spike ended or a ramp levelled off; null if it lasts to the end'),
  before: z.number().describe('robust baseline (median) before the change'),
  after: z.number().describe('median after the change (the peak for a spike)'),
  score: z.number().describe('size of the change in robust standard deviations (MAD-based z), capped at 1000'),
  ratio: z.number().describe('after / before (Infinity-safe: capped at 1e6)'),
});
export type AnomalyOut = z.infer<typeof anomalySchema>;

export const getAnomaliesOutput = z.object({
  window: windowSchema,
  anomalies: z.array(anomalySchema).describe('largest and earliest first'),
  seriesScanned: z.number(),
  note: z.string().optional(),
});
export type GetAnomaliesOutput = z.infer<typeof getAnomaliesOutput>;

export const errorRateRowSchema = z.object({
  service: z.string(),
  metric: z.string(),
  before: z.number().describe('median before the split time'),
  after: z.number().describe('median after the split time'),
  peak: z.number(),
  peakAt: z.string().nullable(),
  change: z.number().describe('after - before'),
});

export const getErrorRatesOutput = z.object({
  window: windowSchema,
  splitAt: z.string().describe('the time compared before vs after'),
  services: z.array(errorRateRowSchema).describe('largest increase first'),
  convention: z.string().describe('which metric convention was found (for example *_error_ratio, http_requests_total{status=~"5.."})'),
  note: z.string().optional(),
});
export type GetErrorRatesOutput = z.infer<typeof getErrorRatesOutput>;
