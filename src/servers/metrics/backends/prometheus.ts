// MetricsBackend over the Prometheus HTTP API (also Thanos, Mimir, VictoriaMetrics): discovery by label values and
// series, samples by query_range with a step that keeps every series under Prometheus's 11,000-point limit.
import { PilotError } from '../../../core/errors.js';
import { basicAuthHeader, HttpClient, redactUrl, type HttpSettings } from '../../../core/http.js';
import type { DataWarning, Series, TimeRange } from '../../../core/types.js';
import type { HealthCheck } from '../../types.js';
import { reachabilityChecks } from '../../health-checks.js';
import type { MetricsBackend, SeriesRef } from '../backend.js';
import { parsePrometheusResponse } from './prometheus-json.js';

export interface PrometheusConfig extends HttpSettings {
  url: string;
  user?: string;
  password?: string;
  token?: string;
}

/** Prometheus refuses query_range answers of more than 11,000 points per series. */
const MAX_POINTS_PER_SERIES = 11_000;
/** Default resolution: one point a minute, the bundle files' resolution. */
const DEFAULT_STEP_SECONDS = 60;

interface PromEnvelope<T> {
  status: 'success' | 'error';
  data: T;
  error?: string;
  errorType?: string;
  warnings?: string[];
}

export interface PromQueryResult {
  resultType: 'matrix' | 'vector' | 'scalar' | 'string';
  result: unknown;
}

export interface BackendProbe {
  reachable: boolean;
  authenticated: boolean | null;
  version: string | null;
  detail: string;
}

/** `name{k="v",...}` with label values escaped for PromQL. */
function buildSelector(name: string | undefined, labels: Record<string, string> = {}): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  if (!name) parts.unshift('__name__=~".+"');
  return `${name ?? ''}{${parts.join(',')}}`;
}

/** The step (s) for a range: the requested or default step, raised so that no series exceeds the point limit. */
export function chooseStep(range: TimeRange, requested?: number): number {
  const spanSeconds = Math.max(1, (range.to - range.from) / 1000);
  return Math.max(requested ?? DEFAULT_STEP_SECONDS, Math.ceil(spanSeconds / (MAX_POINTS_PER_SERIES - 1)));
}

/** Evaluation times aligned to the step, inside the half-open range [from, to). */
export function alignRange(range: TimeRange, step: number): { start: number; end: number } | null {
  const start = Math.ceil(range.from / 1000 / step) * step;
  const end = Math.floor((range.to - 1) / 1000 / step) * step;
  return end >= start ? { start, end } : null;
}

export class PrometheusBackend implements MetricsBackend {
  readonly name = 'prometheus';
  private readonly http: HttpClient;
  private readonly problems: DataWarning[] = [];
  private readonly hasCredentials: boolean;

  constructor(private readonly config: PrometheusConfig) {
    const headers: Record<string, string> = {};
    if (config.token) headers.authorization = `Bearer ${config.token}`;
    else if (config.user) headers.authorization = basicAuthHeader(config.user, config.password ?? '');
    this.hasCredentials = Boolean(config.token || config.user);
    this.http = new HttpClient({
      ...config,
      backend: 'Prometheus',
      baseUrl: config.url,
      headers,
      authSettings: 'PROMETHEUS_USER/PROMETHEUS_PASSWORD or PROMETHEUS_TOKEN',
      urlSetting: 'PROMETHEUS_URL',
      secrets: [config.password, config.token],
    });
  }

  /** Live data has no fixed end: callers use now (or --until). */
  async extent(): Promise<TimeRange | null> {
    return null;
  }

  /** GET an /api/v1 path, unwrapping Prometheus's {status, data} envelope; an "error" status names the query. */
  async api<T>(path: string, query: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<T> {
    let body: PromEnvelope<T>;
    try {
      body = await this.http.getJson<PromEnvelope<T>>(path, { query, signal });
    } catch (err) {
      // 400/422 carry Prometheus's own message (a PromQL parse error): keep it readable.
      if (err instanceof PilotError && err.code === 'bad_input') {
        const m = /"error":"((?:[^"\\]|\\.)*)"/.exec(err.message);
        throw new PilotError(
          'bad_input',
          `Prometheus rejected the query ${JSON.stringify(query.query ?? query['match[]'] ?? '')}: ${m ? JSON.parse(`"${m[1]}"`) : err.message}`,
          {
            hint: 'fix the PromQL expression',
          },
        );
      }
      throw err;
    }
    if (body.status !== 'success') {
      throw new PilotError('bad_input', `Prometheus: ${body.errorType ?? 'error'}: ${body.error ?? 'unknown error'}`, {
        hint: 'fix the PromQL expression',
      });
    }
    for (const w of body.warnings ?? []) this.warn('prometheus', w);
    return body.data;
  }

  async listSeries(filter: { name?: string; labels?: Record<string, string> }, range: TimeRange): Promise<SeriesRef[]> {
    const window = { start: (range.from / 1000).toFixed(3), end: (range.to / 1000).toFixed(3) };
    if (!filter.name && !Object.keys(filter.labels ?? {}).length) {
      // Every series of a real Prometheus is too many to list: one ref per metric name, labels left out.
      const names = await this.api<string[]>('/api/v1/label/__name__/values', window);
      return names.sort().map((name) => ({ name, labels: {} }));
    }
    const found = await this.api<Array<Record<string, string>>>('/api/v1/series', {
      'match[]': buildSelector(filter.name, filter.labels),
      ...window,
    });
    return found.map(({ __name__, ...labels }) => ({ name: __name__ ?? filter.name ?? '', labels }));
  }

  async fetch(
    filter: { name: string; labels?: Record<string, string> },
    range: TimeRange,
    stepSeconds?: number,
  ): Promise<Series[]> {
    const step = chooseStep(range, stepSeconds);
    const aligned = alignRange(range, step);
    if (!aligned) return [];
    const data = await this.queryRange(buildSelector(filter.name, filter.labels), aligned.start, aligned.end, step);
    return this.toSeries(data, filter.name);
  }

  async queryRange(
    query: string,
    start: number,
    end: number,
    step: number,
    signal?: AbortSignal,
  ): Promise<PromQueryResult> {
    return this.api<PromQueryResult>('/api/v1/query_range', { query, start, end, step }, signal);
  }

  async queryInstant(query: string, time: number | undefined, signal?: AbortSignal): Promise<PromQueryResult> {
    return this.api<PromQueryResult>('/api/v1/query', { query, time }, signal);
  }

  /** Matrix or vector results as series; "NaN"/"Inf" samples dropped as in the file backend. */
  toSeries(data: PromQueryResult, fallbackName: string): Series[] {
    const parsed = parsePrometheusResponse(JSON.stringify({ status: 'success', data }), 'prometheus', fallbackName);
    for (const w of parsed.warnings) this.warn(w.where, w.message);
    return parsed.series;
  }

  /** Metric metadata (type, help) by name, for discovery; empty when the server does not keep any. */
  async metadata(metric?: string): Promise<Record<string, Array<{ type: string; help: string; unit?: string }>>> {
    return this.api('/api/v1/metadata', { metric });
  }

  async probe(): Promise<BackendProbe> {
    const res = await this.http.probe('/api/v1/status/buildinfo');
    const where = redactUrl(this.config.url);
    if (res.status === null)
      return {
        reachable: false,
        authenticated: null,
        version: null,
        detail: `cannot reach ${where}: ${res.problem}; check PROMETHEUS_URL`,
      };
    if (res.status === 401 || res.status === 403) {
      return {
        reachable: true,
        authenticated: false,
        version: null,
        detail: `${where} answered ${res.status}; check PROMETHEUS_USER/PROMETHEUS_PASSWORD or PROMETHEUS_TOKEN`,
      };
    }
    let version: string | null = null;
    try {
      version = (JSON.parse(res.text) as { data?: { version?: string } }).data?.version ?? null;
    } catch {
      // Some Prometheus-compatible servers have no buildinfo: reachable all the same.
    }
    const ok = res.status >= 200 && res.status < 300;
    return {
      reachable: true,
      authenticated: this.hasCredentials ? ok || res.status === 404 : null,
      version,
      detail: ok
        ? `${where} answers${version ? `, version ${version}` : ''}`
        : `${where} answered HTTP ${res.status} on /api/v1/status/buildinfo`,
    };
  }

  async health(): Promise<HealthCheck[]> {
    const p = await this.probe();
    const checks: HealthCheck[] = reachabilityChecks('prometheus', p);
    if (p.reachable && p.authenticated !== false) {
      try {
        const names = await this.api<string[]>('/api/v1/label/__name__/values', {});
        checks.push({ name: 'prometheus metrics', ok: names.length > 0, detail: `${names.length} metric names` });
      } catch (err) {
        checks.push({ name: 'prometheus metrics', ok: false, detail: (err as Error).message });
      }
    }
    return checks;
  }

  warnings(): DataWarning[] {
    return [...this.problems];
  }

  private warn(where: string, message: string): void {
    if (this.problems.length < 50 && !this.problems.some((p) => p.message === message))
      this.problems.push({ where, message });
  }

  async close(): Promise<void> {}
}

export function createPrometheusBackend(config: PrometheusConfig): PrometheusBackend {
  return new PrometheusBackend(config);
}
