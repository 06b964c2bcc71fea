// get_service_metrics: per-service request rate, error % and latency percentiles from spans.
import { z } from 'zod';
import { timeArgs } from '../../../core/contracts/common.js';
import { serviceMetricsOutput } from '../../../core/contracts/traces.js';
import { toIso } from '../../../core/time.js';
import { defineTool } from '../../../mcp/tool.js';
import type { TracesDeps } from './deps.js';
import { computeServiceMetrics } from '../service-metrics.js';
import { windowOut } from '../../../core/window.js';
import { resolveTracesWindow } from '../window.js';

export function createServiceMetricsTool({ backend, source }: TracesDeps) {
  return defineTool({
    name: 'get_service_metrics',
    title: 'Service metrics from traces',
    description:
      'Per service, computed from trace spans: requests (entry spans into the service), requests per second, error %, p50/p95/p99 latency in ms and the most frequent errors. ' +
      'Use it first to see which service is failing or slow in a window, then search_traces with that service_name and status "error". ' +
      'Live backends compute it from a sample of recent traces (sampled: true).',
    input: z
      .object({
        service_name: z.string().min(1).optional().describe('only this service (and traces that pass through it)'),
        ...timeArgs,
      })
      .strict(),
    output: serviceMetricsOutput,
    async run(args, ctx) {
      const range = await resolveTracesWindow(backend, source.until, args.since, args.until);
      const { spans, traces, sampled } = await backend.spansInRange(range, args.service_name, ctx.signal);
      let services = computeServiceMetrics(spans, range);
      if (args.service_name) services = services.filter((s) => s.service === args.service_name);
      const warnings = backend.warnings();
      return {
        backend: backend.name,
        window: windowOut(range),
        services,
        tracesRead: traces,
        sampled,
        ...(warnings.length ? { warnings: warnings.slice(0, 20) } : {}),
        ...(services.length
          ? {}
          : {
              note: `no spans${args.service_name ? ` of ${args.service_name}` : ''} between ${toIso(range.from)} and ${toIso(range.to)}; widen the window or drop service_name`,
            }),
      };
    },
    render(r) {
      const head = `services from ${r.tracesRead} trace(s)${r.sampled ? ' (sampled)' : ''}, ${r.window.from} .. ${r.window.to}`;
      const rows = r.services.map(
        (s) =>
          `${s.service}: ${s.requests} req (${s.requestsPerSecond}/s), errors ${s.errorPct}%, p50 ${s.p50Ms}ms p95 ${s.p95Ms}ms p99 ${s.p99Ms}ms${s.topErrors.length ? `; top error: ${s.topErrors[0].name} ${s.topErrors[0].message ?? ''}` : ''}`,
      );
      return [head, ...rows, r.note ?? ''].filter(Boolean).join('\n');
    },
  });
}
