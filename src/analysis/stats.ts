// The one statistics module, shared by the servers and the engine: levels, spreads, slopes, rounding for output.
// Empty inputs give NaN rather than throwing: callers decide what "no data" means.

/** Scale that turns a MAD into a standard deviation for normal noise. */
export const MAD_SCALE = 1.4826;

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function sortedCopy(values: readonly number[]): Float64Array {
  // A typed array sorts numerically without a comparator, several times faster than Array#sort.
  return Float64Array.from(values).sort();
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

/** Six significant digits: plenty for a model or a person reading a tool result, and far shorter. */
export function roundSignificant(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
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
export function fitTheilSen(
  ys: readonly number[],
  xs: readonly number[] = indexXs(ys.length),
  maxPoints = 200,
): LineFit {
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

export interface RampFit {
  /** Index where the rise begins (last flat point). */
  start: number;
  /** Index where it levels off (ys.length - 1 when it rises to the end). */
  end: number;
  slope: number;
  sse: number;
}

/**
 * Best continuous "flat, straight line, flat" fit: y = a + b * clamp(t - start, 0, end - start), with
 * start in [startMin, startMax] and end - start >= minLength. Prefix sums make each candidate O(1); on long
 * inputs the end is searched on a grid of at most `maxEnds` values. Null when no candidate fits in ys.
 */
export function fitRamp(
  ys: readonly number[],
  startMin: number,
  startMax: number,
  minLength: number,
  maxEnds = 300,
): RampFit | null {
  const n = ys.length;
  // Prefix sums over t < i of 1, t, t^2, y, t*y.
  const [pt, ptt, py, pty] = [0, 1, 2, 3].map(() => new Float64Array(n + 1));
  let syy = 0;
  for (let t = 0; t < n; t++) {
    pt[t + 1] = pt[t] + t;
    ptt[t + 1] = ptt[t] + t * t;
    py[t + 1] = py[t] + ys[t];
    pty[t + 1] = pty[t] + t * ys[t];
    syy += ys[t] * ys[t];
  }
  let best: RampFit | null = null;
  for (let s = Math.max(0, startMin); s <= Math.min(startMax, n - 1 - minLength); s++) {
    const stride = Math.max(1, Math.ceil((n - s - minLength) / maxEnds));
    for (let e = s + minLength; e < n; e += stride) {
      // Rising part: t in (s, e], u = t - s; after it: u = e - s.
      const cntB = e - s;
      const cntC = n - 1 - e;
      const d = e - s;
      const sumT = pt[e + 1] - pt[s + 1];
      const su = sumT - s * cntB + d * cntC;
      const suu = ptt[e + 1] - ptt[s + 1] - 2 * s * sumT + s * s * cntB + d * d * cntC;
      const suy = pty[e + 1] - pty[s + 1] - s * (py[e + 1] - py[s + 1]) + d * (py[n] - py[e + 1]);
      const det = n * suu - su * su;
      if (det <= 0) continue;
      const a = (py[n] * suu - su * suy) / det;
      const b = (n * suy - su * py[n]) / det;
      const sse = syy - a * py[n] - b * suy;
      if (!best || sse < best.sse) best = { start: s, end: e, slope: b, sse };
    }
  }
  return best;
}

/** Residual sum of squares of the best split of ys into two constant levels. */
export function fitTwoLevels(ys: readonly number[]): number {
  const n = ys.length;
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  ys.forEach((y, i) => {
    s1[i + 1] = s1[i] + y;
    s2[i + 1] = s2[i] + y * y;
  });
  const sse = (a: number, b: number): number => s2[b] - s2[a] - (s1[b] - s1[a]) ** 2 / (b - a);
  let best = sse(0, n);
  for (let p = 1; p < n; p++) best = Math.min(best, sse(0, p) + sse(p, n));
  return best;
}
