// The analysis report of docs/report.md: what `analyze --json` prints. Fields may be added, never dropped.
import { z } from 'zod';
import { toolCallRecordSchema } from '../core/tool-caller.js';

export const CATEGORIES = [
  'resource_exhaustion',
  'memory_leak',
  'bad_config',
  'code_bug',
  'database',
  'dependency_failure',
  'certificate_expiry',
  'disk_full',
  'capacity',
  'network',
  'no_fault',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SOURCE_NAMES = ['logs', 'metrics', 'git', 'deployments', 'traces', 'k8s'] as const;

export const hypothesisSchema = z.object({
  summary: z.string(),
  category: z.enum(CATEGORIES),
  service: z.string().nullable(),
  deployment: z.string().nullable(),
  commit: z.string().nullable(),
  dependency: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  /** Why this hypothesis ranked where it did (engine: the score parts in words). */
  reasons: z.array(z.string()).optional(),
});
export type Hypothesis = z.infer<typeof hypothesisSchema>;

export const timelineEventSchema = z.object({ time: z.string(), source: z.string(), event: z.string() });
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

export const evidenceSchema = z.object({
  source: z.string(),
  tool: z.string(),
  summary: z.string(),
  ref: z.string().nullable().optional(),
  /** Index into toolCalls of the call this came from. */
  call: z.number().optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

// Defined beside the ToolCaller that records it, so the client need not import the report.
export { toolCallRecordSchema, type ToolCallRecord } from '../core/tool-caller.js';

/** Series and markers for charts (HTML report, web UI); optional, additive. */
export const chartDataSchema = z.object({
  series: z.array(
    z.object({ name: z.string(), service: z.string().nullable(), points: z.array(z.tuple([z.number(), z.number()])) }),
  ),
  templates: z.array(
    z.object({
      template: z.string(),
      service: z.string(),
      start: z.string(),
      stepSeconds: z.number(),
      counts: z.array(z.number()),
    }),
  ),
  markers: z.array(z.object({ time: z.string(), label: z.string(), kind: z.enum(['deployment', 'onset', 'commit']) })),
});
export type ChartData = z.infer<typeof chartDataSchema>;

/** How a failure that has already recovered stopped: a rollback, a later deployment (a fix), or nothing known. */
export const RECOVERY_CAUSES = ['rollback', 'deployment', 'unknown'] as const;

export const recoverySchema = z.object({
  /** When the symptoms stopped (ISO 8601). */
  at: z.string(),
  by: z.enum(RECOVERY_CAUSES),
  /**
   * The change that stopped them, e.g. "checkout-api v2.4.0" (a rollback) or "checkout-api v2.4.2"; null when none is
   * known.
   */
  change: z.string().nullable().optional(),
});
export type Recovery = z.infer<typeof recoverySchema>;

export const reportSchema = z.object({
  incident: z.string(),
  analyst: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  onset: z.string().nullable(),
  sources: z
    .record(z.string(), z.enum(['ok', 'no_data', 'absent', 'error']))
    .describe(
      'ok: data was read; no_data: the source answered but held nothing readable in the window; absent: not configured; error: its tools failed',
    ),
  rootCause: hypothesisSchema,
  hypotheses: z.array(hypothesisSchema).max(5),
  timeline: z.array(timelineEventSchema),
  evidence: z.array(evidenceSchema),
  recommendations: z.array(z.string()),
  toolCalls: z.array(toolCallRecordSchema),
  warnings: z.array(z.string()).optional(),
  /** The commit diff lines that matter, for the root cause. */
  diff: z.array(z.string()).optional(),
  charts: chartDataSchema.optional(),
  /** Free text from an LLM analyst. */
  narrative: z.string().optional(),
  durationMs: z.number().optional(),
  /**
   * Present when the failure has already recovered: it keeps its root cause and category, and says when and how it
   * stopped.
   */
  recovery: recoverySchema.optional(),
});
export type Report = z.infer<typeof reportSchema>;
