// Maps change points found in a series' values to the anomalies of the get_anomalies contract.
import type { AnomalyOut } from '../../core/contracts/metrics.js';
import { toIso } from '../../core/time.js';
import type { Series } from '../../core/types.js';
import type { ChangePoint, DetectOptions } from '../../analysis/changepoints.js';
import { isCumulativeCounter, ratePerSecond } from '../../analysis/series.js';
import { roundSignificant } from '../../analysis/stats.js';
import { serviceOfLabels } from './labels.js';

export type Detector = (values: readonly number[], opts?: DetectOptions) => ChangePoint[];

const MAX_RATIO = 1e6;

/** after / before, finite and capped at +-1e6 (a change from zero is "a million times"). */
function safeRatio(before: number, after: number): number {
  if (before === 0) return after === 0 ? 1 : Math.sign(after) * MAX_RATIO;
  return Math.max(-MAX_RATIO, Math.min(MAX_RATIO, roundSignificant(after / before)));
}

export function findSeriesAnomalies(series: Series, detect: Detector, minScore: number): AnomalyOut[] {
  // A cumulative counter only ever climbs: its change is in the rate, not the running total.
  const pts = isCumulativeCounter(series.name, series.points) ? ratePerSecond(series.points) : series.points;
  if (pts.length < 3) return [];
  const at = (i: number) => toIso(pts[Math.max(0, Math.min(pts.length - 1, i))][0] * 1000);
  return detect(
    pts.map((p) => p[1]),
    { minScore },
  )
    .filter((cp) => cp.score >= minScore && Number.isFinite(cp.index))
    .map((cp) => ({
      metric: series.name,
      labels: series.labels,
      service: serviceOfLabels(series.labels),
      kind: cp.kind,
      direction: cp.direction,
      start: at(cp.index),
      end: cp.endIndex === null || cp.endIndex === undefined ? null : at(cp.endIndex),
      before: roundSignificant(cp.before),
      after: roundSignificant(cp.after),
      score: roundSignificant(Math.min(cp.score, 1000)),
      ratio: safeRatio(cp.before, cp.after),
    }));
}

/** Largest score first, then the earlier start. */
export function rankAnomalies(list: AnomalyOut[]): AnomalyOut[] {
  return list.sort((a, b) => b.score - a.score || Date.parse(a.start) - Date.parse(b.start));
}
