// Component series that exports imply without stating: the 5xx share and total of status-split counters, the mean
// of a histogram's _sum/_count, and the callee side of edge metrics (Istio, Tempo's service graph).
import { combineSeries, increases, isCumulativeCounter, type Point } from '../../analysis/series.js';
import type { Series } from '../../core/types.js';
import { statusOf } from './error-series.js';
import { serviceOfLabels } from './labels.js';

/** Labels that name the callee of an edge metric, per convention. */
const CALLEE_LABELS: Array<{ name: RegExp; labels: string[] }> = [
  {
    name: /^istio_/,
    labels: ['destination_workload', 'destination_canonical_service', 'destination_app', 'destination_service_name'],
  },
  { name: /^traces_service_graph_/, labels: ['server'] },
];

/** The component a series describes: its service label, or for edge metrics the callee. */
export function componentOfSeries(s: Pick<Series, 'name' | 'labels'>): string | null {
  const own = serviceOfLabels(s.labels);
  if (own) return own;
  const edge = CALLEE_LABELS.find((c) => c.name.test(s.name));
  for (const k of edge?.labels ?? []) if (s.labels[k] && s.labels[k] !== 'unknown') return s.labels[k];
  return null;
}

const sum = (vs: number[]) => vs.reduce((a, b) => a + b, 0);

/** Per-interval increases of a counter, or the values of per-bucket counts. */
function perInterval(s: Series): Point[] {
  return isCumulativeCounter(s.name, s.points as Point[]) ? increases(s.points as Point[]) : (s.points as Point[]);
}

function groupBy<T>(items: T[], key: (t: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

/** numerator / denominator at each timestamp both have; 0 where the denominator is 0. */
function divide(num: Point[], den: Point[]): Point[] {
  const n = new Map(num);
  return den.map(([t, d]): Point => [t, d > 0 ? (n.get(t) ?? 0) / d : 0]);
}

/**
 * Series the exports imply, and the raw series they replace (which are then not assessed themselves):
 * - `X_total{code}` split by status: `X:5xx_ratio` and the summed `X` per component;
 * - `X_sum` with `X_count` (histograms, summaries, Istio durations): the mean `X_mean` per component;
 * - Tempo's `traces_service_graph_request_failed_total` over `_request_total`: the callee's failed ratio.
 */
export function deriveComponentSeries(series: readonly Series[]): { derived: Series[]; consumed: Set<Series> } {
  const derived: Series[] = [];
  const consumed = new Set<Series>();
  const component = (s: Series) => componentOfSeries(s);

  // Status-split request counters: 5xx share and total.
  const split = series.filter((s) => /_(total|count)$/.test(s.name) && statusOf(s.labels) !== null && component(s));
  for (const [key, list] of groupBy(split, (s) => `${s.name}\u0000${component(s)}`)) {
    const [name, service] = key.split('\u0000');
    for (const s of list) consumed.add(s);
    const all = combineSeries(list.map(perInterval), sum);
    const errors = list.filter((s) => /^5\d\d$|^5xx$/i.test(statusOf(s.labels) ?? ''));
    const failed = errors.length ? combineSeries(errors.map(perInterval), sum) : all.map(([t]): Point => [t, 0]);
    derived.push({ name: `${name}:5xx_ratio`, labels: { service }, points: divide(failed, all) });
    derived.push({
      name,
      labels: { service },
      points:
        list.length === 1
          ? (list[0].points as Point[])
          : combineSeries(
              list.map((s) => s.points as Point[]),
              sum,
            ),
    });
  }

  // Means from _sum/_count pairs, summed over label sets (callers, routes) per component.
  const sums = series.filter((s) => s.name.endsWith('_sum') && component(s));
  const counts = new Map(
    groupBy(
      series.filter((s) => s.name.endsWith('_count') && component(s)),
      (s) => `${s.name.slice(0, -6)}\u0000${component(s)}`,
    ),
  );
  for (const [key, list] of groupBy(sums, (s) => `${s.name.slice(0, -4)}\u0000${component(s)}`)) {
    const countList = counts.get(key);
    if (!countList) continue;
    const [base, service] = key.split('\u0000');
    for (const s of [...list, ...countList]) consumed.add(s);
    derived.push({
      name: `${base}_mean`,
      labels: { service },
      points: divide(combineSeries(list.map(perInterval), sum), combineSeries(countList.map(perInterval), sum)),
    });
  }

  // Tempo's service graph: failed over all requests, per callee.
  const graph = (suffix: string) =>
    groupBy(
      series.filter((s) => s.name === `traces_service_graph_request_${suffix}`),
      (s) => component(s),
    );
  const totals = graph('total');
  for (const [service, failedList] of graph('failed_total')) {
    const all = totals.get(service);
    if (!all) continue;
    derived.push({
      name: 'traces_service_graph_request_failed_ratio',
      labels: { service },
      points: divide(combineSeries(failedList.map(perInterval), sum), combineSeries(all.map(perInterval), sum)),
    });
  }
  return { derived, consumed };
}
