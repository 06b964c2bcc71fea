// Traces from Grafana Tempo's HTTP API: TraceQL search, trace by id, build info.
import type { Span, TraceQuery, TraceSummary, TracesBackend, BackendInfo } from '../backend.js';
import { normaliseId } from '../ids.js';
import { nanosToMs, parseOtlpDocument, readAttributes } from '../otlp.js';
import { basicAuthHeader, HttpClient, redactUrl, type HttpSettings } from '../../../core/http.js';
import type { TimeRange } from '../../../core/types.js';
import { mapLimit } from '../concurrency.js';
import { probeFailure } from './probe.js';

export interface TempoConfig extends HttpSettings {
  url: string;
  user?: string;
  password?: string;
  tenant?: string;
}

/** Quotes a TraceQL string literal. */
function quote(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function formatDuration(ms: number): string {
  return Number.isInteger(ms) ? `${ms}ms` : `${Math.round(ms * 1000)}us`;
}

/** `{ resource.service.name = "x" && duration >= 500ms && status = error }` from the tool's filters. */
export function buildTraceQL(
  q: Pick<TraceQuery, 'service' | 'operation' | 'minDurationMs' | 'status' | 'tags'>,
): string {
  const conds: string[] = [];
  if (q.service) conds.push(`resource.service.name = ${quote(q.service)}`);
  if (q.operation) conds.push(`name = ${quote(q.operation)}`);
  if (q.minDurationMs !== undefined) conds.push(`duration >= ${formatDuration(q.minDurationMs)}`);
  if (q.status === 'error') conds.push('status = error');
  if (q.status === 'ok') conds.push('status != error');
  for (const [k, v] of Object.entries(q.tags ?? {})) {
    // Unscoped attributes match span or resource attributes alike.
    const key = /^(span|resource)\./.test(k) ? k : `.${k}`;
    conds.push(`${key} = ${quote(v)}`);
  }
  return conds.length ? `{ ${conds.join(' && ')} }` : '{ }';
}

interface TempoSpanSet {
  spans?: Array<{ spanID?: string; attributes?: unknown }>;
  matched?: number;
}
interface TempoSearchTrace {
  traceID?: string;
  rootServiceName?: string;
  rootTraceName?: string;
  startTimeUnixNano?: string | number;
  durationMs?: number;
  spanSets?: TempoSpanSet[];
  spanSet?: TempoSpanSet;
  serviceStats?: Record<string, { spanCount?: number; errorCount?: number }>;
}

function toSummary(t: TempoSearchTrace): TraceSummary {
  const services = new Set<string>();
  if (t.rootServiceName) services.add(t.rootServiceName);
  let spanCount: number | null = null;
  let errorCount: number | null = null;
  if (t.serviceStats) {
    spanCount = 0;
    errorCount = 0;
    for (const [svc, st] of Object.entries(t.serviceStats)) {
      services.add(svc);
      spanCount += st.spanCount ?? 0;
      errorCount += st.errorCount ?? 0;
    }
  }
  for (const set of t.spanSets ?? (t.spanSet ? [t.spanSet] : [])) {
    for (const s of set.spans ?? []) {
      const name = readAttributes(s.attributes)['service.name'];
      if (typeof name === 'string') services.add(name);
    }
  }
  return {
    traceId: normaliseId(t.traceID),
    rootService: t.rootServiceName ?? '<root span not yet received>',
    rootOperation: t.rootTraceName ?? '',
    startMs: nanosToMs(t.startTimeUnixNano ?? 0),
    durationMs: t.durationMs ?? 0,
    spanCount,
    errorCount,
    services: [...services],
  };
}

export function createTempoBackend(cfg: TempoConfig): TracesBackend {
  const headers: Record<string, string> = {};
  if (cfg.user) headers.authorization = basicAuthHeader(cfg.user, cfg.password ?? '');
  if (cfg.tenant) headers['X-Scope-OrgID'] = cfg.tenant;
  const http = new HttpClient({
    backend: 'Tempo',
    baseUrl: cfg.url,
    headers,
    authSettings: 'TEMPO_AUTH_USER and TEMPO_AUTH_PASSWORD (and TEMPO_TENANT for a multi-tenant Tempo)',
    urlSetting: 'TEMPO_URL',
    secrets: [cfg.password],
    ...cfg,
    timeoutMs: cfg.timeoutMs ?? 15_000,
    retries: cfg.retries ?? 2,
    backoffMs: cfg.backoffMs ?? 300,
  });

  const search = async (q: TraceQuery, signal?: AbortSignal) => {
    const traceql = buildTraceQL(q);
    const body = await http.getJsonOrNull<{ traces?: TempoSearchTrace[] }>('api/search', {
      query: {
        q: traceql,
        start: Math.floor(q.range.from / 1000),
        end: Math.ceil(q.range.to / 1000),
        limit: q.limit + 1,
      },
      signal,
    });
    const traces = (body?.traces ?? []).map(toSummary).sort((a, b) => b.startMs - a.startMs);
    return { query: traceql, traces: traces.slice(0, q.limit), truncated: traces.length > q.limit };
  };

  const getTrace = async (traceId: string, signal?: AbortSignal): Promise<Span[]> => {
    const id = normaliseId(traceId);
    const body = await http.getJsonOrNull<Record<string, unknown>>(`api/traces/${encodeURIComponent(id)}`, { signal });
    if (!body) return [];
    const doc = body.trace && typeof body.trace === 'object' ? body.trace : body;
    return parseOtlpDocument(doc).spans;
  };

  return {
    name: 'tempo',
    extent: async () => null,
    search,
    getTrace,
    async spansInRange(range: TimeRange, service, signal) {
      // Tempo has no span export: read a sample of recent traces in full.
      const found = await search({ range, service, limit: 50, status: 'any' }, signal);
      const lists = await mapLimit(found.traces, 5, (t) => getTrace(t.traceId, signal));
      return { spans: lists.flat(), traces: lists.length, sampled: true };
    },
    async probe(): Promise<BackendInfo> {
      const r = await http.probe('api/status/buildinfo');
      const failed = probeFailure(r, cfg.url, ': check TEMPO_AUTH_USER and TEMPO_AUTH_PASSWORD');
      if (failed) return failed;
      let version: string | null = null;
      try {
        version = (JSON.parse(r.text) as { version?: string }).version ?? null;
      } catch {
        // Older Tempo: no build info; /api/echo still tells us it is up.
        const echo = await http.probe('api/echo');
        if (echo.status !== 200)
          return {
            reachable: true,
            authenticated: null,
            version: null,
            detail: `HTTP ${r.status} from buildinfo and ${echo.status} from echo`,
          };
      }
      return {
        reachable: true,
        authenticated: cfg.user ? true : null,
        version,
        detail: `Tempo at ${redactUrl(cfg.url)}`,
      };
    },
    warnings: () => [],
    async health() {
      const p = await this.probe();
      return [
        {
          name: 'tempo',
          ok: p.reachable && p.authenticated !== false,
          detail: p.detail + (p.version ? ` (version ${p.version})` : ''),
        },
      ];
    },
    async close() {},
  };
}
