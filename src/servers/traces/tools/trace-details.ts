// get_trace_details: the span tree of one trace, the deepest error span and the path to it.
import { z } from 'zod';
import { traceDetailsOutput, type SpanOut } from '../../../core/contracts/traces.js';
import { toIso } from '../../../core/time.js';
import { defineTool, ToolError } from '../../../mcp/tool.js';
import type { TracesDeps } from './deps.js';
import { round, summarizeTrace } from '../summarize.js';
import {
  buildTree,
  findDeepestError,
  flattenTree,
  pathTo,
  servicesAlong,
  slowestPath,
  toPathSteps,
  type TreeNode,
} from '../tree.js';
import { traceIdArg } from '../ids.js';

const MAX_SPANS = 300;

function toSpanOut(n: TreeNode, traceStart: number): SpanOut {
  const s = n.span;
  return {
    spanId: s.spanId,
    parentId: s.parentSpanId,
    service: s.service,
    name: s.name,
    start: toIso(s.startMs),
    offsetMs: round(s.startMs - traceStart),
    durationMs: round(s.durationMs),
    status: s.status,
    errorMessage: s.status === 'error' ? s.statusMessage : null,
    depth: n.depth,
    childCount: n.children.length,
    attributes: s.attributes,
  };
}

export function createTraceDetailsTool({ backend }: TracesDeps) {
  return defineTool({
    name: 'get_trace_details',
    title: 'Trace details',
    description:
      'Show one trace as a span tree (parents before children, with depth, duration, status and error message) and point at the deepest error span, ' +
      'which is usually where the fault started: callers above it often fail only because it failed. Also gives the path from the root to that span ' +
      '(or, when nothing failed, the chain of slowest spans) and the services along it. Get trace ids from search_traces or from log lines.',
    input: z
      .object({
        trace_id: traceIdArg.describe('hex trace id (32 or 16 hex digits) as shown by search_traces or in logs'),
      })
      .strict(),
    output: traceDetailsOutput,
    async run(args, ctx) {
      const spans = await backend.getTrace(args.trace_id.trim(), ctx.signal);
      if (!spans.length)
        throw new ToolError(
          `trace ${args.trace_id} not found in ${backend.name}; check the id (hex) or find one with search_traces`,
        );
      const summary = summarizeTrace(spans);
      const roots = buildTree(spans);
      const nodes = flattenTree(roots);
      const deepest = findDeepestError(nodes);
      const path = deepest ? pathTo(roots, deepest) : slowestPath(roots);
      const warnings = backend.warnings();
      return {
        traceId: summary.traceId,
        start: toIso(summary.startMs),
        durationMs: summary.durationMs,
        spanCount: spans.length,
        errorCount: summary.errorCount ?? 0,
        services: summary.services,
        spans: nodes.slice(0, MAX_SPANS).map((n) => toSpanOut(n, summary.startMs)),
        omittedSpans: Math.max(0, nodes.length - MAX_SPANS),
        deepestError: deepest ? toSpanOut(deepest, summary.startMs) : null,
        path: {
          kind: deepest ? ('error' as const) : ('slowest' as const),
          steps: toPathSteps(path),
          services: servicesAlong(path),
        },
        ...(warnings.length ? { warnings: warnings.slice(0, 20) } : {}),
      };
    },
    render(r) {
      const lines = [
        `trace ${r.traceId} ${r.start} ${r.durationMs}ms, ${r.spanCount} spans, ${r.errorCount} errors, services: ${r.services.join(' -> ')}`,
      ];
      if (r.deepestError)
        lines.push(
          `deepest error: ${r.deepestError.service} "${r.deepestError.name}" (depth ${r.deepestError.depth}): ${r.deepestError.errorMessage ?? 'no message'}`,
        );
      lines.push(`${r.path.kind} path: ${r.path.steps.map((s) => `${s.service}:${s.name}`).join(' -> ')}`);
      for (const s of r.spans) {
        lines.push(
          `${'  '.repeat(s.depth)}${s.service} ${s.name} +${s.offsetMs}ms ${s.durationMs}ms${s.status === 'error' ? ` ERROR ${s.errorMessage ?? ''}` : ''}`,
        );
      }
      if (r.omittedSpans) lines.push(`... ${r.omittedSpans} more spans`);
      return lines.join('\n');
    },
  });
}
