// Which timestamps of a data set are plausible. One stray line dated 2099 (or 1970, or a sample at 1e20 s) must
// not move the default window: times far outside the bulk of the data are dropped with a warning.
import type { TimeRange } from './types.js';

const DAY_MS = 86_400_000;
/** The largest |ms| a Date can hold (±100,000,000 days around 1970). */
export const MAX_DATE_MS = 8.64e15;
/** The bulk of the data: its times less this share at each end (and at least one time at each end)... */
export const TRIM_SHARE = 0.01;
/** ...widened on each side by its own span, or by this much when that is more: a time beyond that is implausible. */
export const MIN_MARGIN_MS = 7 * DAY_MS;

/** A number a Date can represent. */
export function isRepresentableTime(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}

/**
 * The range of plausible times for these sample times (ms): the trimmed span [lo, hi] (TRIM_SHARE of the times cut
 * at each end, at least one when there are three or more) widened by max(hi - lo, MIN_MARGIN_MS) on each side.
 * Several clusters of real data (a file that jumps months) stay; a few stray times years away do not.
 * Unrepresentable values are ignored. Null when no time is usable.
 */
export function plausibleRange(times: readonly number[]): TimeRange | null {
  const usable = times.filter(isRepresentableTime);
  const n = usable.length;
  if (n === 0) return null;
  const sample = Float64Array.from(usable).sort();
  const cut = n >= 3 ? Math.max(1, Math.floor(n * TRIM_SHARE)) : 0;
  const lo = sample[cut];
  const hi = sample[n - 1 - cut];
  const margin = Math.max(hi - lo, MIN_MARGIN_MS);
  return { from: Math.max(lo - margin, -MAX_DATE_MS), to: Math.min(hi + margin, MAX_DATE_MS) };
}

/** Whether `ms` is representable and inside `range` (every representable time when range is null). */
export function isPlausibleTime(ms: number, range: TimeRange | null): boolean {
  return isRepresentableTime(ms) && (range === null || (ms >= range.from && ms <= range.to));
}
