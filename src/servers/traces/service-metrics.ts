// RED metrics per service computed from spans: request rate, error %, latency percentiles.
import type { ServiceMetricsOut } from '../../core/contracts/traces.js';
import type { TimeRange } from '../../core/types.js';
import type { Span } from './backend.js';
import { round } from './summarize.js';

/** Nearest-rank percentile of ascending values. */
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * Entry spans stand for requests: a span with no parent, or whose parent belongs to another
 * service (the hop into this service). Internal child spans would otherwise inflate the rate.
 */
function findEntrySpans(spans: Span[]): Span[] {
  const byId = new Map(spans.map((s) => [`${s.traceId}/${s.spanId}`, s]));
  return spans.filter((s) => {
    if (!s.parentSpanId) return true;
    const parent = byId.get(`${s.traceId}/${s.parentSpanId}`);
    return !parent || parent.service !== s.service;
  });
}

export function computeServiceMetrics(spans: Span[], range: TimeRange): ServiceMetricsOut[] {
  const entries = findEntrySpans(spans);
  const seconds = Math.max(1, (range.to - range.from) / 1000);
  const services = [...new Set(spans.map((s) => s.service))];
  const out: ServiceMetricsOut[] = services.map((service) => {
    const mine = entries.filter((s) => s.service === service);
    const durations = mine.map((s) => s.durationMs).sort((a, b) => a - b);
    const errors = mine.filter((s) => s.status === 'error');
    const topErrors = new Map<string, { name: string; message: string | null; count: number }>();
    for (const s of spans) {
      if (s.service !== service || s.status !== 'error') continue;
      const key = `${s.name}\u0000${s.statusMessage ?? ''}`;
      const e = topErrors.get(key) ?? { name: s.name, message: s.statusMessage, count: 0 };
      e.count++;
      topErrors.set(key, e);
    }
    return {
      service,
      requests: mine.length,
      spans: spans.filter((s) => s.service === service).length,
      requestsPerSecond: round(mine.length / seconds, 4),
      errors: errors.length,
      errorPct: mine.length ? round((100 * errors.length) / mine.length, 2) : 0,
      p50Ms: round(percentile(durations, 50)),
      p95Ms: round(percentile(durations, 95)),
      p99Ms: round(percentile(durations, 99)),
      maxMs: round(durations[durations.length - 1] ?? 0),
      topErrors: [...topErrors.values()].sort((a, b) => b.count - a.count).slice(0, 5),
    };
  });
  return out.sort((a, b) => b.errorPct - a.errorPct || b.p95Ms - a.p95Ms);
}
