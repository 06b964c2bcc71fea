// Per component, how each kind of signal moved at one moment against its own history (get_service_health).
import { assessChange } from '../../analysis/health.js';
import { combineSeries } from '../../analysis/series.js';
import { measureSeries, type SignalKind } from '../../analysis/signals.js';
import type { ComponentHealthOut, SignalHealthOut } from '../../core/contracts/metrics.js';
import type { Series } from '../../core/types.js';
import { fiveXxShare, statusOf } from './error-series.js';
import { round, serviceOfLabels } from './stats.js';

interface Candidate {
  rank: number;
  row: SignalHealthOut;
}

/**
 * One row per (component, signal kind): the most representative series (mean or median before tails),
 * and among equally representative ones (routes, pods) the one that moved the most.
 */
export function assessComponents(series: readonly Series[], at: number, horizonMs?: number): ComponentHealthOut[] {
  const best = new Map<string, Map<SignalKind, Candidate>>();
  const split = splitByStatus(series);
  for (const s of [...series.filter((x) => !split.consumed.has(x)), ...split.derived]) {
    const component = serviceOfLabels(s.labels);
    if (!component) continue;
    const measured = measureSeries(s.name, s.labels, s.points);
    if (!measured) continue;
    const a = assessChange(measured, at, { horizonMs });
    if (!a || !Number.isFinite(a.z)) continue;
    const row: SignalHealthOut = {
      kind: measured.signal.kind,
      label: measured.signal.label,
      metric: s.name,
      labels: s.labels,
      unit: measured.unit,
      baseline: round(a.baseline),
      current: round(a.current),
      delta: round(a.delta),
      z: round(Math.min(a.z, 1e6)),
      relative: round(Math.min(a.relative, 1e6)),
      preShift: round(Math.max(-1e6, Math.min(a.preShift, 1e6))),
      samples: a.samplesBefore + a.samplesAfter,
    };
    const kinds = best.get(component) ?? new Map<SignalKind, Candidate>();
    best.set(component, kinds);
    const prev = kinds.get(row.kind);
    const rank = measured.signal.rank;
    if (!prev || rank < prev.rank || (rank === prev.rank && row.z > prev.row.z)) kinds.set(row.kind, { rank, row });
  }
  const out: ComponentHealthOut[] = [];
  for (const [component, kinds] of best) {
    const signals = [...kinds.values()].map((c) => c.row).sort((a, b) => b.z - a.z);
    out.push({ component, worst: { kind: signals[0].kind, z: signals[0].z }, signals });
  }
  return out.sort((a, b) => b.worst.z - a.worst.z || a.component.localeCompare(b.component));
}

/**
 * Request counters split by status code (http_requests_total{code}) say two things per component: the share of
 * 5xx (an error ratio) and, summed over codes, the throughput. The per-code series themselves are not assessed.
 */
function splitByStatus(series: readonly Series[]): { derived: Series[]; consumed: Set<Series> } {
  const byName = new Map<string, Series[]>();
  for (const s of series) {
    if (!/_(total|count)$/.test(s.name) || statusOf(s.labels) === null || !serviceOfLabels(s.labels)) continue;
    byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  }
  const derived: Series[] = [];
  const consumed = new Set<Series>();
  for (const [name, list] of byName) {
    for (const s of list) consumed.add(s);
    for (const e of fiveXxShare(name, list)) derived.push({ name: `${name}:5xx_ratio`, labels: { service: e.service }, points: e.points });
    const byService = new Map<string, Series[]>();
    for (const s of list) byService.set(serviceOfLabels(s.labels)!, [...(byService.get(serviceOfLabels(s.labels)!) ?? []), s]);
    for (const [service, parts] of byService) {
      derived.push({ name, labels: { service }, points: combineSeries(parts.map((p) => p.points), (vs) => vs.reduce((a, b) => a + b, 0)) });
    }
  }
  return { derived, consumed };
}
