// A resource that climbs for a long time (a leak, a filling disk): where the climb began, restarts included.
// A leak with restarts is a sawtooth: it rises, the process is killed, it rises again from the floor.
import type { Point } from './series.js';
import { fitRamp, fitTheilSen, robustSigma } from './stats.js';

export interface Climb {
  /** When the climb began (ms): the start of its first rising stretch. */
  start: number;
  /** The first rising stretch begins with the data: the climb began before it. */
  fromDataStart: boolean;
  /** How long the rising stretches last in all (ms). */
  risingMs: number;
}

/** A fall to under this share of the level before it is a restart, not noise. */
const RESTART_FALL = 0.6;
/**
 * A stretch rises when its trend gains far more than the noise around it (a leak near its limit gains a few
 * percent an hour, steadily) and at least a small share of its level.
 */
const MIN_RISE_NOISE = 6;
const MIN_RISE_LEVEL = 0.02;
/** A climb that leaves the flat within this of the first sample was already under way when the data begins (ms). */
const DATA_START_SLACK_MS = 10 * 60_000;
/** Rising stretches must last this long in all to be a slow burn rather than a symptom (ms). */
const MIN_RISING_MS = 45 * 60_000;

/** Splits a series at restarts: points where the value falls below RESTART_FALL of the one before. */
function stretches(points: readonly Point[]): Point[][] {
  const out: Point[][] = [];
  let cur: Point[] = [];
  for (const p of points) {
    const prev = cur[cur.length - 1];
    if (prev && prev[1] > 0 && p[1] < RESTART_FALL * prev[1]) {
      out.push(cur);
      cur = [];
    }
    cur.push(p);
  }
  if (cur.length) out.push(cur);
  return out;
}

/**
 * The rising part of a stretch, or null: from where a flat start (if any) turns into a climb whose trend gains far
 * more than the noise around it and at least a small share of its level.
 */
function risingPart(stretch: readonly Point[]): Point[] | null {
  if (stretch.length < 4) return null;
  const ys = stretch.map((p) => p[1]);
  const hinge = fitRamp(ys, 0, ys.length - 4, 3);
  const from = hinge && hinge.slope > 0 ? hinge.start : 0;
  const part = stretch.slice(from);
  const xs = part.map((p) => p[0]);
  const vs = part.map((p) => p[1]);
  const fit = fitTheilSen(vs, xs);
  const noise = robustSigma(vs.map((y, i) => y - (fit.intercept + fit.slope * xs[i])));
  const gain = fit.slope * (xs[xs.length - 1] - xs[0]);
  return fit.slope > 0 && gain >= MIN_RISE_NOISE * noise && gain >= MIN_RISE_LEVEL * Math.abs(vs[0]) ? part : null;
}

/** The climb in the samples before `before` (ms), or null when the series does not climb for long. */
export function findClimb(points: readonly Point[], before: number): Climb | null {
  const pts = points.filter((p) => Number.isFinite(p[1]) && p[0] * 1000 < before);
  if (pts.length < 6) return null;
  // Each stretch between restarts, from where it leaves its flat start: a leak begins with the change that brought it.
  const rising = stretches(pts)
    .map(risingPart)
    .filter((p): p is Point[] => p !== null);
  const risingMs = rising.reduce((a, s) => a + (s[s.length - 1][0] - s[0][0]) * 1000, 0);
  if (!rising.length || risingMs < MIN_RISING_MS) return null;
  const first = rising[0];
  const lead = (first[0][0] - pts[0][0]) * 1000;
  return { start: first[0][0] * 1000, fromDataStart: lead <= DATA_START_SLACK_MS, risingMs };
}
