// Finds error series by convention: error-ratio gauges, 5xx share of *_requests_total, or *_errors_total rates.
import type { Series, TimeRange } from '../../core/types.js';
import type { MetricsBackend } from './backend.js';
import { combineSeries, increases, ratePerSecond, type Point } from '../../analysis/series.js';
import { serviceOfLabels } from './labels.js';

export interface ErrorSeries {
  service: string;
  metric: string;
  points: Point[];
}

export interface FoundErrorSeries {
  convention: string;
  series: ErrorSeries[];
}

const RATIO_NAME_RE = /error.*(ratio|rate)|errors?_ratio|_error_rate/i;
const COUNTER_SUFFIX_RE = /_(total|count|sum|bucket)$/;
const STATUS_LABELS = ['status', 'code', 'status_code', 'http_status', 'http_status_code', 'response_code'];

/** Tries each convention in turn and returns the first that has data in the range. */
export async function findErrorSeries(
  backend: MetricsBackend,
  range: TimeRange,
  service?: string,
): Promise<FoundErrorSeries | null> {
  const refs = await backend.listSeries({}, range);
  const names = [...new Set(refs.map((r) => r.name))].sort();
  const keep = (s: Series) => !service || serviceOfLabels(s.labels) === service;
  const fetchAll = async (list: string[]) =>
    (await Promise.all(list.map((name) => backend.fetch({ name }, range)))).flat().filter(keep);

  const ratioNames = names.filter((n) => RATIO_NAME_RE.test(n) && !COUNTER_SUFFIX_RE.test(n));
  if (ratioNames.length) {
    const series = groupByService(await fetchAll(ratioNames)).map(toRatioScale);
    if (series.length) return { convention: `${ratioNames.join(', ')} (error ratio gauges)`, series };
  }

  const requestNames = names.filter((n) => /_requests?_total$/.test(n));
  for (const name of requestNames) {
    const all = await fetchAll([name]);
    const withStatus = all.filter((s) => statusOf(s.labels) !== null);
    if (!withStatus.length) continue;
    const series = fiveXxShare(name, withStatus);
    if (series.length) return { convention: `${name}{status=~"5.."} / ${name} (share of 5xx responses)`, series };
  }

  // Spring Boot / Micrometer: http_server_requests_seconds_count{outcome="SERVER_ERROR"} over all outcomes.
  for (const name of names.filter((n) => /_seconds_count$|_requests?_total$/.test(n))) {
    const withOutcome = (await fetchAll([name])).filter((s) => s.labels.outcome !== undefined);
    if (!withOutcome.length) continue;
    const series = fiveXxShare(name, withOutcome, (l) => l.outcome === 'SERVER_ERROR');
    if (series.length)
      return { convention: `${name}{outcome="SERVER_ERROR"} / ${name} (share of server errors)`, series };
  }

  const errorCounters = names.filter((n) => /_errors?_total$/.test(n));
  if (errorCounters.length) {
    const series = groupByService(
      (await fetchAll(errorCounters)).map((s) => ({ ...s, points: ratePerSecond(s.points) })),
    );
    if (series.length)
      return { convention: `rate(${errorCounters.join(', ')}) (errors per second, not a ratio)`, series };
  }
  return null;
}

export function statusOf(labels: Record<string, string>): string | null {
  for (const k of STATUS_LABELS) if (labels[k]) return labels[k];
  return null;
}

/** One series per (service, metric): several label sets (routes, pods) are averaged per timestamp. */
function groupByService(series: Series[]): ErrorSeries[] {
  const groups = new Map<string, { service: string; metric: string; parts: Point[][] }>();
  for (const s of series) {
    const service = serviceOfLabels(s.labels) ?? s.name;
    const key = `${service}\u0000${s.name}`;
    const g = groups.get(key) ?? { service, metric: s.name, parts: [] };
    g.parts.push(s.points);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({
    service: g.service,
    metric: g.metric,
    points: combineSeries(g.parts, (vs) => vs.reduce((a, b) => a + b, 0) / vs.length),
  }));
}

/** Percent series (any value above 1) are scaled to 0..1 so every row reads the same way. */
function toRatioScale(s: ErrorSeries): ErrorSeries {
  const max = Math.max(...s.points.map((p) => p[1]));
  return max > 1 && max <= 100 ? { ...s, points: s.points.map(([t, v]) => [t, v / 100]) } : s;
}

/** Per service: 5xx increases / all increases at each timestamp. */
function fiveXxShare(
  metric: string,
  series: Series[],
  isError = (labels: Record<string, string>) => /^5\d\d$|^5xx$/i.test(statusOf(labels) ?? ''),
): ErrorSeries[] {
  const byService = new Map<string, { err: Point[][]; all: Point[][] }>();
  for (const s of series) {
    const service = serviceOfLabels(s.labels) ?? metric;
    const g = byService.get(service) ?? { err: [], all: [] };
    const inc = increases(s.points);
    g.all.push(inc);
    if (isError(s.labels)) g.err.push(inc);
    byService.set(service, g);
  }
  const sum = (vs: number[]) => vs.reduce((a, b) => a + b, 0);
  return [...byService.entries()].map(([service, g]) => {
    const all = combineSeries(g.all, sum);
    const err = new Map(combineSeries(g.err, sum));
    return { service, metric, points: all.map(([t, n]): Point => [t, n > 0 ? (err.get(t) ?? 0) / n : 0]) };
  });
}
