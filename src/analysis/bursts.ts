// Where a count series (per-minute template counts) jumps to a higher rate: a single Poisson change point.

export interface Burst {
  /** First bucket of the elevated rate. */
  index: number;
  rateBefore: number;
  rateAfter: number;
  countAfter: number;
  /** Log-likelihood ratio of "two rates" over "one rate": how sure the jump is. */
  llr: number;
}

function segmentLogLik(count: number, len: number): number {
  return count > 0 && len > 0 ? count * Math.log(count / len) - count : 0;
}

/**
 * The best split of the series into a lower then higher rate. Runs in O(n).
 * Returns null when no upward split is better than a constant rate by `minLlr`.
 */
export function findBurst(counts: readonly number[], minLlr = 8): Burst | null {
  const n = counts.length;
  if (n < 3) return null;
  const total = counts.reduce((a, b) => a + b, 0);
  if (total < 3) return null;
  const whole = segmentLogLik(total, n);
  let best: Burst | null = null;
  let before = 0;
  for (let k = 1; k < n; k++) {
    before += counts[k - 1];
    const after = total - before;
    const rateBefore = before / k;
    const rateAfter = after / (n - k);
    if (rateAfter <= rateBefore) continue;
    const llr = segmentLogLik(before, k) + segmentLogLik(after, n - k) - whole;
    if (!best || llr > best.llr) best = { index: k, rateBefore, rateAfter, countAfter: after, llr };
  }
  if (!best || best.llr < minLlr) return null;
  // A burst that starts at the very first bucket with nothing before is "present from the start", not a jump.
  // Move the start to the first non-zero bucket at or after the split, so the onset is when it really began.
  let i = best.index;
  while (i < n - 1 && counts[i] === 0) i++;
  best.index = i;
  return best;
}
