// Which timestamps of a data set are plausible. One stray line dated 2099 (or 1970, or a sample at 1e20 s) must
// not move the default window: times far outside the bulk of the data are dropped with a warning.
import type { TimeRange } from './types.js';

const DAY_MS = 86_400_000;
/** The largest |ms| a Date can hold (±100,000,000 days around 1970). */
const MAX_DATE_MS = 8.64e15;
/**
 * Gaps up to the data's own span so far, and never less than this, join a time to the bulk: data spread over
 * days stays whole, while a line years away (a clock that was not set, a typo'd year) is cut off.
 */
const MIN_GAP_MS = 7 * DAY_MS;

/** A number a Date can represent. */
export function isRepresentableTime(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}

/**
 * The range of plausible times for these sample times (ms). The bulk starts as the middle half of the sorted
 * times and grows outward, one time at a time, across every gap no longer than max(span so far, MIN_GAP_MS); the
 * first longer gap cuts off everything beyond it. The range is the bulk widened by max(span, MIN_GAP_MS) on each
 * side (a time there would have joined). Several clusters of real data stay; a few stray times far away do not.
 * Unrepresentable values are ignored. Null when no time is usable.
 */
export function plausibleRange(times: readonly number[]): TimeRange | null {
  const usable = times.filter(isRepresentableTime);
  const n = usable.length;
  if (n === 0) return null;
  const s = Float64Array.from(usable).sort();
  let lo = Math.floor((n - 1) / 4);
  let hi = Math.ceil((3 * (n - 1)) / 4);
  let grew = true;
  while (grew) {
    grew = false;
    const reach = Math.max(s[hi] - s[lo], MIN_GAP_MS);
    if (hi + 1 < n && s[hi + 1] - s[hi] <= reach) {
      hi++;
      grew = true;
    }
    if (lo > 0 && s[lo] - s[lo - 1] <= reach) {
      lo--;
      grew = true;
    }
  }
  const margin = Math.max(s[hi] - s[lo], MIN_GAP_MS);
  return { from: Math.max(s[lo] - margin, -MAX_DATE_MS), to: Math.min(s[hi] + margin, MAX_DATE_MS) };
}

/** Whether `ms` is representable and inside `range` (every representable time when range is null). */
export function isPlausibleTime(ms: number, range: TimeRange | null): boolean {
  return isRepresentableTime(ms) && (range === null || (ms >= range.from && ms <= range.to));
}
