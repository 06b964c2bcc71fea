// Change-point detection on evenly spaced series (metric samples, per-minute template counts).
//
// How it works, in order:
//  1. Robust baseline: median and MAD of the first part of the series (the smaller of the global MAD and
//     the median MAD of 30-point blocks, so an earlier level shift in the baseline does not inflate it),
//     with a floor on the spread so a flat baseline (all zeros, a constant) does not make every wiggle
//     infinitely significant: 2% of the level, 1% of the range, and for counts at least max(1, sqrt(level)).
//     A change must also be material: at least 5% of the level it departs from.
//  2. Segmentation: PELT (exact optimal partitioning with pruning) on a mean-shift L2 cost, then
//     adjacent segments that are not significantly different are merged, and short transitional
//     segments are folded into the level they lead to (so a step starts at its first new value).
//  3. Episodes: a run of segments that stays significantly away from the reference level. Each is
//     classified as a spike (short, returns, beyond anything the baseline reached), a ramp ("flat, straight
//     rise, flat" fits better than any level shift; it starts where the rise begins), or a step (with
//     further steps inside the episode reported on their own). Recurring spikes are grouped into one.
import { diffSigma, fitRamp, fitTwoLevels, median, robustSigma } from './stats.js';

export type ChangeKind = 'step' | 'ramp' | 'spike';

export interface ChangePoint {
  /** Index in the input where the change begins (for a ramp: where the growth begins). */
  index: number;
  /** First index after a spike or step is over (back at the previous level), or where a ramp
   *  levelled off; null when it lasts to the end. */
  endIndex: number | null;
  kind: ChangeKind;
  direction: 'up' | 'down';
  /** Robust level (median) before the change. */
  before: number;
  /** Median after the change (the peak for a spike, the level reached for a ramp). */
  after: number;
  /** Size of the change in robust standard deviations (MAD-based), capped at 1000. */
  score: number;
}

export interface DetectOptions {
  /** Values before this index form the baseline (default: the first third, at least 5 points). */
  baselineEnd?: number;
  /** Smallest score reported (default 4). */
  minScore?: number;
  /**
   * Smallest change relative to the previous level that is material (default 0.05); a level of 0 makes any change
   * material.
   */
  minRelativeChange?: number;
  /** Longest excursion, in points, that is a spike when it returns (default max(3, 5% of the length)). */
  maxSpikeLength?: number;
}

const SCORE_CAP = 1000;
const MIN_POINTS = 8;
/** Short segments between two levels are transitions, not levels of their own. */
const MAX_TRANSITION = 5;
/** How far before the first significant segment a ramp's start is searched. */
const MAX_RAMP_LOOKBACK = 400;
/** A ramp rises over more points than two transitions would take. */
const MIN_RAMP = 2 * MAX_TRANSITION + 1;

interface Segment {
  start: number; // inclusive
  end: number; // exclusive
  level: number; // median
}

interface Context {
  xs: number[];
  /** Robust sigma of the baseline (the score's unit). */
  sigma: number;
  /** Noise scale for the segmentation cost. */
  segSigma: number;
  penalty: number;
  /** The baseline is xs[0, baselineEnd), around level0. */
  baselineEnd: number;
  level0: number;
  minScore: number;
  minRel: number;
  maxSpike: number;
}

/** Finds the significant changes in an evenly spaced series, most significant first. NaNs are skipped. */
export function detectChanges(values: readonly number[], opts: DetectOptions = {}): ChangePoint[] {
  const origin: number[] = [];
  const xs: number[] = [];
  values.forEach((v, i) => {
    if (Number.isFinite(v)) {
      xs.push(v);
      origin.push(i);
    }
  });
  const n = xs.length;
  if (n < MIN_POINTS) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  if (hi === lo) return [];

  const baselineEnd = resolveBaselineEnd(origin, n, opts.baselineEnd);
  const baseline = xs.slice(0, baselineEnd);
  const level0 = median(baseline);
  const floor = sigmaFloor(xs, level0, hi - lo);
  const sigma = Math.max(Math.min(robustSigma(baseline), blockSigma(baseline)), floor);
  const ctx: Context = {
    xs,
    sigma,
    segSigma: Math.max(floor, Math.min(diffSigma(xs) || 0, sigma)),
    penalty: 3 * Math.log(n),
    baselineEnd,
    level0,
    minScore: opts.minScore ?? 4,
    minRel: opts.minRelativeChange ?? 0.05,
    maxSpike: opts.maxSpikeLength ?? Math.max(3, Math.round(0.05 * n)),
  };
  const segments = mergeSegments(segmentPelt(xs, ctx.segSigma, ctx.penalty), ctx);
  return groupSpikes(walkEpisodes(segments, ctx), ctx.maxSpike)
    .map((c) => ({
      ...c,
      index: origin[c.index],
      endIndex: c.endIndex !== null && c.endIndex < n ? origin[c.endIndex] : null,
    }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
}

/**
 * Median of the MAD-sigmas of consecutive blocks: the noise around the level, unlike a global MAD not inflated by an
 * earlier level shift.
 */
function blockSigma(xs: number[]): number {
  const size = 30;
  const sigmas: number[] = [];
  for (let i = 0; i + size <= xs.length; i += size) sigmas.push(robustSigma(xs.slice(i, i + size)));
  return sigmas.length ? median(sigmas) : robustSigma(xs);
}

function resolveBaselineEnd(origin: number[], n: number, requested: number | undefined): number {
  const wanted = requested === undefined ? Math.max(5, Math.floor(n / 3)) : origin.filter((i) => i < requested).length;
  return Math.min(Math.max(wanted, 3), n - 2);
}

/** Smallest spread we believe in: relative to the level and the range, and Poisson-like for counts. */
function sigmaFloor(xs: number[], level: number, range: number): number {
  let floor = Math.max(0.02 * Math.abs(level), 0.01 * range);
  if (xs.every((v) => v >= 0 && Number.isInteger(v))) floor = Math.max(floor, 1, Math.sqrt(Math.abs(level)));
  return floor;
}

/** PELT on the L2 mean-shift cost (values scaled by sigma); returns contiguous segments. */
function segmentPelt(xs: number[], sigma: number, penalty: number): Segment[] {
  const n = xs.length;
  const center = median(xs);
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const y = (xs[i] - center) / sigma;
    s1[i + 1] = s1[i] + y;
    s2[i + 1] = s2[i] + y * y;
  }
  const best = new Float64Array(n + 1);
  const last = new Int32Array(n + 1);
  best[0] = -penalty;
  // The candidate change points, compacted in place (the hot loop of change-point detection), and the cost
  // of the data up to t with a change at each.
  const candidates = new Int32Array(n + 1);
  const costs = new Float64Array(n + 1);
  let count = 1;
  for (let t = 1; t <= n; t++) {
    const st1 = s1[t];
    const st2 = s2[t];
    let min = Infinity;
    let arg = 0;
    for (let i = 0; i < count; i++) {
      const c = candidates[i];
      const sum = st1 - s1[c];
      const w = best[c] + (st2 - s2[c] - (sum * sum) / (t - c));
      costs[i] = w;
      const v = w + penalty;
      if (v < min) {
        min = v;
        arg = c;
      }
    }
    best[t] = min;
    last[t] = arg;
    // PELT's pruning: a start that cannot beat the best even without the penalty never will later.
    let kept = 0;
    for (let i = 0; i < count; i++) if (costs[i] <= min) candidates[kept++] = candidates[i];
    candidates[kept++] = t;
    count = kept;
  }
  const segments: Segment[] = [];
  for (let end = n; end > 0; end = last[end]) {
    segments.unshift({ start: last[end], end, level: median(xs.slice(last[end], end)) });
  }
  return segments;
}

function joinSegments(xs: number[], a: Segment, b: Segment): Segment {
  return { start: a.start, end: b.end, level: median(xs.slice(a.start, b.end)) };
}

/** Noise around two adjacent segments: the baseline's, or the local one when it is larger (noisy incident levels). */
function localSigma(ctx: Context, a: Segment, b: Segment): number {
  return Math.max(ctx.sigma, diffSigma(ctx.xs.slice(a.start, b.end)) || 0);
}

/** Folds transitions into the level they lead to, then merges neighbours that do not differ significantly. */
function mergeSegments(segments: Segment[], ctx: Context): Segment[] {
  const segs = [...segments];
  for (let m = 1; m + 1 < segs.length; m++) {
    const [prev, cur, next] = [segs[m - 1], segs[m], segs[m + 1]];
    const between = (cur.level - prev.level) * (next.level - cur.level) > 0;
    // Only a real intermediate value is a transition, not a short patch of noise next to a change.
    const apart = Math.abs(cur.level - prev.level) >= (ctx.minScore / 2) * localSigma(ctx, prev, cur);
    if (cur.end - cur.start <= MAX_TRANSITION && between && apart) {
      segs.splice(m, 2, joinSegments(ctx.xs, cur, next));
      m--;
    }
  }
  // Greedy merging of the least different neighbours; ratios are cached and only refreshed around a merge.
  const ratioAt = (m: number): number =>
    Math.abs(segs[m + 1].level - segs[m].level) / localSigma(ctx, segs[m], segs[m + 1]);
  const ratios = segs.slice(0, -1).map((_, m) => ratioAt(m));
  for (;;) {
    let bestAt = -1;
    let bestRatio = ctx.minScore / 2;
    ratios.forEach((r, m) => {
      if (r < bestRatio) {
        bestRatio = r;
        bestAt = m;
      }
    });
    if (bestAt < 0) return segs;
    segs.splice(bestAt, 2, joinSegments(ctx.xs, segs[bestAt], segs[bestAt + 1]));
    ratios.splice(bestAt, 1);
    if (bestAt > 0) ratios[bestAt - 1] = ratioAt(bestAt - 1);
    if (bestAt < ratios.length) ratios[bestAt] = ratioAt(bestAt);
  }
}

/** Largest distance from the baseline level reached inside the baseline, outside [start, end). */
function baselineReach(ctx: Context, start: number, end: number): number {
  let reach = 0;
  for (let i = 0; i < ctx.baselineEnd; i++) {
    if (i < start || i >= end) reach = Math.max(reach, Math.abs(ctx.xs[i] - ctx.level0));
  }
  return reach;
}

function isMaterial(before: number, after: number, ctx: Context, sigma = ctx.sigma): boolean {
  const delta = Math.abs(after - before);
  return delta / sigma >= ctx.minScore && delta >= ctx.minRel * Math.abs(before);
}

function scoreOf(before: number, after: number, sigma: number): number {
  return Math.min(Math.abs(after - before) / sigma, SCORE_CAP);
}

/** Walks the segments, grouping runs away from the reference level into episodes. */
function walkEpisodes(segs: Segment[], ctx: Context): ChangePoint[] {
  const changes: ChangePoint[] = [];
  let ref = 0;
  for (let j = 1; j < segs.length; j++) {
    const refLevel = segs[ref].level;
    if (!isMaterial(refLevel, segs[j].level, ctx)) continue;
    const dir = Math.sign(segs[j].level - refLevel);
    const inEpisode = (s: Segment): boolean =>
      Math.sign(s.level - refLevel) === dir && Math.abs(s.level - refLevel) >= (ctx.minScore / 2) * ctx.sigma;
    let k = j;
    while (k + 1 < segs.length) {
      if (inEpisode(segs[k + 1])) k++;
      // A one- or two-point dip inside an episode does not end it.
      else if (segs[k + 1].end - segs[k + 1].start <= 2 && k + 2 < segs.length && inEpisode(segs[k + 2])) k += 2;
      else break;
    }
    const returned = k + 1 < segs.length;
    changes.push(...classifyEpisode(segs, ref, j, k, returned, ctx));
    if (!returned) break;
    // Only a lasting level becomes the new reference; a brief return keeps the old one.
    if (segs[k + 1].end - segs[k + 1].start > ctx.maxSpike) ref = k + 1;
    j = k + 1;
  }
  return changes;
}

function classifyEpisode(
  segs: Segment[],
  ref: number,
  j: number,
  k: number,
  returned: boolean,
  ctx: Context,
): ChangePoint[] {
  const before = segs[ref].level;
  const start = segs[j].start;
  const end = segs[k].end;
  const direction = segs[j].level > before ? 'up' : 'down';
  if (returned && end - start <= ctx.maxSpike) {
    const window = ctx.xs.slice(start, end);
    const peak = direction === 'up' ? Math.max(...window) : Math.min(...window);
    // A short excursion must also go beyond anything the baseline's own noise reached (apart from itself).
    if (!isMaterial(before, peak, ctx) || Math.abs(peak - ctx.level0) <= baselineReach(ctx, start, end)) return [];
    return [
      {
        index: start,
        endIndex: end,
        kind: 'spike',
        direction,
        before,
        after: peak,
        score: scoreOf(before, peak, ctx.sigma),
      },
    ];
  }
  const ramp = fitRampEpisode(segs, ref, j, k, returned, ctx);
  if (ramp) return [ramp];
  const sameSide = (s: Segment): boolean => s.level > before === (direction === 'up');
  const changes: ChangePoint[] = [
    {
      index: start,
      endIndex: returned ? end : null,
      kind: 'step',
      direction,
      before,
      after: segs[j].level,
      score: scoreOf(before, segs[j].level, ctx.sigma),
    },
  ];
  for (let m = j + 1; m <= k; m++) {
    const [a, b] = [segs[m - 1], segs[m]];
    const sigma = localSigma(ctx, a, b);
    const lasting = a.end - a.start > MAX_TRANSITION && b.end - b.start > MAX_TRANSITION;
    if (lasting && sameSide(a) && sameSide(b) && isMaterial(a.level, b.level, ctx, sigma)) {
      const dir = b.level > a.level ? 'up' : 'down';
      changes.push({
        index: b.start,
        endIndex: null,
        kind: 'step',
        direction: dir,
        before: a.level,
        after: b.level,
        score: scoreOf(a.level, b.level, sigma),
      });
    }
  }
  return changes;
}

/**
 * Calls the episode a ramp when "flat, straight rise, flat" fits it better than any single level shift
 * by more than the segmentation penalty. The rise must last longer than a transition, so a step that
 * takes a few samples to settle stays a step. The ramp starts at the first kink, levels off at the second.
 */
function fitRampEpisode(
  segs: Segment[],
  ref: number,
  j: number,
  k: number,
  returned: boolean,
  ctx: Context,
): ChangePoint | null {
  const before = segs[ref].level;
  const dir = Math.sign(segs[j].level - before);
  const from = Math.max(segs[ref].start, segs[j].start - MAX_RAMP_LOOKBACK);
  const to = segs[k].end;
  const latestStart = segs[j].start - from;
  if (to - from < MIN_RAMP + 2 || latestStart < 2) return null;
  const ys = ctx.xs.slice(from, to).map((x) => (x - before) / ctx.segSigma);
  const fit = fitRamp(ys, 1, latestStart, MIN_RAMP);
  if (!fit || fit.slope * dir <= 0 || fitTwoLevels(ys) - fit.sse <= ctx.penalty) return null;
  const levelled = fit.end < ys.length - 1;
  const plateau = ctx.xs.slice(from + fit.end, to);
  const after = plateau.length >= 3 ? median(plateau) : before + fit.slope * (fit.end - fit.start) * ctx.segSigma;
  return {
    index: from + fit.start,
    endIndex: levelled ? from + fit.end : returned ? to : null,
    kind: 'ramp',
    direction: dir > 0 ? 'up' : 'down',
    before,
    after,
    score: scoreOf(before, after, ctx.sigma),
  };
}

/**
 * Recurring spikes in one direction (flapping, bursts every few points) are one change, not many:
 * the run is reported once, from its first spike to the end of its last, with the largest peak.
 */
function groupSpikes(changes: ChangePoint[], maxSpike: number): ChangePoint[] {
  const out: ChangePoint[] = [];
  let run: ChangePoint | null = null;
  for (const c of changes) {
    const joins =
      run !== null &&
      c.kind === 'spike' &&
      c.direction === run.direction &&
      c.index - (run.endIndex ?? c.index) <= 4 * maxSpike;
    if (run && joins) {
      const higher: boolean = c.direction === 'up' ? c.after > run.after : c.after < run.after;
      run = {
        ...(run as ChangePoint),
        endIndex: c.endIndex,
        after: higher ? c.after : run.after,
        score: Math.max(run.score, c.score),
      };
      continue;
    }
    if (run) out.push(run);
    run = c.kind === 'spike' ? c : null;
    if (!run) out.push(c);
  }
  if (run) out.push(run);
  return out;
}
