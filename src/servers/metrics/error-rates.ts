// Before/after summaries of error series around a split time, and the default split: the largest rise.
import type { z } from 'zod';
import type { errorRateRowSchema } from '../../core/contracts/metrics.js';
import { toIso } from '../../core/time.js';
import type { Detector } from './anomalies.js';
import type { ErrorSeries } from './error-series.js';
import { median, roundSignificant } from '../../analysis/stats.js';

export type ErrorRateRow = z.infer<typeof errorRateRowSchema>;

/** The start (ms) of the largest upward change (after - before) over all error series; null when none. */
export function pickSplitTime(series: readonly ErrorSeries[], detect: Detector): number | null {
  let best: { rise: number; t: number } | null = null;
  for (const s of series) {
    if (s.points.length < 3) continue;
    for (const cp of detect(s.points.map((p) => p[1]))) {
      const rise = cp.after - cp.before;
      if (cp.direction !== 'up' || !(rise > 0)) continue;
      const p = s.points[Math.max(0, Math.min(s.points.length - 1, cp.index))];
      if (!best || rise > best.rise || (rise === best.rise && p[0] * 1000 < best.t)) best = { rise, t: p[0] * 1000 };
    }
  }
  return best?.t ?? null;
}

export function summarizeErrorSeries(s: ErrorSeries, splitAt: number): ErrorRateRow {
  const before = s.points.filter(([t]) => t * 1000 < splitAt).map((p) => p[1]);
  const after = s.points.filter(([t]) => t * 1000 >= splitAt).map((p) => p[1]);
  let peak = -Infinity;
  let peakAt: number | null = null;
  for (const [t, v] of s.points) {
    if (v > peak) {
      peak = v;
      peakAt = t;
    }
  }
  // An empty side (split at an edge of the data) borrows the other side so change reads 0, not NaN.
  const b = before.length ? median(before) : after.length ? median(after) : 0;
  const a = after.length ? median(after) : b;
  return {
    service: s.service,
    metric: s.metric,
    before: roundSignificant(b),
    after: roundSignificant(a),
    peak: peakAt === null ? 0 : roundSignificant(peak),
    peakAt: peakAt === null ? null : toIso(peakAt * 1000),
    change: roundSignificant(a - b),
  };
}
