// The traces server's tool contracts: what search_traces, get_trace_details, get_service_metrics,
// correlate_logs_and_traces and check_traces_environment return.
import { z } from 'zod';
import { warningSchema, windowSchema } from './common.js';

export const traceSummarySchema = z.object({
  traceId: z.string(),
  rootService: z.string(),
  rootOperation: z.string(),
  start: z.string().describe('ISO 8601 start of the root span'),
  durationMs: z.number(),
  spanCount: z
    .number()
    .nullable()
    .describe('null when the backend did not say (Tempo search returns matched spans only)'),
  errorCount: z.number().nullable().describe('spans with error status; null when unknown'),
  services: z.array(z.string()).describe('services seen in the trace (or in the matched spans)'),
});
export type TraceSummaryOut = z.infer<typeof traceSummarySchema>;

export const searchTracesOutput = z.object({
  backend: z.string(),
  query: z.string().describe('the filters as sent (TraceQL for Tempo)'),
  window: windowSchema,
  traces: z.array(traceSummarySchema).describe('newest first'),
  returned: z.number(),
  truncated: z.boolean().describe('true when more traces matched than limit'),
  warnings: z.array(warningSchema).optional(),
  note: z.string().optional(),
});
export type SearchTracesOutput = z.infer<typeof searchTracesOutput>;

export const spanOutSchema = z.object({
  spanId: z.string(),
  parentId: z.string().nullable(),
  service: z.string(),
  name: z.string(),
  start: z.string(),
  offsetMs: z.number().describe('start relative to the trace start'),
  durationMs: z.number(),
  status: z.enum(['error', 'ok', 'unset']),
  errorMessage: z.string().nullable(),
  depth: z.number().describe('0 for a root span'),
  childCount: z.number(),
  attributes: z.record(z.string(), z.unknown()),
});
export type SpanOut = z.infer<typeof spanOutSchema>;

export const pathStepSchema = z.object({
  spanId: z.string(),
  service: z.string(),
  name: z.string(),
  durationMs: z.number(),
  status: z.string(),
});

export const traceDetailsOutput = z.object({
  traceId: z.string(),
  start: z.string(),
  durationMs: z.number(),
  spanCount: z.number(),
  errorCount: z.number(),
  services: z.array(z.string()).describe('every service in the trace, in call order'),
  spans: z.array(spanOutSchema).describe('depth-first from the root(s): parents before children'),
  omittedSpans: z.number(),
  deepestError: spanOutSchema
    .nullable()
    .describe('the error span farthest from the root: where the fault most likely started'),
  path: z.object({
    kind: z
      .enum(['error', 'slowest'])
      .describe('error: root to the deepest error span; slowest: following the slowest child at each level'),
    steps: z.array(pathStepSchema),
    services: z.array(z.string()).describe('the services along the path, in order, without repeats'),
  }),
  warnings: z.array(warningSchema).optional(),
});
export type TraceDetailsOutput = z.infer<typeof traceDetailsOutput>;

export const serviceMetricsSchema = z.object({
  service: z.string(),
  requests: z.number().describe('entry spans: spans with no parent or whose parent is in another service'),
  spans: z.number(),
  requestsPerSecond: z.number(),
  errors: z.number(),
  errorPct: z.number().describe('0..100, errors among entry spans'),
  p50Ms: z.number(),
  p95Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number(),
  topErrors: z.array(z.object({ name: z.string(), message: z.string().nullable(), count: z.number() })),
});
export type ServiceMetricsOut = z.infer<typeof serviceMetricsSchema>;

export const serviceMetricsOutput = z.object({
  backend: z.string(),
  window: windowSchema,
  services: z.array(serviceMetricsSchema).describe('highest error % first'),
  tracesRead: z.number(),
  sampled: z.boolean().describe('true when computed from a sample of traces (live backends), not every span'),
  warnings: z.array(warningSchema).optional(),
  note: z.string().optional(),
});
export type ServiceMetricsOutput = z.infer<typeof serviceMetricsOutput>;

export const correlatedLogSchema = z.object({
  time: z.string(),
  level: z.string(),
  service: z.string(),
  message: z.string(),
  ref: z.string(),
});

export const correlateOutput = z.object({
  traceId: z.string(),
  window: windowSchema.nullable(),
  trace: z.object({ found: z.boolean(), services: z.array(z.string()), errorServices: z.array(z.string()) }),
  totalLogLines: z.number(),
  logs: z.array(correlatedLogSchema).describe('log lines carrying the trace id, oldest first'),
  servicesWithLogs: z.array(z.string()),
  servicesWithoutLogs: z.array(z.string()).describe('services in the trace that logged nothing with this id'),
  logsText: z.string().optional().describe('the logs server answer as text, when it had no structured result'),
  note: z.string().optional(),
});
export type CorrelateOutput = z.infer<typeof correlateOutput>;

export const healthCheckSchema = z.object({ name: z.string(), ok: z.boolean(), detail: z.string() });

export const checkEnvironmentOutput = z.object({
  server: z.string(),
  backend: z.string(),
  reachable: z.boolean(),
  authenticated: z.boolean().nullable().describe('null when the backend needs no credentials'),
  version: z.string().nullable(),
  missing: z.array(z.string()).describe('settings or data that are absent, with what they would enable'),
  checks: z.array(healthCheckSchema),
});
export type CheckEnvironmentOutput = z.infer<typeof checkEnvironmentOutput>;
