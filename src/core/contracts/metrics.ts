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
  points: z
    .array(z.tuple([z.number(), z.number()]))
    .optional()
    .describe('[epoch seconds, value], only when a metric name was given'),
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
  convention: z
    .string()
    .describe('which metric convention was found (for example *_error_ratio, http_requests_total{status=~"5.."})'),
  note: z.string().optional(),
});
export type GetErrorRatesOutput = z.infer<typeof getErrorRatesOutput>;

export const serviceEdgeSchema = z.object({
  client: z.string().describe('the caller, as the data spells it'),
  server: z.string().describe('the callee: a service, database, cache, queue or outside endpoint'),
  requests: z
    .number()
    .describe('requests seen on this edge in the window (counter increase, or the sum of per-bucket counts)'),
  failed: z.number().nullable().describe('failed requests on this edge, when the data says'),
  kind: z
    .string()
    .nullable()
    .describe('what the callee is when the exporter says (database, messaging_system, virtual_node)'),
  source: z.string().describe('the metric the edge came from'),
});
export type ServiceEdgeOut = z.infer<typeof serviceEdgeSchema>;

export const getServiceGraphOutput = z.object({
  window: windowSchema,
  edges: z.array(serviceEdgeSchema),
  nodes: z.array(z.string()).describe('every component on an edge, sorted'),
  note: z.string().optional(),
});
export type GetServiceGraphOutput = z.infer<typeof getServiceGraphOutput>;

export const signalHealthSchema = z.object({
  kind: z.enum(['latency', 'errors', 'throughput', 'saturation', 'up']),
  label: z.string().describe('what was measured, e.g. "p99 latency", "unavailability"'),
  metric: z.string(),
  labels: z.record(z.string(), z.string()),
  unit: z
    .enum(['ratio', 'seconds', 'rate', 'raw'])
    .describe('errors and availability as a 0..1 ratio, latency in seconds, counters as per-second rates'),
  baseline: z.number().describe('median level before `at`'),
  current: z.number().describe('the worst value within the horizon after `at`'),
  delta: z.number().describe('current - baseline in the bad direction (negative: better)'),
  z: z.number().describe("delta in robust standard deviations of the series' own history (floored per unit)"),
  relative: z.number().describe('delta relative to the baseline level'),
  preShift: z
    .number()
    .describe(
      'how far the series had already moved in the minutes before `at`, in the same scale; high means its change came earlier',
    ),
  since: z
    .string()
    .nullable()
    .describe(
      'when its change began: the earliest sample near `at` from which it stayed changed (null when it did not)',
    ),
  samples: z.number().describe('samples before and after `at` used'),
});
export type SignalHealthOut = z.infer<typeof signalHealthSchema>;

export const componentHealthSchema = z.object({
  component: z.string().describe('the service label value, as the data spells it'),
  worst: z.object({ kind: z.string(), z: z.number() }).describe('the signal that moved the most'),
  signals: z
    .array(signalHealthSchema)
    .describe('one per signal kind: the most representative series (mean before tails), the worst among equals'),
});
export type ComponentHealthOut = z.infer<typeof componentHealthSchema>;

export const getServiceHealthOutput = z.object({
  window: windowSchema,
  at: z.string().describe('the moment compared: history before it, the horizon after it'),
  components: z.array(componentHealthSchema).describe('most changed first'),
  seriesScanned: z.number(),
  note: z.string().optional(),
});
export type GetServiceHealthOutput = z.infer<typeof getServiceHealthOutput>;
