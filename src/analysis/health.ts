// How far a series moved at a given moment, against its own history: the measure metrics-first localization ranks by.
// Built for real exports: five-point series, gaps, a history recorded at another level than the last minutes.
import type { MeasuredSeries } from './signals.js';
import type { Point } from './series.js';
import { MAD_SCALE, median, mad } from './stats.js';

export interface ChangeAssessment {
  /** The level before the change (median of the history before `at`). */
  baseline: number;
  /** The noise scale the change is measured in: the history's spread, never below a floor for its unit. */
  scale: number;
  /** The worst value in the horizon after `at` (in the bad direction). */
  current: number;
  /** current - baseline in the bad direction (negative: it got better), in the series' unit. */
  delta: number;
  /** delta / scale: how unusual the change is for this series. */
  z: number;
  /** delta relative to the baseline level (0.5 = 50 % worse). */
  relative: number;
  /** How far the last samples before `at` had already moved, in scales: high means the change came earlier. */
  preShift: number;
  samplesBefore: number;
  samplesAfter: number;
}

export interface AssessOptions {
  /** How much after `at` counts as "the change" (ms). */
  horizonMs?: number;
  /** How much before `at` counts as "just before", for preShift (ms). */
  recentMs?: number;
}

export const DEFAULT_HORIZON_MS = 15 * 60_000;
const DEFAULT_RECENT_MS = 10 * 60_000;
/** Enough history to trust its spread; below this only the floors set the scale. */
const MIN_HISTORY_FOR_SPREAD = 4;

/**
 * Smallest scale per unit: a latency step under a millisecond or an error-ratio step under half a
 * percentage point is not an incident however flat the history was. Relative floors keep a large,
 * steady value from turning a 1 % wobble into a high z.
 */
function scaleFloor(m: Pick<MeasuredSeries, 'unit' | 'signal'>, baseline: number): number {
  const rel = m.signal.kind === 'throughput' ? 0.1 : 0.05;
  const abs = m.unit === 'seconds' ? 0.001 : m.unit === 'ratio' ? 0.005 : m.signal.kind === 'up' ? 0.1 : 1e-9;
  return Math.max(abs, rel * Math.abs(baseline));
}

/** Distance from the baseline in the bad direction (both: either way). */
function badness(m: Pick<MeasuredSeries, 'signal'>, v: number, baseline: number): number {
  if (m.signal.bad === 'up') return v - baseline;
  if (m.signal.bad === 'down') return baseline - v;
  return Math.abs(v - baseline);
}

/** The change of a measured series at `at` (ms). Null without samples on both sides. */
export function assessChange(m: MeasuredSeries, at: number, opts: AssessOptions = {}): ChangeAssessment | null {
  const horizon = opts.horizonMs ?? DEFAULT_HORIZON_MS;
  const recentMs = opts.recentMs ?? DEFAULT_RECENT_MS;
  const before: Point[] = [];
  const after: Point[] = [];
  for (const p of m.points) {
    const t = p[0] * 1000;
    if (!Number.isFinite(p[1])) continue;
    if (t < at) before.push(p);
    else if (t <= at + horizon) after.push(p);
  }
  if (!before.length || !after.length) return null;
  const recent = before.filter(([t]) => t * 1000 >= at - recentMs).map((p) => p[1]);
  const older = before.filter(([t]) => t * 1000 < at - recentMs).map((p) => p[1]);
  // The history the change is judged against: the older samples when there are enough, else all before `at`.
  const history = older.length >= MIN_HISTORY_FOR_SPREAD ? older : before.map((p) => p[1]);
  const baseline = median(history);
  const spread = history.length >= MIN_HISTORY_FOR_SPREAD ? MAD_SCALE * mad(history, baseline) : 0;
  const scale = Math.max(spread, scaleFloor(m, baseline));
  let current = after[0][1];
  for (const [, v] of after) if (badness(m, v, baseline) > badness(m, current, baseline)) current = v;
  const delta = badness(m, current, baseline);
  const preShift = recent.length ? badness(m, median(recent), baseline) / scale : 0;
  return {
    baseline,
    scale,
    current,
    delta,
    z: delta / scale,
    relative: delta / Math.max(Math.abs(baseline), scaleFloor(m, 0)),
    preShift: older.length >= MIN_HISTORY_FOR_SPREAD ? preShift : 0,
    samplesBefore: before.length,
    samplesAfter: after.length,
  };
}

/** z at which a sample counts as already changed when looking for where a step began. */
const STEP_Z = 4;

/**
 * When the change seen at `at` began: the earliest sample in [at - lookbackMs, at + horizonMs] from which every
 * later sample up to the horizon stays STEP_Z scales from the level before it. Null when it never stays changed.
 * Callers compare these starts: a dependency that began failing after its caller cannot be why the caller failed.
 */
export function findChangeStart(m: MeasuredSeries, at: number, lookbackMs: number, horizonMs: number): number | null {
  const pts = m.points.filter((p) => Number.isFinite(p[1]) && p[0] * 1000 <= at + horizonMs);
  for (let i = 0; i < pts.length; i++) {
    const start = pts[i][0] * 1000;
    if (start < at - lookbackMs) continue;
    const before = pts.slice(0, i).map((p) => p[1]);
    if (!before.length) continue;
    const baseline = median(before);
    const spread = before.length >= MIN_HISTORY_FOR_SPREAD ? MAD_SCALE * mad(before, baseline) : 0;
    const scale = Math.max(spread, scaleFloor(m, baseline));
    let stays = true;
    for (let j = i; j < pts.length && stays; j++) stays = badness(m, pts[j][1], baseline) / scale >= STEP_Z;
    if (stays) return start;
  }
  return null;
}

/**
 * Where the change seen at `around` (ms) began: the earliest sample within `lookbackMs` before it from which
 * the series stays changed (every sample up to `around` at least STEP_Z scales from the level before it).
 * An alert fires some minutes after the fault: this finds the fault's own start. Returns `around` when the
 * series did not move earlier.
 */
export function findStepStart(m: MeasuredSeries, around: number, lookbackMs: number): number {
  const pts = m.points.filter((p) => Number.isFinite(p[1]));
  const times = pts.map(([t]) => t * 1000).filter((t) => t >= around - lookbackMs && t <= around);
  for (const start of times) {
    const before = pts.filter(([t]) => t * 1000 < start).map((p) => p[1]);
    if (!before.length) continue;
    const baseline = median(before);
    const spread = before.length >= MIN_HISTORY_FOR_SPREAD ? MAD_SCALE * mad(before, baseline) : 0;
    const scale = Math.max(spread, scaleFloor(m, baseline));
    const segment = pts.filter(([t]) => t * 1000 >= start && t * 1000 <= around);
    if (segment.length && segment.every(([, v]) => badness(m, v, baseline) / scale >= STEP_Z)) return start;
  }
  return around;
}
