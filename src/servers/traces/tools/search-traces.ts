// search_traces: find traces by service, operation, duration, status and attributes.
import { z } from 'zod';
import { timeArgs } from '../../../core/contracts/common.js';
import { searchTracesOutput } from '../../../core/contracts/traces.js';
import { toIso } from '../../../core/time.js';
import { defineTool } from '../../../mcp/tool.js';
import type { TracesDeps } from './deps.js';
import { windowOut } from '../../../core/window.js';
import { parseMinDuration, resolveTracesWindow } from '../window.js';
import { round } from '../summarize.js';

export function createSearchTracesTool({ backend, source }: TracesDeps) {
  return defineTool({
    name: 'search_traces',
    title: 'Search traces',
    description:
      'Find distributed traces (requests followed across services) by service, operation, minimum duration, status and span attributes. ' +
      'Use it to find failing or slow requests during an incident; then call get_trace_details with a trace_id to see which service and span failed, ' +
      'and correlate_logs_and_traces to read the log lines of that request. All filters must hold on the same span. Newest traces first.',
    input: z
      .object({
        service_name: z.string().min(1).optional().describe('service.name of a span in the trace, e.g. "checkout"'),
        operation: z.string().min(1).optional().describe('span name, e.g. "GET /api/orders"'),
        min_duration: z.string().optional().describe('only spans at least this long: 500ms, 1.5s, 2m'),
        status: z.enum(['error', 'ok', 'any']).default('any').describe('error: spans with error status only'),
        tags: z
          .record(z.string(), z.string())
          .optional()
          .describe('span or resource attributes that must match exactly, e.g. {"http.status_code":"500"}'),
        ...timeArgs,
        limit: z.number().int().min(1).max(200).default(20),
      })
      .strict(),
    output: searchTracesOutput,
    async run(args, ctx) {
      const range = await resolveTracesWindow(backend, source.until, args.since, args.until);
      const minDurationMs = args.min_duration !== undefined ? parseMinDuration(args.min_duration) : undefined;
      const res = await backend.search(
        {
          range,
          service: args.service_name,
          operation: args.operation,
          minDurationMs,
          status: args.status,
          tags: args.tags,
          limit: args.limit,
        },
        ctx.signal,
      );
      const warnings = backend.warnings();
      return {
        backend: backend.name,
        query: res.query,
        window: windowOut(range),
        traces: res.traces.map(({ startMs, ...t }) => ({
          ...t,
          start: toIso(startMs),
          durationMs: round(t.durationMs),
        })),
        returned: res.traces.length,
        truncated: res.truncated,
        ...(warnings.length ? { warnings: warnings.slice(0, 20) } : {}),
        ...(res.traces.length
          ? {}
          : {
              note: `no trace matched ${res.query} between ${toIso(range.from)} and ${toIso(range.to)}; widen since/until, drop a filter, or check the service name with get_service_metrics`,
            }),
      };
    },
    render(r) {
      const head = `${r.returned} trace(s) matching ${r.query} (${r.window.from} .. ${r.window.to})${r.truncated ? ', more exist: raise limit or narrow' : ''}`;
      const rows = r.traces.map(
        (t) =>
          `${t.traceId}  ${t.start}  ${t.durationMs}ms  ${t.rootService} ${t.rootOperation}  spans=${t.spanCount ?? '?'} errors=${t.errorCount ?? '?'}  [${t.services.join(', ')}]`,
      );
      return [head, ...rows, r.note ?? ''].filter(Boolean).join('\n');
    },
  });
}
