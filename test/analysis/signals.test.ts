import { describe, expect, it } from 'vitest';
import { classifySignal, measureSeries } from '../../src/analysis/signals.js';
import { assessChange, findStepStart } from '../../src/analysis/health.js';
import type { Point } from '../../src/analysis/series.js';

const minutes = (values: number[], stepMin = 5, start = 1_700_000_000): Point[] =>
  values.map((v, i) => [start + i * stepMin * 60, v]);

describe('classifySignal', () => {
  it('reads the kind and the bad direction from the name as real exports spell it', () => {
    expect(classifySignal('http_request_duration_seconds')).toMatchObject({ kind: 'latency', bad: 'up' });
    expect(classifySignal('checkout_latency_ms')).toMatchObject({ kind: 'latency' });
    expect(classifySignal('http_error_ratio')).toMatchObject({ kind: 'errors', bad: 'up' });
    expect(classifySignal('service_availability_percent')).toMatchObject({ kind: 'errors', bad: 'down' });
    expect(classifySignal('up')).toMatchObject({ kind: 'up', bad: 'down' });
    expect(classifySignal('kafka_consumergroup_lag')).toMatchObject({ kind: 'saturation', bad: 'up' });
    expect(classifySignal('container_cpu_cfs_throttled_seconds_total')).toMatchObject({
      kind: 'saturation',
      label: 'CPU throttling',
    });
    expect(classifySignal('node_filesystem_free_bytes')).toMatchObject({ kind: 'saturation', bad: 'down' });
    expect(classifySignal('orders_processed_total')).toMatchObject({ kind: 'throughput', bad: 'both' });
    expect(classifySignal('traces_service_graph_request_total')).toBeNull();
    expect(classifySignal('build_info')).toBeNull();
  });

  it('ranks means before tails, from stat or quantile labels', () => {
    expect(classifySignal('x_latency_seconds', { stat: 'avg' })!.rank).toBe(0);
    expect(classifySignal('x_latency_seconds', { quantile: '0.5' })!.rank).toBe(1);
    expect(classifySignal('x_latency_seconds', { quantile: '0.99' })!.rank).toBe(4);
  });
});

describe('measureSeries', () => {
  it('turns availability in percent into an error ratio that rises when things fail', () => {
    const m = measureSeries('svc_availability_percent', {}, minutes([100, 100, 97]))!;
    expect(m.unit).toBe('ratio');
    expect(m.signal.bad).toBe('up');
    expect(m.points.map((p) => Number(p[1].toFixed(3)))).toEqual([0, 0, 0.03]);
  });

  it('turns a cumulative counter into a per-second rate, resets included, and keeps per-bucket counts as counts', () => {
    const counter = measureSeries('jobs_failed_total', {}, minutes([0, 60, 120, 30, 90], 1))!;
    expect(counter.unit).toBe('rate');
    expect(counter.points.map((p) => p[1])).toEqual([1, 1, 0.5, 1]);
    const buckets = measureSeries('jobs_failed_total', {}, minutes([3, 1, 4, 1, 5], 1))!;
    expect(buckets.unit).toBe('raw');
    expect(buckets.points.map((p) => p[1])).toEqual([3, 1, 4, 1, 5]);
  });

  it('reads milliseconds as seconds', () => {
    expect(measureSeries('api_latency_ms', {}, minutes([250]))!.points[0][1]).toBe(0.25);
  });
});

describe('assessChange', () => {
  const at = (pts: Point[], i: number) => pts[i][0] * 1000;

  it("measures a step against the history, in the history's own noise", () => {
    const pts = minutes([0.1, 0.11, 0.1, 0.09, 0.1, 0.11, 0.1, 0.1, 0.5, 0.55]);
    const m = measureSeries('api_latency_seconds', {}, pts)!;
    const a = assessChange(m, at(pts, 8))!;
    expect(a.baseline).toBeCloseTo(0.1, 3);
    expect(a.delta).toBeCloseTo(0.45, 3);
    expect(a.z).toBeGreaterThan(20);
    expect(a.preShift).toBeLessThan(1);
  });

  it('flags a change that had already happened before the moment', () => {
    const pts = minutes([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.5, 0.5, 0.5, 0.5]);
    const m = measureSeries('api_latency_seconds', {}, pts)!;
    const a = assessChange(m, at(pts, 8))!;
    expect(a.preShift).toBeGreaterThan(0.6 * a.z);
  });

  it("works on a five-point series with no history, with the unit's floor as scale", () => {
    const pts = minutes([100, 100, 90, 88, 100]);
    const m = measureSeries('availability_percent', {}, pts)!;
    const a = assessChange(m, at(pts, 2))!;
    expect(a.delta).toBeCloseTo(0.12, 3);
    expect(a.z).toBeCloseTo(0.12 / 0.005, 1);
  });

  it('skips gaps and returns null with no sample on one side', () => {
    const pts: Point[] = [...minutes([0.1, 0.1, 0.1]), [1_700_000_000 + 60 * 60, NaN]];
    const m = measureSeries('api_latency_seconds', {}, pts)!;
    expect(assessChange(m, (1_700_000_000 + 30 * 60) * 1000)).toBeNull();
  });
});

describe('findStepStart', () => {
  it('finds where the step began before an alert that fired later', () => {
    const pts = minutes([0.1, 0.1, 0.1, 0.1, 0.1, 0.4, 0.9, 1.0]);
    const m = measureSeries('api_latency_seconds', {}, pts)!;
    expect(findStepStart(m, pts[7][0] * 1000, 20 * 60_000)).toBe(pts[5][0] * 1000);
  });

  it('keeps the alert time when the series did not move earlier', () => {
    const pts = minutes([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.9, 1.0]);
    const m = measureSeries('api_latency_seconds', {}, pts)!;
    const alertAt = pts[5][0] * 1000 + 30_000;
    expect(findStepStart(m, alertAt, 20 * 60_000)).toBe(alertAt);
  });
});

describe('a count of failed requests only', () => {
  it('is errors (bad when it rises), not throughput', () => {
    expect(classifySignal('http_server_requests_seconds_count', { outcome: 'SERVER_ERROR' })).toMatchObject({
      kind: 'errors',
      bad: 'up',
    });
    expect(classifySignal('http_requests_total', { status: '5xx' })).toMatchObject({ kind: 'errors', bad: 'up' });
    expect(classifySignal('http_server_requests_seconds_count', { outcome: 'SUCCESS' })).toMatchObject({
      kind: 'throughput',
    });
  });
});
