// Per component, how each kind of signal moved at one moment against its own history (get_service_health).
import { assessChange, DEFAULT_HORIZON_MS, findChangeStart } from '../../analysis/health.js';
import { toIso } from '../../core/time.js';
import { measureSeries, type MeasuredSeries, type SignalKind } from '../../analysis/signals.js';
import type { ComponentHealthOut, SignalHealthOut } from '../../core/contracts/metrics.js';
import type { Series } from '../../core/types.js';
import { componentOfSeries, deriveComponentSeries } from './derived-series.js';
import { roundSignificant } from '../../analysis/stats.js';

interface Candidate {
  rank: number;
  row: SignalHealthOut;
  measured: MeasuredSeries;
}

/** Rows this far from their history get a start time, looked for this far back from `at`. */
const CHANGED_Z = 4;
const START_LOOKBACK_MS = 60 * 60_000;

/**
 * One row per (component, signal kind): the most representative series (mean or median before tails),
 * and among equally representative ones (routes, pods) the one that moved the most.
 */
export function assessComponents(series: readonly Series[], at: number, horizonMs?: number): ComponentHealthOut[] {
  const best = new Map<string, Map<SignalKind, Candidate>>();
  const { derived, consumed } = deriveComponentSeries(series);
  for (const s of [...series.filter((x) => !consumed.has(x)), ...derived]) {
    const component = componentOfSeries(s);
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
      baseline: roundSignificant(a.baseline),
      current: roundSignificant(a.current),
      delta: roundSignificant(a.delta),
      z: roundSignificant(Math.min(a.z, 1e6)),
      relative: roundSignificant(Math.min(a.relative, 1e6)),
      preShift: roundSignificant(Math.max(-1e6, Math.min(a.preShift, 1e6))),
      samples: a.samplesBefore + a.samplesAfter,
      since: null,
    };
    const kinds = best.get(component) ?? new Map<SignalKind, Candidate>();
    best.set(component, kinds);
    const prev = kinds.get(row.kind);
    const rank = measured.signal.rank;
    if (!prev || rank < prev.rank || (rank === prev.rank && row.z > prev.row.z))
      kinds.set(row.kind, { rank, row, measured });
  }
  // Only the kept rows say when their change began: the scan is quadratic in the samples near `at`.
  for (const kinds of best.values()) {
    for (const c of kinds.values()) {
      const start =
        c.row.z >= CHANGED_Z
          ? findChangeStart(c.measured, at, START_LOOKBACK_MS, horizonMs ?? DEFAULT_HORIZON_MS)
          : null;
      c.row.since = start === null ? null : toIso(start);
    }
  }
  const out: ComponentHealthOut[] = [];
  for (const [component, kinds] of best) {
    const signals = [...kinds.values()].map((c) => c.row).sort((a, b) => b.z - a.z);
    out.push({ component, worst: { kind: signals[0].kind, z: signals[0].z }, signals });
  }
  return out.sort((a, b) => b.worst.z - a.worst.z || a.component.localeCompare(b.component));
}
