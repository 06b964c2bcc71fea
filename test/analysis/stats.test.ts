import { describe, expect, it } from 'vitest';
import {
  diffSigma,
  fitLeastSquares,
  fitRamp,
  fitTheilSen,
  fitTwoLevels,
  mad,
  MAD_SCALE,
  mean,
  median,
  quantile,
  robustSigma,
  robustZ,
} from '../../src/analysis/stats.js';

describe('stats', () => {
  it('mean and median, NaN on empty input', () => {
    expect(mean([1, 2, 3, 10])).toBe(4);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mean([])).toBeNaN();
    expect(median([])).toBeNaN();
  });

  it('quantile interpolates linearly between order statistics and clamps q', () => {
    const xs = [10, 0, 20, 30, 40];
    expect(quantile(xs, 0)).toBe(0);
    expect(quantile(xs, 1)).toBe(40);
    expect(quantile(xs, 0.25)).toBe(10);
    expect(quantile(xs, 0.1)).toBeCloseTo(4);
    expect(quantile(xs, 2)).toBe(40);
  });

  it('mad ignores outliers and robustSigma scales it to a standard deviation', () => {
    expect(mad([1, 2, 3, 4, 1000])).toBe(1);
    expect(mad([2, 2, 2], 0)).toBe(2);
    expect(robustSigma([1, 2, 3, 4, 1000])).toBeCloseTo(MAD_SCALE);
  });

  it('diffSigma sees the noise, not a level shift', () => {
    const xs = [
      ...Array.from({ length: 50 }, (_, i) => (i % 2 ? 1 : -1)),
      ...Array.from({ length: 50 }, (_, i) => 100 + (i % 2 ? 1 : -1)),
    ];
    expect(robustSigma(xs)).toBeGreaterThan(50);
    expect(diffSigma(xs)).toBeCloseTo((MAD_SCALE * 2) / Math.SQRT2);
  });

  it('robustZ measures distance in sigmas and handles a zero sigma', () => {
    expect(robustZ(13, 10, 1.5)).toBe(2);
    expect(robustZ(5, 5, 0)).toBe(0);
    expect(robustZ(6, 5, 0)).toBe(Infinity);
    expect(robustZ(4, 5, 0)).toBe(-Infinity);
  });

  it('least squares recovers a line', () => {
    const fit = fitLeastSquares([1, 3, 5, 7, 9]);
    expect(fit.slope).toBeCloseTo(2);
    expect(fit.intercept).toBeCloseTo(1);
    expect(fitLeastSquares([4, 6], [10, 20]).slope).toBeCloseTo(0.2);
  });

  it('Theil-Sen ignores an outlier that drags least squares', () => {
    const ys = [0, 1, 2, 3, 4, 5, 6, 7, 8, 100];
    expect(fitTheilSen(ys).slope).toBeCloseTo(1);
    expect(fitTheilSen(ys).intercept).toBeCloseTo(0);
    expect(fitLeastSquares(ys).slope).toBeGreaterThan(3);
  });

  it('Theil-Sen thins large inputs and still finds the slope', () => {
    const ys = Array.from({ length: 1000 }, (_, i) => 3 * i + 7);
    const fit = fitTheilSen(ys);
    expect(fit.slope).toBeCloseTo(3);
    expect(fit.intercept).toBeCloseTo(7);
  });
});

describe('piecewise fits', () => {
  it('fitRamp finds where a flat-rise-flat shape bends', () => {
    const ys = Array.from({ length: 60 }, (_, i) => (i < 20 ? 0 : i < 40 ? 2 * (i - 20) : 40));
    const fit = fitRamp(ys, 1, 30, 5);
    expect(fit).toMatchObject({ start: 20, end: 40 });
    expect(fit!.slope).toBeCloseTo(2);
    expect(fit!.sse).toBeCloseTo(0);
    expect(fitRamp([1, 2, 3], 1, 2, 5)).toBeNull();
  });

  it('fitTwoLevels is zero for a clean step and large for a ramp', () => {
    expect(fitTwoLevels([1, 1, 1, 5, 5, 5])).toBeCloseTo(0);
    const ramp = Array.from({ length: 40 }, (_, i) => i);
    expect(fitTwoLevels(ramp)).toBeGreaterThan(100);
    expect(fitRamp(ramp, 0, 10, 5)!.sse).toBeLessThan(1e-6);
  });
});
