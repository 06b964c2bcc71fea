// Small pure statistics helpers shared by the engine (robust levels, spreads, slopes).
// Empty inputs give NaN rather than throwing: callers decide what "no data" means.

/** Scale that turns a MAD into a standard deviation for normal noise. */
export const MAD_SCALE = 1.4826;

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function sortedCopy(values: readonly number[]): number[] {
  return Array.from(values).sort((a, b) => a - b);
}

/** Quantile q in [0, 1] with linear interpolation between order statistics (type 7, as R and numpy). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = sortedCopy(values);
  const pos = Math.min(Math.max(q, 0), 1) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Raw median absolute deviation around `center` (default: the median). */
export function mad(values: readonly number[], center: number = median(values)): number {
  if (values.length === 0) return NaN;
  return median(values.map((v) => Math.abs(v - center)));
}

/** MAD scaled to estimate a standard deviation. */
export function robustSigma(values: readonly number[]): number {
  return MAD_SCALE * mad(values);
}

/** Noise estimate from first differences: insensitive to level shifts and slow trends. */
export function diffSigma(values: readonly number[]): number {
  if (values.length < 2) return NaN;
  const diffs: number[] = [];
  for (let i = 1; i < values.length; i++) diffs.push(Math.abs(values[i] - values[i - 1]));
  return (MAD_SCALE * median(diffs)) / Math.SQRT2;
}

/** Distance of x from center in robust standard deviations (0 when sigma is 0 and x == center). */
export function robustZ(x: number, center: number, sigma: number): number {
  if (sigma > 0) return (x - center) / sigma;
  return x === center ? 0 : Math.sign(x - center) * Infinity;
}

export interface LineFit {
  slope: number;
  intercept: number;
}

function indexXs(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Ordinary least-squares line; xs default to 0..n-1. */
export function fitLeastSquares(ys: readonly number[], xs: readonly number[] = indexXs(ys.length)): LineFit {
  const n = ys.length;
  if (n === 0) return { slope: NaN, intercept: NaN };
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { slope, intercept: my - slope * mx };
}

/**
 * Theil-Sen line: median of pairwise slopes, robust to ~29% outliers. O(n^2), so meant for small n;
 * above `maxPoints` it thins the points evenly first to bound the cost.
 */
export function fitTheilSen(ys: readonly number[], xs: readonly number[] = indexXs(ys.length), maxPoints = 200): LineFit {
  let px = Array.from(xs);
  let py = Array.from(ys);
  if (py.length > maxPoints) {
    const step = py.length / maxPoints;
    const keep = Array.from({ length: maxPoints }, (_, i) => Math.floor(i * step));
    px = keep.map((i) => xs[i]);
    py = keep.map((i) => ys[i]);
  }
  if (py.length === 0) return { slope: NaN, intercept: NaN };
  const slopes: number[] = [];
  for (let i = 0; i < py.length; i++) {
    for (let j = i + 1; j < py.length; j++) {
      if (px[j] !== px[i]) slopes.push((py[j] - py[i]) / (px[j] - px[i]));
    }
  }
  const slope = slopes.length > 0 ? median(slopes) : 0;
  const intercept = median(py.map((y, i) => y - slope * px[i]));
  return { slope, intercept };
}
