// LogsBackend over Elasticsearch or OpenSearch with the official client: time-bounded searches on @timestamp, the text
// pushed down as match_phrase on the message field, search_after paging. Index pattern from ELASTICSEARCH_INDEX.
import { Client, errors } from '@elastic/elasticsearch';
import { PilotError } from '../../../core/errors.js';
import {
  redactUrl,
  scrubSecrets,
  statusError,
  withRetries,
  type HttpSettings,
  type HttpTarget,
} from '../../../core/http.js';
import type { DataWarning, LogEntry, TimeRange } from '../../../core/types.js';
import type { HealthCheck } from '../../types.js';
import type { LogQuery, LogsBackend } from '../backend.js';
import { filterOfStoreQuery, keepsEntry } from './assemble.js';
import { levelOfValue } from './levels.js';

export interface ElasticsearchConfig extends HttpSettings {
  url: string;
  apiKey?: string;
  user?: string;
  password?: string;
  /** Default logs-*. */
  index?: string;
  pageSize?: number;
}

export interface BackendProbe {
  reachable: boolean;
  authenticated: boolean | null;
  version: string | null;
  detail: string;
}

type Source = Record<string, unknown>;

/** A field by dotted path, flat ("log.level") or nested ({log: {level}}). */
function readField(doc: Source, path: string): unknown {
  if (path in doc) return doc[path];
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Source)[part];
  }
  return cur;
}

const SERVICE_FIELDS = ['service.name', 'service'];
const LEVEL_FIELDS = ['log.level', 'level'];
const KNOWN = new Set(['@timestamp', 'message', 'log', 'level', 'service']);

/** The search body for one page: range on @timestamp, service and text as filters, sorted for search_after. */
function buildSearch(query: LogQuery, size: number, after?: unknown[]): Record<string, unknown> {
  const filter: unknown[] = [
    { range: { '@timestamp': { gte: query.range.from, lt: query.range.to, format: 'epoch_millis' } } },
  ];
  if (query.service) {
    filter.push({
      bool: {
        should: SERVICE_FIELDS.map((f) => ({ term: { [f]: { value: query.service, case_insensitive: true } } })),
        minimum_should_match: 1,
      },
    });
  }
  if (query.match && !query.match.regex) filter.push({ match_phrase: { message: query.match.source } });
  return {
    size,
    query: { bool: { filter } },
    sort: [{ '@timestamp': { order: 'asc' } }, { _doc: { order: 'asc' } }],
    ...(after ? { search_after: after } : {}),
    track_total_hits: false,
  };
}

export class ElasticsearchBackend implements LogsBackend {
  readonly name = 'elasticsearch';
  readonly client: Client;
  private readonly target: HttpTarget;
  private readonly problems: DataWarning[] = [];
  readonly index: string;

  constructor(private readonly config: ElasticsearchConfig) {
    this.index = config.index ?? 'logs-*';
    const authSettings = config.apiKey
      ? 'ELASTICSEARCH_API_KEY'
      : 'ELASTICSEARCH_USER/ELASTICSEARCH_PASSWORD (or ELASTICSEARCH_API_KEY)';
    this.target = {
      ...config,
      backend: 'Elasticsearch',
      baseUrl: config.url,
      authSettings,
      urlSetting: 'ELASTICSEARCH_URL',
      secrets: [config.apiKey, config.password],
    };
    this.client = new Client({
      node: config.url,
      ...(config.apiKey
        ? { auth: { apiKey: config.apiKey } }
        : config.user
          ? { auth: { username: config.user, password: config.password ?? '' } }
          : {}),
      requestTimeout: config.timeoutMs ?? 30_000,
      // The client retries connection errors and 502/503/504 itself; 429 is retried by withRetries below.
      maxRetries: config.retries ?? 3,
    });
  }

  /** One client call with 429 retried (bounded) and errors mapped to PilotError naming the setting to fix. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await withRetries(fn, (err) => err instanceof errors.ResponseError && err.statusCode === 429, this.target);
    } catch (err) {
      throw this.mapError(err);
    }
  }

  private mapError(err: unknown): PilotError {
    if (err instanceof PilotError) return err;
    if (err instanceof errors.ResponseError) {
      const status = err.statusCode ?? 500;
      if (status === 404)
        return new PilotError(
          'not_found',
          `Elasticsearch at ${redactUrl(this.config.url)}: no index matches ${this.index}`,
          { hint: 'check ELASTICSEARCH_INDEX' },
        );
      return statusError(this.target, status, JSON.stringify(err.body ?? '').slice(0, 300));
    }
    if (err instanceof errors.ProductNotSupportedError) {
      return new PilotError(
        'backend_unavailable',
        `${redactUrl(this.config.url)} is not Elasticsearch (no x-elastic-product header)`,
        { hint: 'check ELASTICSEARCH_URL' },
      );
    }
    const message = scrubSecrets((err as Error).message ?? String(err), this.target.secrets);
    return new PilotError('backend_unavailable', `Elasticsearch at ${redactUrl(this.config.url)}: ${message}`, {
      hint: 'check ELASTICSEARCH_URL and that the cluster is up',
    });
  }

  async extent(): Promise<TimeRange | null> {
    return null;
  }

  async services(): Promise<string[]> {
    const res = await this.call(() =>
      this.client.search({
        index: this.index,
        size: 0,
        aggs: Object.fromEntries(SERVICE_FIELDS.map((f, i) => [`s${i}`, { terms: { field: f, size: 500 } }])),
        ignore_unavailable: true,
        allow_no_indices: true,
      }),
    );
    const out = new Set<string>();
    for (const agg of Object.values(res.aggregations ?? {}))
      for (const b of (agg as { buckets?: Array<{ key: string }> }).buckets ?? []) out.add(String(b.key));
    return [...out].sort();
  }

  async *scan(query: LogQuery, signal?: AbortSignal): AsyncGenerator<LogEntry[]> {
    const size = this.config.pageSize ?? 1000;
    const filter = filterOfStoreQuery(query);
    let after: unknown[] | undefined;
    for (;;) {
      if (signal?.aborted) return;
      const body = buildSearch(query, size, after);
      const res = await this.call(() =>
        this.client.search<Source>(
          { index: this.index, ignore_unavailable: true, allow_no_indices: true, ...body },
          { signal },
        ),
      );
      const hits = res.hits.hits;
      const page: LogEntry[] = [];
      for (const h of hits) {
        const e = this.toEntry(h._index, h._id ?? '', h._source ?? {});
        if (!e || !keepsEntry(e, filter)) continue;
        page.push(e);
      }
      if (page.length) yield page;
      if (hits.length < size) return;
      after = hits[hits.length - 1].sort as unknown[] | undefined;
      if (!after) return;
    }
  }

  private toEntry(index: string, id: string, doc: Source): LogEntry | null {
    const rawTs = doc['@timestamp'];
    const ts = typeof rawTs === 'number' ? rawTs : Date.parse(String(rawTs));
    if (!Number.isFinite(ts)) {
      if (this.problems.length < 50)
        this.problems.push({ where: `${index}/${id}`, message: 'no readable @timestamp; skipped' });
      return null;
    }
    let service: unknown;
    for (const f of SERVICE_FIELDS) service ??= readField(doc, f);
    let level: unknown;
    for (const f of LEVEL_FIELDS) level ??= readField(doc, f);
    const entry: LogEntry = {
      ts,
      level: levelOfValue(level) ?? 'INFO',
      service: typeof service === 'string' ? service : 'unknown',
      message: typeof doc.message === 'string' ? doc.message : JSON.stringify(doc.message ?? ''),
      ref: `es:${index}/${id}`,
    };
    const attributes = Object.fromEntries(
      Object.entries(doc).filter(([k]) => !KNOWN.has(k) && !k.startsWith('log.') && !k.startsWith('service.')),
    );
    if (Object.keys(attributes).length) entry.attributes = attributes;
    return entry;
  }

  async probe(): Promise<BackendProbe> {
    const where = redactUrl(this.config.url);
    try {
      const info = await this.client.info(
        {},
        { maxRetries: 0, requestTimeout: Math.min(this.config.timeoutMs ?? 10_000, 10_000) },
      );
      const dist = (info.version as { distribution?: string }).distribution;
      const version = `${dist === 'opensearch' ? 'OpenSearch' : 'Elasticsearch'} ${info.version.number}`;
      return {
        reachable: true,
        authenticated: this.config.apiKey || this.config.user ? true : null,
        version,
        detail: `${where} answers (${version}, cluster ${info.cluster_name})`,
      };
    } catch (err) {
      if (err instanceof errors.ResponseError && (err.statusCode === 401 || err.statusCode === 403)) {
        return {
          reachable: true,
          authenticated: false,
          version: null,
          detail: `${where} answered ${err.statusCode}; check ${this.target.authSettings}`,
        };
      }
      return { reachable: false, authenticated: null, version: null, detail: this.mapError(err).message };
    }
  }

  async health(): Promise<HealthCheck[]> {
    const p = await this.probe();
    const checks: HealthCheck[] = [{ name: 'elasticsearch reachable', ok: p.reachable, detail: p.detail }];
    if (p.reachable) {
      checks.push({
        name: 'elasticsearch authenticated',
        ok: p.authenticated !== false,
        detail:
          p.authenticated === null
            ? 'no credentials configured'
            : p.authenticated
              ? 'credentials accepted'
              : 'credentials refused',
      });
    }
    if (p.reachable && p.authenticated !== false) {
      try {
        const services = await this.services();
        checks.push({
          name: `index ${this.index}`,
          ok: services.length > 0,
          detail: services.length
            ? `services: ${services.slice(0, 10).join(', ')}`
            : 'no log documents with a service field',
        });
      } catch (err) {
        checks.push({ name: `index ${this.index}`, ok: false, detail: (err as Error).message });
      }
    }
    return checks;
  }

  warnings(): DataWarning[] {
    return [...this.problems];
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

export function createElasticsearchBackend(config: ElasticsearchConfig): ElasticsearchBackend {
  return new ElasticsearchBackend(config);
}
