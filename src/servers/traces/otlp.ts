// Reads OTLP/JSON (collector file exporter, Tempo's /api/traces) into normalised spans.
import type { Span, SpanStatus } from './backend.js';
import { normaliseId } from './ids.js';

type Json = Record<string, unknown>;

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An OTLP AnyValue to a plain JS value. */
function readAnyValue(v: unknown): unknown {
  if (!isObject(v)) return v;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  if (isObject(v.arrayValue)) return Array.isArray(v.arrayValue.values) ? v.arrayValue.values.map(readAnyValue) : [];
  if (isObject(v.kvlistValue)) return readAttributes(v.kvlistValue.values);
  if ('bytesValue' in v) return v.bytesValue;
  return null;
}

/** [{key, value:{stringValue|intValue|...}}] to a record. */
export function readAttributes(list: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (isObject(kv) && typeof kv.key === 'string') out[kv.key] = readAnyValue(kv.value);
  }
  return out;
}

/** Unix nanoseconds (string or number) to epoch ms; NaN when unreadable. */
export function nanosToMs(v: unknown): number {
  if (typeof v === 'number') return v / 1e6;
  if (typeof v === 'string' && /^\d+$/.test(v)) {
    const n = BigInt(v);
    return Number(n / 1000n) / 1000;
  }
  return NaN;
}

function readStatus(status: unknown): SpanStatus {
  if (!isObject(status)) return 'unset';
  const code = status.code;
  if (code === 2 || code === 'STATUS_CODE_ERROR' || code === '2') return 'error';
  if (code === 1 || code === 'STATUS_CODE_OK' || code === '1') return 'ok';
  return 'unset';
}

function readKind(kind: unknown): string | null {
  if (typeof kind === 'number') return KINDS[kind] ?? null;
  if (typeof kind === 'string') return kind.replace(/^SPAN_KIND_/, '').toLowerCase() || null;
  return null;
}

function findErrorMessage(span: Json, attributes: Record<string, unknown>): string | null {
  const status = span.status;
  if (isObject(status) && typeof status.message === 'string' && status.message) return status.message;
  for (const key of ['exception.message', 'error.message', 'error']) {
    const v = attributes[key];
    if (typeof v === 'string' && v && v !== 'true') return v;
  }
  if (Array.isArray(span.events)) {
    for (const ev of span.events) {
      if (!isObject(ev)) continue;
      const a = readAttributes(ev.attributes);
      if (typeof a['exception.message'] === 'string') return a['exception.message'];
    }
  }
  return null;
}

export interface OtlpParseResult {
  spans: Span[];
  /** Spans left out and why (first few only). */
  problems: string[];
}

/** Spans of one OTLP/JSON document: {resourceSpans:[...]} or Tempo's {batches:[...]}. */
export function parseOtlpDocument(doc: unknown): OtlpParseResult {
  const spans: Span[] = [];
  const problems: string[] = [];
  if (!isObject(doc)) return { spans, problems: ['not a JSON object'] };
  const resourceSpans = Array.isArray(doc.resourceSpans)
    ? doc.resourceSpans
    : Array.isArray(doc.batches)
      ? doc.batches
      : null;
  if (!resourceSpans) return { spans, problems: ['no resourceSpans (or batches) array'] };
  for (const rs of resourceSpans) {
    if (!isObject(rs)) continue;
    const resource = isObject(rs.resource) ? readAttributes(rs.resource.attributes) : {};
    const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown';
    const scopes = Array.isArray(rs.scopeSpans)
      ? rs.scopeSpans
      : Array.isArray(rs.instrumentationLibrarySpans)
        ? rs.instrumentationLibrarySpans
        : [];
    for (const scope of scopes) {
      if (!isObject(scope) || !Array.isArray(scope.spans)) continue;
      for (const raw of scope.spans) {
        if (!isObject(raw)) continue;
        const traceId = normaliseId(raw.traceId);
        const spanId = normaliseId(raw.spanId);
        const startMs = nanosToMs(raw.startTimeUnixNano);
        const endMs = nanosToMs(raw.endTimeUnixNano);
        if (!traceId || !spanId || Number.isNaN(startMs)) {
          if (problems.length < 5)
            problems.push(`span "${String(raw.name ?? '?')}" lacks traceId, spanId or startTimeUnixNano`);
          continue;
        }
        const attributes = readAttributes(raw.attributes);
        const parent = normaliseId(raw.parentSpanId);
        spans.push({
          traceId,
          spanId,
          parentSpanId: parent || null,
          service,
          name: typeof raw.name === 'string' ? raw.name : '(unnamed)',
          startMs,
          durationMs: Number.isNaN(endMs) ? 0 : Math.max(0, endMs - startMs),
          status: readStatus(raw.status),
          statusMessage: findErrorMessage(raw, attributes),
          kind: readKind(raw.kind),
          attributes,
        });
      }
    }
  }
  return { spans, problems };
}
