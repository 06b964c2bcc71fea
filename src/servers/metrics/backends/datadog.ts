// Datadog through its official client (v1 MetricsApi, EventsApi): metric series grouped by the unified `service` tag,
// and deployment events as deployments for the git server. Retries and timeouts come from our fetch, handed to the
// client. Its common and v1 packages are imported on their own: the package's index loads v2 as well, some 2 s
// of start-up for two v1 endpoints.
import * as client from '@datadog/datadog-api-client/dist/packages/datadog-api-client-common/index.js';
import * as v1 from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/index.js';
import { PilotError } from '../../../core/errors.js';
import {
  createRetryingFetch,
  redactUrl,
  scrubSecrets,
  statusError,
  type HttpSettings,
  type HttpTarget,
} from '../../../core/http.js';
import { toIso } from '../../../core/time.js';
import type { DataWarning, Deployment, Series, TimeRange } from '../../../core/types.js';
import type { HealthCheck } from '../../types.js';
import type { MetricsBackend, SeriesRef } from '../backend.js';

export interface DatadogConfig extends HttpSettings {
  apiKey: string;
  appKey?: string;
  /** datadoghq.com (default), datadoghq.eu, us3.datadoghq.com, ... */
  site?: string;
  /** Full API base URL; overrides site (proxies and tests). */
  baseUrl?: string;
}

export interface BackendProbe {
  reachable: boolean;
  authenticated: boolean | null;
  version: string | null;
  detail: string;
}

/** Tags a query groups by, so each service has its own series. */
const GROUP_TAGS = ['service'];

/** `avg:name{k:v,...} by {service}`. */
function buildDatadogQuery(name: string, labels: Record<string, string> = {}): string {
  const scope =
    Object.entries(labels)
      .map(([k, v]) => `${k}:${v}`)
      .join(',') || '*';
  return `avg:${name}{${scope}} by {${GROUP_TAGS.join(',')}}`;
}

/** `service:checkout-api` tags as labels; bare tags become label=true. */
function tagsToLabels(tags: readonly string[] = []): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const t of tags) {
    const i = t.indexOf(':');
    if (i > 0) labels[t.slice(0, i)] = t.slice(i + 1);
    else if (t) labels[t] = 'true';
  }
  return labels;
}

export class DatadogClient {
  readonly baseUrl: string;
  readonly target: HttpTarget;
  readonly config: client.Configuration;

  constructor(private readonly settings: DatadogConfig) {
    this.baseUrl = settings.baseUrl ?? `https://api.${settings.site ?? 'datadoghq.com'}`;
    this.target = {
      ...settings,
      backend: 'Datadog',
      baseUrl: this.baseUrl,
      authSettings: 'DD_API_KEY/DD_APP_KEY',
      urlSetting: 'DD_SITE',
      secrets: [settings.apiKey, settings.appKey],
    };
    this.config = client.createConfiguration({
      baseServer: new client.BaseServerConfiguration(this.baseUrl, {}),
      authMethods: { apiKeyAuth: settings.apiKey, ...(settings.appKey ? { appKeyAuth: settings.appKey } : {}) },
      fetch: createRetryingFetch(this.target),
      enableRetry: false,
    });
  }

  /** Runs one client call, turning ApiException into our PilotError with the setting to fix. */
  async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof PilotError) throw err;
      const e = err as { code?: number; body?: unknown; message?: string };
      if (typeof e.code === 'number')
        throw statusError(this.target, e.code, typeof e.body === 'string' ? e.body : JSON.stringify(e.body ?? ''));
      throw new PilotError(
        'backend_unavailable',
        `Datadog at ${redactUrl(this.baseUrl)}: ${scrubSecrets(e.message ?? String(err), this.target.secrets)}`,
        { hint: 'check DD_SITE' },
      );
    }
  }

  async probe(): Promise<BackendProbe> {
    const fetchOnce = this.settings.fetch ?? ((u: string, i?: RequestInit) => fetch(u, i));
    const where = redactUrl(this.baseUrl);
    try {
      const res = await fetchOnce(`${this.baseUrl}/api/v1/validate`, {
        headers: {
          accept: 'application/json',
          'DD-API-KEY': this.settings.apiKey,
          ...(this.settings.appKey ? { 'DD-APPLICATION-KEY': this.settings.appKey } : {}),
        },
        signal: AbortSignal.timeout(10_000),
      });
      await res.text();
      if (res.status === 401 || res.status === 403)
        return {
          reachable: true,
          authenticated: false,
          version: 'api v1',
          detail: `${where} refused DD_API_KEY (HTTP ${res.status})`,
        };
      return {
        reachable: true,
        authenticated: res.ok,
        version: 'api v1',
        detail: `${where} answers; API key ${res.ok ? 'valid' : `not confirmed (HTTP ${res.status})`}${this.settings.appKey ? '' : '; DD_APP_KEY not set: metric queries need it'}`,
      };
    } catch (err) {
      return {
        reachable: false,
        authenticated: null,
        version: null,
        detail: `cannot reach ${where}: ${scrubSecrets((err as Error).message, this.target.secrets)}; check DD_SITE`,
      };
    }
  }
}

export class DatadogMetricsBackend implements MetricsBackend {
  readonly name = 'datadog';
  private readonly metrics: v1.MetricsApi;
  private readonly problems: DataWarning[] = [];

  constructor(readonly dd: DatadogClient) {
    this.metrics = new v1.MetricsApi(dd.config);
  }

  async extent(): Promise<TimeRange | null> {
    return null;
  }

  async listSeries(filter: { name?: string; labels?: Record<string, string> }, range: TimeRange): Promise<SeriesRef[]> {
    if (filter.name)
      return (await this.fetch({ name: filter.name, labels: filter.labels }, range)).map((s) => ({
        name: s.name,
        labels: s.labels,
      }));
    const res = await this.dd.call(() => this.metrics.listActiveMetrics({ from: Math.floor(range.from / 1000) }));
    return (res.metrics ?? []).sort().map((name) => ({ name, labels: {} }));
  }

  async fetch(filter: { name: string; labels?: Record<string, string> }, range: TimeRange): Promise<Series[]> {
    const query = buildDatadogQuery(filter.name, filter.labels);
    const res = await this.dd.call(() =>
      this.metrics.queryMetrics({ from: Math.floor(range.from / 1000), to: Math.ceil(range.to / 1000), query }),
    );
    if (res.status && res.status !== 'ok')
      throw new PilotError('bad_input', `Datadog rejected ${query}: ${res.error ?? res.status}`, {
        hint: 'check the metric name',
      });
    const out: Series[] = [];
    for (const s of res.series ?? []) {
      const points: Array<[number, number]> = [];
      for (const p of s.pointlist ?? []) {
        const [ms, v] = p as Array<number | null>;
        // Datadog's pointlist is [epoch ms, value]; keep the half-open range as the file backend does.
        if (typeof ms === 'number' && typeof v === 'number' && Number.isFinite(v) && ms >= range.from && ms < range.to)
          points.push([ms / 1000, v]);
      }
      if (points.length)
        out.push({
          name: s.metric ?? filter.name,
          labels: { ...tagsToLabels(s.tagSet), ...(filter.labels ?? {}) },
          points,
        });
    }
    return out;
  }

  probe(): Promise<BackendProbe> {
    return this.dd.probe();
  }

  async health(): Promise<HealthCheck[]> {
    const p = await this.dd.probe();
    return [
      { name: 'datadog reachable', ok: p.reachable, detail: p.detail },
      {
        name: 'datadog authenticated',
        ok: p.authenticated === true,
        detail: p.authenticated ? 'DD_API_KEY valid' : 'DD_API_KEY not accepted or not checked',
      },
      {
        name: 'datadog application key',
        ok: Boolean(this.dd.target.secrets?.[1]),
        detail: this.dd.target.secrets?.[1] ? 'DD_APP_KEY set' : 'DD_APP_KEY not set: queries will be refused',
      },
    ];
  }

  warnings(): DataWarning[] {
    return [...this.problems];
  }

  async close(): Promise<void> {}
}

/** Deployments from Datadog events tagged `deployment`: service/version/env/git.commit.sha tags. */
export class DatadogDeploymentSource {
  readonly name = 'datadog-events';
  private readonly events: v1.EventsApi;

  constructor(readonly dd: DatadogClient) {
    this.events = new v1.EventsApi(dd.config);
  }

  async deployments(range: TimeRange): Promise<Deployment[]> {
    const out: Deployment[] = [];
    // Events come 1000 a page; stop at the first short page, bounded.
    for (let page = 0; page < 20; page++) {
      const res = await this.dd.call(() =>
        this.events.listEvents({
          start: Math.floor(range.from / 1000),
          end: Math.ceil(range.to / 1000),
          tags: 'deployment',
          page,
        }),
      );
      const events = res.events ?? [];
      for (const e of events) {
        const d = toDeployment(e);
        if (d) out.push(d);
      }
      if (events.length < 1000) break;
    }
    return out.sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt) || b.id.localeCompare(a.id));
  }

  probe(): Promise<BackendProbe> {
    return this.dd.probe();
  }
}

function toDeployment(e: v1.Event): Deployment | null {
  const labels = tagsToLabels(e.tags ?? []);
  const service = labels.service;
  if (!service || typeof e.dateHappened !== 'number') return null;
  const commit = labels['git.commit.sha'] ?? labels.commit ?? labels.sha;
  const status =
    labels.status ?? (e.alertType === 'error' ? 'failed' : e.alertType === 'success' ? 'succeeded' : undefined);
  const finished = labels.finished_at ? Date.parse(labels.finished_at) : NaN;
  return {
    id: String(e.idStr ?? e.id ?? `${service}-${e.dateHappened}`),
    service,
    version: labels.version ?? (commit ? commit.slice(0, 12) : (e.title ?? 'unknown')),
    ...((labels.env ?? labels.environment) ? { environment: labels.env ?? labels.environment } : {}),
    ...(commit ? { commit: commit.toLowerCase() } : {}),
    startedAt: toIso(e.dateHappened * 1000),
    ...(Number.isNaN(finished) ? {} : { finishedAt: toIso(finished) }),
    ...(status ? { status } : {}),
  };
}

export function createDatadogClient(config: DatadogConfig): DatadogClient {
  return new DatadogClient(config);
}
