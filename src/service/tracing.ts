// The service's own traces (HTTP requests, tool calls, investigations) through the OpenTelemetry SDK, batched and
// exported as OTLP/HTTP JSON to <OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces. Callers see one small Tracer interface.
import { AsyncLocalStorage } from 'node:async_hooks';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace, type Span as OtelSpan } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BatchSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';

export type SpanAttributes = Record<string, string | number | boolean>;

/** A span of another process (a W3C traceparent header) that ours continue. */
export interface SpanParent {
  traceId: string;
  spanId: string;
}

export interface Span {
  traceId: string;
  spanId: string;
  end(attrs?: SpanAttributes, error?: string): void;
}

export interface SpanOptions {
  /** server (default): handling a request; internal: work inside the service (an investigation, its tool calls). */
  kind?: 'server' | 'internal';
  /** Epoch ms, for a span recorded after the fact (a tool call reported when it ends). */
  startTime?: number;
}

export interface Tracer {
  /** Without a parent, the span continues the one `withSpan` made current, if any. */
  startSpan(name: string, attrs?: SpanAttributes, parent?: SpanParent, opts?: SpanOptions): Span;
  /** Runs fn with span as the parent of the spans started inside it (an investigation's tool calls). */
  withSpan<T>(span: Span, fn: () => T): T;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Parses a W3C traceparent header so our spans join the caller's trace. */
export function parseTraceparent(header: string | undefined): SpanParent | undefined {
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(header?.trim() ?? '');
  return m ? { traceId: m[1], spanId: m[2] } : undefined;
}

const noopSpan: Span = { traceId: '', spanId: '', end() {} };
export const noopTracer: Tracer = {
  startSpan: () => noopSpan,
  withSpan: (_span, fn) => fn(),
  flush: async () => {},
  close: async () => {},
};

/** Where the spans go: the standard OTLP/HTTP traces path under the configured endpoint. */
export function tracesUrlOf(endpoint: string): string {
  const base = endpoint.replace(/\/$/, '');
  return base.endsWith('/v1/traces') ? base : `${base}/v1/traces`;
}

const EXPORT_TIMEOUT_MS = 5000;
/** Spans wait at most this long before they are sent. */
const EXPORT_DELAY_MS = 2000;
/** Beyond this many waiting spans the collector is gone: drop rather than grow. */
const MAX_QUEUED_SPANS = 5000;
/** ExportResultCode.SUCCESS of @opentelemetry/core. */
const EXPORT_SUCCESS = 0;

/** "HTTP 400 Bad Request" for a collector's refusal (OTLPExporterError carries the status), else the message. */
function describeFailure(err: (Error & { code?: unknown }) | undefined): string {
  if (!err) return 'failed';
  return typeof err.code === 'number' ? `HTTP ${err.code} ${err.message}` : err.message;
}

/** The SDK reports failed exports only to a global handler; ours tell the service log instead. */
function reportFailures(
  inner: SpanExporter,
  url: string,
  onError: (msg: string) => void,
  reported: WeakSet<Error>,
): SpanExporter {
  return {
    export(spans, done) {
      inner.export(spans, (result) => {
        if (result.code !== EXPORT_SUCCESS) {
          if (result.error) reported.add(result.error);
          onError(`OTLP export to ${url}: ${describeFailure(result.error)}`);
        }
        done(result);
      });
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

export function createTracer(endpoint: string | undefined, onError: (msg: string) => void): Tracer {
  if (!endpoint) return noopTracer;
  const url = tracesUrlOf(endpoint);
  // A failed export is told once, by the exporter; flush and close then reject with the same error.
  const reported = new WeakSet<Error>();
  const exporter = reportFailures(
    new OTLPTraceExporter({ url, timeoutMillis: EXPORT_TIMEOUT_MS }),
    url,
    onError,
    reported,
  );
  const settle = (p: Promise<void>) =>
    p.catch((err: Error) => {
      if (!reported.has(err)) onError(`OTLP export to ${url}: ${describeFailure(err)}`);
    });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'incident-pilot' }),
    // Every request is traced, as before the SDK: a caller's unsampled flag does not hide our side.
    sampler: new AlwaysOnSampler(),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter,
        scheduledDelayMillis: EXPORT_DELAY_MS,
        maxQueueSize: MAX_QUEUED_SPANS,
        exportTimeoutMillis: EXPORT_TIMEOUT_MS,
      }),
    ],
  });
  const tracer = provider.getTracer('incident-pilot');
  // Our own current-span slot: the SDK's needs a global context manager, which tests starting two services would share.
  const current = new AsyncLocalStorage<OtelSpan>();
  const handles = new WeakMap<Span, OtelSpan>();

  return {
    startSpan(name, attrs = {}, parent, opts = {}) {
      const parentSpan = parent
        ? trace.wrapSpanContext({
            traceId: parent.traceId,
            spanId: parent.spanId,
            traceFlags: TraceFlags.SAMPLED,
            isRemote: true,
          })
        : current.getStore();
      const ctx = parentSpan ? trace.setSpan(ROOT_CONTEXT, parentSpan) : ROOT_CONTEXT;
      const span = tracer.startSpan(
        name,
        {
          kind: opts.kind === 'internal' ? SpanKind.INTERNAL : SpanKind.SERVER,
          attributes: attrs,
          startTime: opts.startTime,
        },
        ctx,
      );
      const { traceId, spanId } = span.spanContext();
      let ended = false;
      const handle: Span = {
        traceId,
        spanId,
        // Once: a run whose final bookkeeping fails ends its span in the error path too.
        end(more = {}, error) {
          if (ended) return;
          ended = true;
          span.setAttributes(more);
          span.setStatus(error ? { code: SpanStatusCode.ERROR, message: error } : { code: SpanStatusCode.OK });
          span.end();
        },
      };
      handles.set(handle, span);
      return handle;
    },
    withSpan(span, fn) {
      const otel = handles.get(span);
      return otel ? current.run(otel, fn) : fn();
    },
    flush: () => settle(provider.forceFlush()),
    close: () => settle(provider.shutdown()),
  };
}
