// A small incident in traces, made by the tests: a checkout failing in its payment call, plus healthy traffic.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toOtlpResourceSpans, type FakeSpan } from '../../fakes/tempo.js';

export const T0 = Date.parse('2025-06-01T10:00:00Z');
export const FAILING_TRACE = 'aa'.repeat(16);
export const OK_TRACE = 'bb'.repeat(16);
export const HOME_TRACE = 'cc'.repeat(16);

export const incidentSpans: FakeSpan[] = [
  {
    traceId: FAILING_TRACE,
    spanId: 'a1'.repeat(8),
    service: 'web',
    name: 'GET /checkout',
    startMs: T0 + 60_000,
    durationMs: 800,
    error: 'HTTP 502',
  },
  {
    traceId: FAILING_TRACE,
    spanId: 'a2'.repeat(8),
    parentSpanId: 'a1'.repeat(8),
    service: 'orders',
    name: 'POST /pay',
    startMs: T0 + 60_050,
    durationMs: 700,
    error: 'payment failed',
  },
  {
    traceId: FAILING_TRACE,
    spanId: 'a3'.repeat(8),
    parentSpanId: 'a2'.repeat(8),
    service: 'payments',
    name: 'charge',
    startMs: T0 + 60_100,
    durationMs: 600,
    error: 'gateway timeout after 600ms',
    attributes: { 'http.status_code': '504' },
  },
  {
    traceId: FAILING_TRACE,
    spanId: 'a4'.repeat(8),
    parentSpanId: 'a3'.repeat(8),
    service: 'payments',
    name: 'SELECT card',
    startMs: T0 + 60_110,
    durationMs: 5,
  },
  {
    traceId: OK_TRACE,
    spanId: 'b1'.repeat(8),
    service: 'web',
    name: 'GET /checkout',
    startMs: T0 + 30_000,
    durationMs: 200,
  },
  {
    traceId: OK_TRACE,
    spanId: 'b2'.repeat(8),
    parentSpanId: 'b1'.repeat(8),
    service: 'orders',
    name: 'POST /pay',
    startMs: T0 + 30_020,
    durationMs: 150,
  },
  { traceId: HOME_TRACE, spanId: 'c1'.repeat(8), service: 'web', name: 'GET /', startMs: T0 + 10_000, durationMs: 40 },
  {
    traceId: HOME_TRACE,
    spanId: 'c2'.repeat(8),
    parentSpanId: 'c1'.repeat(8),
    service: 'catalog',
    name: 'list',
    startMs: T0 + 10_005,
    durationMs: 30,
  },
];

/** 100 single-span requests of "search" lasting 1..100 ms; every 10th fails. */
export function latencySpans(): FakeSpan[] {
  return Array.from({ length: 100 }, (_, i) => ({
    traceId: (i + 1).toString(16).padStart(32, '0'),
    spanId: (i + 1).toString(16).padStart(16, '0'),
    service: 'search',
    name: 'GET /search',
    startMs: T0 + 1000 * i,
    durationMs: i + 1,
    ...((i + 1) % 10 === 0 ? { error: 'index unavailable' } : {}),
  }));
}

/**
 * A data dir with traces/ in three shapes: one OTLP document (string nanos), one document per line
 * with numeric nanos, and a broken file that must be reported and skipped.
 */
export function writeTraceDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ip-traces-'));
  mkdirSync(join(dir, 'traces'));
  writeFileSync(
    join(dir, 'traces', 'incident.json'),
    JSON.stringify({ resourceSpans: toOtlpResourceSpans(incidentSpans) }),
  );
  const lines = latencySpans().map((s) => {
    const doc = { resourceSpans: toOtlpResourceSpans([s]) };
    const span = doc.resourceSpans[0].scopeSpans[0].spans[0] as Record<string, unknown>;
    span.startTimeUnixNano = Number(span.startTimeUnixNano);
    span.endTimeUnixNano = Number(span.endTimeUnixNano);
    return JSON.stringify(doc);
  });
  writeFileSync(join(dir, 'traces', 'search.jsonl.json'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'traces', 'broken.json'), '{"resourceSpans": [ not json');
  return dir;
}
