// Change-point detection. PLACEHOLDER API: the robust detector replaces the body, keeping these exports.

export type ChangeKind = 'step' | 'ramp' | 'spike';

export interface ChangePoint {
  /** Index in the input where the change begins. */
  index: number;
  /** Index where a spike ended or a ramp levelled off; null when it lasts to the end. */
  endIndex: number | null;
  kind: ChangeKind;
  direction: 'up' | 'down';
  /** Robust level (median) before the change. */
  before: number;
  /** Median after the change (the peak for a spike). */
  after: number;
  /** Size of the change in robust standard deviations (MAD-based), capped at 1000. */
  score: number;
}

export interface DetectOptions {
  /** Values before this index form the baseline (default: the first third, at least 5 points). */
  baselineEnd?: number;
  /** Smallest score reported (default 4). */
  minScore?: number;
}

/** Finds the significant changes in an evenly spaced series, most significant first. */
export function detectChanges(values: readonly number[], _opts: DetectOptions = {}): ChangePoint[] {
  void values;
  return [];
}
