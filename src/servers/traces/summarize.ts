// Pure functions over spans: trace summaries, query matching, grouping by trace.
import type { Span, TraceQuery, TraceSummary } from './backend.js';

export function groupByTrace(spans: Iterable<Span>): Map<string, Span[]> {
  const out = new Map<string, Span[]>();
  for (const s of spans) {
    const list = out.get(s.traceId);
    if (list) list.push(s);
    else out.set(s.traceId, [s]);
  }
  return out;
}

/** Root spans: no parent, or a parent that is not in the trace (partial traces). */
export function findRoots(spans: Span[]): Span[] {
  const ids = new Set(spans.map((s) => s.spanId));
  return spans.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId)).sort((a, b) => a.startMs - b.startMs);
}

export function summarizeTrace(spans: Span[]): TraceSummary {
  const roots = findRoots(spans);
  const root = roots.find((s) => !s.parentSpanId) ?? roots[0] ?? spans[0];
  const start = Math.min(...spans.map((s) => s.startMs));
  const end = Math.max(...spans.map((s) => s.startMs + s.durationMs));
  const services: string[] = [];
  for (const s of [...spans].sort((a, b) => a.startMs - b.startMs))
    if (!services.includes(s.service)) services.push(s.service);
  return {
    traceId: root.traceId,
    rootService: root.service,
    rootOperation: root.name,
    startMs: start,
    durationMs: round(end - start),
    spanCount: spans.length,
    errorCount: spans.filter((s) => s.status === 'error').length,
    services,
  };
}

function spanMatches(s: Span, q: TraceQuery): boolean {
  if (q.service && s.service !== q.service) return false;
  if (q.operation && s.name !== q.operation) return false;
  if (q.minDurationMs !== undefined && s.durationMs < q.minDurationMs) return false;
  if (q.status === 'error' && s.status !== 'error') return false;
  if (q.status === 'ok' && s.status === 'error') return false;
  if (q.tags) {
    for (const [k, v] of Object.entries(q.tags)) if (String(s.attributes[k]) !== v) return false;
  }
  return true;
}

/** A trace matches when one span satisfies every filter at once (TraceQL's `{ a && b }` semantics). */
function traceMatches(spans: Span[], q: TraceQuery): boolean {
  const start = Math.min(...spans.map((s) => s.startMs));
  if (start < q.range.from || start >= q.range.to) return false;
  return spans.some((s) => spanMatches(s, q));
}

/** Filters, sorts newest first and cuts to limit. */
export function searchSpans(
  byTrace: Map<string, Span[]>,
  q: TraceQuery,
): { traces: TraceSummary[]; truncated: boolean } {
  const hits: TraceSummary[] = [];
  for (const spans of byTrace.values()) if (traceMatches(spans, q)) hits.push(summarizeTrace(spans));
  hits.sort((a, b) => b.startMs - a.startMs);
  return { traces: hits.slice(0, q.limit), truncated: hits.length > q.limit };
}

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Describes the filters in words (file and Jaeger backends have no query language to echo). */
export function describeQuery(q: TraceQuery): string {
  const parts: string[] = [];
  if (q.service) parts.push(`service=${q.service}`);
  if (q.operation) parts.push(`operation=${q.operation}`);
  if (q.minDurationMs !== undefined) parts.push(`duration>=${q.minDurationMs}ms`);
  if (q.status && q.status !== 'any') parts.push(`status=${q.status}`);
  for (const [k, v] of Object.entries(q.tags ?? {})) parts.push(`${k}=${v}`);
  return parts.length ? parts.join(' ') : '(all traces)';
}
