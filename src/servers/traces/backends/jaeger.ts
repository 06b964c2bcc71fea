// Traces from the Jaeger query service's HTTP API (/api/services, /api/traces).
import type { BackendInfo, Span, TraceQuery, TracesBackend } from '../backend.js';
import { normaliseId } from '../ids.js';
import { HttpClient, redactUrl, type HttpSettings } from '../../../core/http.js';
import { describeQuery, groupByTrace, searchSpans } from '../summarize.js';
import { mapLimit } from '../concurrency.js';
import { probeFailure } from './probe.js';

export interface JaegerConfig extends HttpSettings {
  url: string;
}

interface JaegerTag {
  key: string;
  type?: string;
  value: unknown;
}
interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName?: string;
  references?: Array<{ refType?: string; traceID?: string; spanID?: string }>;
  startTime: number;
  duration: number;
  tags?: JaegerTag[];
  logs?: Array<{ timestamp?: number; fields?: JaegerTag[] }>;
  processID?: string;
}
export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes?: Record<string, { serviceName?: string }>;
}

function tagsToRecord(tags: JaegerTag[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of tags ?? []) out[t.key] = t.value;
  return out;
}

/** Jaeger's span model to ours: µs to ms, error tag or otel.status_code to status. */
function convertJaegerTrace(t: JaegerTrace): Span[] {
  return t.spans.map((s) => {
    const attributes = tagsToRecord(s.tags);
    const parent = s.references?.find((r) => r.refType === 'CHILD_OF') ?? s.references?.[0];
    const isError =
      attributes.error === true || attributes.error === 'true' || attributes['otel.status_code'] === 'ERROR';
    let message: string | null =
      typeof attributes['otel.status_description'] === 'string' ? attributes['otel.status_description'] : null;
    for (const log of s.logs ?? []) {
      const f = tagsToRecord(log.fields);
      const m = f['exception.message'] ?? f.message ?? f['error.object'];
      if (
        !message &&
        typeof m === 'string' &&
        (f.event === 'error' || f.event === 'exception' || 'exception.message' in f)
      )
        message = m;
    }
    const kind = attributes['span.kind'];
    return {
      traceId: normaliseId(s.traceID),
      spanId: normaliseId(s.spanID),
      parentSpanId: parent?.spanID ? normaliseId(parent.spanID) : null,
      service: t.processes?.[s.processID ?? '']?.serviceName ?? 'unknown',
      name: s.operationName ?? '(unnamed)',
      startMs: s.startTime / 1000,
      durationMs: s.duration / 1000,
      status: isError ? 'error' : attributes['otel.status_code'] === 'OK' ? 'ok' : 'unset',
      statusMessage: isError ? message : null,
      kind: typeof kind === 'string' ? kind : null,
      attributes,
    };
  });
}

export function createJaegerBackend(cfg: JaegerConfig): TracesBackend {
  const http = new HttpClient({
    backend: 'Jaeger',
    baseUrl: cfg.url,
    authSettings: 'JAEGER_URL (Jaeger query has no credentials of its own; a proxy in front of it refused us)',
    urlSetting: 'JAEGER_URL',
    ...cfg,
    timeoutMs: cfg.timeoutMs ?? 15_000,
    retries: cfg.retries ?? 2,
    backoffMs: cfg.backoffMs ?? 300,
  });

  const listServices = async (signal?: AbortSignal): Promise<string[]> => {
    const body = await http.getJsonOrNull<{ data?: string[] }>('api/services', { signal });
    return (body?.data ?? []).filter((s) => s !== 'jaeger-query' && s !== 'jaeger-all-in-one');
  };

  const fetchTraces = async (
    service: string,
    q: Pick<TraceQuery, 'range' | 'operation' | 'minDurationMs' | 'status' | 'tags'>,
    limit: number,
    signal?: AbortSignal,
  ): Promise<Span[]> => {
    const tags: Record<string, string> = { ...q.tags };
    if (q.status === 'error') tags.error = 'true';
    const body = await http.getJsonOrNull<{ data?: JaegerTrace[] }>('api/traces', {
      query: {
        service,
        operation: q.operation,
        start: Math.floor(q.range.from * 1000),
        end: Math.floor(q.range.to * 1000),
        limit,
        minDuration: q.minDurationMs !== undefined ? `${q.minDurationMs}ms` : undefined,
        tags: Object.keys(tags).length ? JSON.stringify(tags) : undefined,
      },
      signal,
    });
    return (body?.data ?? []).flatMap(convertJaegerTrace);
  };

  /** Jaeger searches one service at a time: without one, ask each known service. */
  const spansFor = async (
    service: string | undefined,
    q: Pick<TraceQuery, 'range' | 'operation' | 'minDurationMs' | 'status' | 'tags'>,
    limit: number,
    signal?: AbortSignal,
  ) => {
    const services = service ? [service] : (await listServices(signal)).slice(0, 20);
    return (await mapLimit(services, 4, (s) => fetchTraces(s, q, limit, signal))).flat();
  };

  return {
    name: 'jaeger',
    extent: async () => null,
    async search(q, signal) {
      const spans = await spansFor(q.service, q, q.limit + 1, signal);
      // Jaeger already filtered; matching again applies the same-span semantics and the ok filter.
      return { query: describeQuery(q), ...searchSpans(groupByTrace(spans), q) };
    },
    async getTrace(traceId, signal) {
      const body = await http.getJsonOrNull<{ data?: JaegerTrace[] }>(
        `api/traces/${encodeURIComponent(normaliseId(traceId))}`,
        { signal },
      );
      return (body?.data ?? []).flatMap(convertJaegerTrace);
    },
    async spansInRange(range, service, signal) {
      const spans = await spansFor(service, { range }, 50, signal);
      return { spans, traces: groupByTrace(spans).size, sampled: true };
    },
    async probe(): Promise<BackendInfo> {
      const r = await http.probe('api/services');
      const failed = probeFailure(r, cfg.url, ' from a proxy in front of Jaeger');
      if (failed) return failed;
      return {
        reachable: r.status === 200,
        authenticated: null,
        version: null,
        detail: `Jaeger at ${redactUrl(cfg.url)} answered HTTP ${r.status}`,
      };
    },
    warnings: () => [],
    async health() {
      const p = await this.probe();
      return [{ name: 'jaeger', ok: p.reachable && p.authenticated !== false, detail: p.detail }];
    },
    async close() {},
  };
}
