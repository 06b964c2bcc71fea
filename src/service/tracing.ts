// A minimal OpenTelemetry exporter: spans batched and posted as OTLP/HTTP JSON to OTEL_EXPORTER_OTLP_ENDPOINT.
// Written by hand to avoid a dozen @opentelemetry packages for one exporter; swap in the SDK if more is needed.
import { randomBytes } from 'node:crypto';

export interface Span {
  traceId: string;
  spanId: string;
  end(attrs?: Record<string, string | number | boolean>, error?: string): void;
}

export interface Tracer {
  startSpan(name: string, attrs?: Record<string, string | number | boolean>, parent?: { traceId: string; spanId: string }): Span;
  flush(): Promise<void>;
  close(): Promise<void>;
}

interface Finished {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
  status: { code: number; message?: string };
}

function toAttr(key: string, v: string | number | boolean) {
  if (typeof v === 'number') return { key, value: Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v } };
  if (typeof v === 'boolean') return { key, value: { boolValue: v } };
  return { key, value: { stringValue: v } };
}

function nowNanos(): string {
  return (BigInt(Date.now()) * 1_000_000n).toString();
}

/** Parses a W3C traceparent header so our spans join the caller's trace. */
export function parseTraceparent(header: string | undefined): { traceId: string; spanId: string } | undefined {
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(header?.trim() ?? '');
  return m ? { traceId: m[1], spanId: m[2] } : undefined;
}

const noopSpan: Span = { traceId: '', spanId: '', end() {} };
export const noopTracer: Tracer = { startSpan: () => noopSpan, flush: async () => {}, close: async () => {} };

export function createTracer(endpoint: string | undefined, onError: (msg: string) => void, fetchImpl: typeof fetch = fetch): Tracer {
  if (!endpoint) return noopTracer;
  const url = endpoint.replace(/\/$/, '').endsWith('/v1/traces') ? endpoint : `${endpoint.replace(/\/$/, '')}/v1/traces`;
  let buffer: Finished[] = [];
  const timer = setInterval(() => void flush(), 2000);
  timer.unref();

  async function flush(): Promise<void> {
    if (!buffer.length) return;
    const spans = buffer;
    buffer = [];
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [toAttr('service.name', 'incident-pilot')] },
          scopeSpans: [{ scope: { name: 'incident-pilot' }, spans }],
        },
      ],
    };
    try {
      const res = await fetchImpl(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
      if (!res.ok) onError(`OTLP export to ${url}: HTTP ${res.status}`);
    } catch (err) {
      onError(`OTLP export to ${url}: ${(err as Error).message}`);
    }
  }

  return {
    startSpan(name, attrs = {}, parent) {
      const traceId = parent?.traceId ?? randomBytes(16).toString('hex');
      const spanId = randomBytes(8).toString('hex');
      const start = nowNanos();
      return {
        traceId,
        spanId,
        end(more = {}, error) {
          if (buffer.length > 5000) return; // the collector is gone: drop rather than grow
          buffer.push({
            traceId,
            spanId,
            parentSpanId: parent?.spanId,
            name,
            kind: 2,
            startTimeUnixNano: start,
            endTimeUnixNano: nowNanos(),
            attributes: Object.entries({ ...attrs, ...more }).map(([k, v]) => toAttr(k, v)),
            status: error ? { code: 2, message: error } : { code: 1 },
          });
        },
      };
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
