// LogsBackend over Grafana Loki's HTTP API: the service label found by label discovery, text filters pushed down as
// LogQL line filters, windows chunked and paged forward by the last timestamp. Levels come from a label or the line.
import { basicAuthHeader, HttpClient, redactUrl, type HttpSettings } from '../../../core/http.js';
import type { DataWarning, Level, LogEntry, TimeRange } from '../../../core/types.js';
import type { HealthCheck } from '../../types.js';
import { reachabilityChecks } from '../../health-checks.js';
import type { LogQuery, LogsBackend, TextMatch } from '../backend.js';
import { filterOfStoreQuery, keepsEntry } from './assemble.js';
import { levelOfValue } from './levels.js';
import { parseLine } from './parse.js';

export interface LokiConfig extends HttpSettings {
  url: string;
  user?: string;
  password?: string;
  tenant?: string;
  /** Entries per request (Loki's default max_entries_limit_per_query is 5000). */
  pageSize?: number;
  /** Window of one query_range chunk; default 1 h. */
  chunkMs?: number;
}

const SERVICE_LABELS = ['service_name', 'service', 'app', 'job', 'container'];
const LEVEL_LABELS = ['level', 'detected_level', 'severity', 'lvl'];

export interface LokiStreamsResult {
  resultType: 'streams' | 'matrix' | 'vector' | 'scalar';
  result: Array<{
    stream?: Record<string, string>;
    metric?: Record<string, string>;
    values: Array<[string, string]> | Array<[number, string]>;
  }>;
}
interface LokiEnvelope<T> {
  status: string;
  data: T;
}

export interface BackendProbe {
  reachable: boolean;
  authenticated: boolean | null;
  version: string | null;
  detail: string;
}

/** A LogQL string literal (Go-style double quotes). */
function quoteLogQL(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The line filter for a text match, or '' when the regex uses syntax RE2 lacks (then filtering is ours alone). */
function lineFilter(match: TextMatch | undefined): string {
  if (!match) return '';
  if (!match.regex && match.caseSensitive) return ` |= ${quoteLogQL(match.source)}`;
  const source = match.regex ? match.source : escapeRegex(match.source);
  if (/\(\?[=!<]|\\[1-9]/.test(source)) return '';
  return ` |~ ${quoteLogQL(`${match.caseSensitive ? '' : '(?i)'}${source}`)}`;
}

/** `{label="svc"} |~ "(?i)..."`; every stream carrying the service label when no service is given. */
export function buildLogQL(serviceLabel: string, service: string | undefined, match: TextMatch | undefined): string {
  const selector = service
    ? `{${serviceLabel}=~${quoteLogQL(`(?i)${escapeRegex(service)}`)}}`
    : `{${serviceLabel}=~".+"}`;
  return selector + lineFilter(match);
}

const msToNs = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;

export class LokiBackend implements LogsBackend {
  readonly name = 'loki';
  private readonly http: HttpClient;
  private readonly problems: DataWarning[] = [];
  private serviceLabel?: Promise<string>;

  constructor(private readonly config: LokiConfig) {
    const headers: Record<string, string> = {};
    if (config.user) headers.authorization = basicAuthHeader(config.user, config.password ?? '');
    if (config.tenant) headers['X-Scope-OrgID'] = config.tenant;
    this.http = new HttpClient({
      ...config,
      backend: 'Loki',
      baseUrl: config.url,
      headers,
      authSettings: config.tenant
        ? 'LOKI_AUTH_USER/LOKI_AUTH_PASSWORD and LOKI_TENANT'
        : 'LOKI_AUTH_USER/LOKI_AUTH_PASSWORD (and LOKI_TENANT for a multi-tenant Loki)',
      urlSetting: 'LOKI_URL',
      secrets: [config.password],
    });
  }

  private async api<T>(
    path: string,
    query: Record<string, string | number | undefined>,
    signal?: AbortSignal,
  ): Promise<T> {
    return (await this.http.getJson<LokiEnvelope<T>>(path, { query, signal })).data;
  }

  /** Live data has no fixed end: callers use now (or --until). */
  async extent(): Promise<TimeRange | null> {
    return null;
  }

  /** The first of service_name, service, app, job, container that Loki knows. */
  findServiceLabel(): Promise<string> {
    this.serviceLabel ??= this.api<string[]>('/loki/api/v1/labels', {}).then((labels) => {
      const found = SERVICE_LABELS.find((l) => labels.includes(l));
      if (!found)
        this.warn(
          'loki labels',
          `no service label (${SERVICE_LABELS.join(', ')}) among ${labels.join(', ') || 'no labels'}; using job`,
        );
      return found ?? 'job';
    });
    this.serviceLabel.catch(() => (this.serviceLabel = undefined));
    return this.serviceLabel;
  }

  async services(): Promise<string[]> {
    const label = await this.findServiceLabel();
    return (await this.api<string[]>(`/loki/api/v1/label/${encodeURIComponent(label)}/values`, {})).sort();
  }

  /** Raw query_range, for query_logs and scan. */
  async queryRange(
    query: string,
    range: TimeRange,
    limit: number,
    direction: 'forward' | 'backward',
    signal?: AbortSignal,
  ): Promise<LokiStreamsResult> {
    return this.api<LokiStreamsResult>(
      '/loki/api/v1/query_range',
      { query, start: msToNs(range.from), end: msToNs(range.to), limit, direction },
      signal,
    );
  }

  async *scan(query: LogQuery, signal?: AbortSignal): AsyncGenerator<LogEntry[]> {
    const label = await this.findServiceLabel();
    const logql = buildLogQL(label, query.service, query.match);
    const filter = filterOfStoreQuery(query);
    const pageSize = this.config.pageSize ?? 5000;
    const chunkMs = this.config.chunkMs ?? 3_600_000;
    for (let chunkFrom = query.range.from; chunkFrom < query.range.to; chunkFrom += chunkMs) {
      const chunkTo = Math.min(query.range.to, chunkFrom + chunkMs);
      let startNs = BigInt(msToNs(chunkFrom));
      const endNs = msToNs(chunkTo);
      const seenAtStart = new Set<string>();
      for (;;) {
        if (signal?.aborted) return;
        const data = await this.api<LokiStreamsResult>(
          '/loki/api/v1/query_range',
          { query: logql, start: `${startNs}`, end: endNs, limit: pageSize, direction: 'forward' },
          signal,
        );
        const rows: Array<{ ns: bigint; key: string; stream: Record<string, string>; line: string }> = [];
        for (const s of data.result) {
          const stream = s.stream ?? {};
          const key = JSON.stringify(stream);
          for (const [ns, line] of s.values as Array<[string, string]>)
            rows.push({ ns: BigInt(ns), key, stream, line });
        }
        rows.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
        let lastNs = startNs;
        const atLast = new Set<string>();
        const page: LogEntry[] = [];
        for (const r of rows) {
          const id = `${r.ns}\u0000${r.key}\u0000${r.line}`;
          if (r.ns === startNs && seenAtStart.has(id)) continue;
          if (r.ns !== lastNs) atLast.clear();
          lastNs = r.ns;
          atLast.add(id);
          const e = this.toEntry(r.ns, r.stream, r.line, label);
          if (!keepsEntry(e, filter)) continue;
          page.push(e);
        }
        if (page.length) yield page;
        if (rows.length < pageSize) break;
        // Next page from the last timestamp (inclusive), skipping the entries at it already yielded.
        if (lastNs === startNs) {
          for (const id of atLast) seenAtStart.add(id);
        } else {
          seenAtStart.clear();
          for (const id of atLast) seenAtStart.add(id);
        }
        startNs = lastNs;
      }
    }
  }

  private toEntry(ns: bigint, stream: Record<string, string>, line: string, serviceLabel: string): LogEntry {
    const ts = Number(ns / 1_000_000n);
    const parsed = parseLine(line);
    const fromLine = parsed && typeof parsed === 'object' ? parsed : null;
    let level: Level | undefined;
    for (const l of LEVEL_LABELS) if (!level && stream[l]) level = levelOfValue(stream[l]);
    const entry: LogEntry = {
      ts,
      level: level ?? fromLine?.level ?? 'INFO',
      service: stream[serviceLabel] ?? fromLine?.service ?? 'unknown',
      message: fromLine ? fromLine.message : line,
      ref: `loki:${serviceLabel}=${stream[serviceLabel] ?? '?'}@${ns}`,
    };
    if (fromLine?.attributes) entry.attributes = fromLine.attributes;
    return entry;
  }

  async probe(): Promise<BackendProbe> {
    const where = redactUrl(this.config.url);
    const info = await this.http.probe('/loki/api/v1/status/buildinfo');
    if (info.status === null)
      return {
        reachable: false,
        authenticated: null,
        version: null,
        detail: `cannot reach ${where}: ${info.problem}; check LOKI_URL`,
      };
    let version: string | null = null;
    try {
      version = (JSON.parse(info.text) as { version?: string }).version ?? null;
    } catch {
      // older Loki: no buildinfo, reachable all the same
    }
    const labels = await this.http.probe('/loki/api/v1/labels');
    const refused = labels.status === 401 || labels.status === 403;
    const needsCreds = Boolean(this.config.user || this.config.tenant);
    return {
      reachable: true,
      authenticated: refused ? false : needsCreds ? labels.status === 200 : null,
      version,
      detail: refused
        ? `${where} answered ${labels.status} on /loki/api/v1/labels; check LOKI_AUTH_USER/LOKI_AUTH_PASSWORD and LOKI_TENANT`
        : `${where} answers${version ? `, version ${version}` : ''}`,
    };
  }

  async health(): Promise<HealthCheck[]> {
    const p = await this.probe();
    const checks: HealthCheck[] = reachabilityChecks('loki', p);
    if (p.reachable && p.authenticated !== false) {
      try {
        const label = await this.findServiceLabel();
        const services = await this.services();
        checks.push({
          name: 'loki services',
          ok: services.length > 0,
          detail: `label ${label}: ${services.slice(0, 10).join(', ')}${services.length > 10 ? ', ...' : ''}`,
        });
      } catch (err) {
        checks.push({ name: 'loki services', ok: false, detail: (err as Error).message });
      }
    }
    return checks;
  }

  warnings(): DataWarning[] {
    return [...this.problems];
  }

  private warn(where: string, message: string): void {
    if (this.problems.length < 50) this.problems.push({ where, message });
  }

  async close(): Promise<void> {}
}

export function createLokiBackend(config: LokiConfig): LokiBackend {
  return new LokiBackend(config);
}
