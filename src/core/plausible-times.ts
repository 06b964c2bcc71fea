// Which timestamps of a data set are plausible. One stray line dated 2099 (or 1970, or a sample at 1e20 s) must
// not move the default window: times far outside the bulk of the data are dropped with a warning.
import type { TimeRange } from './types.js';

const DAY_MS = 86_400_000;
/** The largest |ms| a Date can hold (±100,000,000 days around 1970). */
export const MAX_DATE_MS = 8.64e15;
/** A time is implausible when it lies more than this many median absolute deviations from the median time... */
export const OUTLIER_MADS = 20;
/** ...and more than this from the median: data spread over a few days always stays (a bundle covers hours to days). */
export const OUTLIER_FLOOR_MS = 7 * DAY_MS;
/** Times looked at to find the bulk: a stride sample beyond this many (the median needs no more). */
const MAX_SAMPLE = 50_000;

/** A number a Date can represent. */
export function isRepresentableTime(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}

/**
 * The range of plausible times for these sample times (ms): median ± max(OUTLIER_MADS × MAD, OUTLIER_FLOOR_MS).
 * Unrepresentable values are ignored. Null when no time is usable.
 */
export function plausibleRange(times: readonly number[]): TimeRange | null {
  const stride = Math.max(1, Math.ceil(times.length / MAX_SAMPLE));
  const sample: number[] = [];
  for (let i = 0; i < times.length; i += stride) if (isRepresentableTime(times[i])) sample.push(times[i]);
  if (sample.length === 0) return null;
  sample.sort((a, b) => a - b);
  const median = sample[sample.length >> 1];
  const deviations = sample.map((t) => Math.abs(t - median)).sort((a, b) => a - b);
  const mad = deviations[deviations.length >> 1];
  const radius = Math.max(OUTLIER_MADS * mad, OUTLIER_FLOOR_MS);
  return { from: Math.max(median - radius, -MAX_DATE_MS), to: Math.min(median + radius, MAX_DATE_MS) };
}

/** Whether `ms` is representable and inside `range` (every representable time when range is null). */
export function isPlausibleTime(ms: number, range: TimeRange | null): boolean {
  return isRepresentableTime(ms) && (range === null || (ms >= range.from && ms <= range.to));
}
