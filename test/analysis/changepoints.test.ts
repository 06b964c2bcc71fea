import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectChanges } from '../../src/analysis/changepoints.js';
import { SHARED_SCENARIOS } from '../helpers/paths.js';

/** Deterministic normal noise (mulberry32 + Box-Muller) so failures reproduce. */
function makeNoise(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

function series(n: number, level: (i: number) => number, sd: number, seed = 1): number[] {
  const noise = makeNoise(seed);
  return Array.from({ length: n }, (_, i) => level(i) + sd * noise());
}

describe('detectChanges: steps', () => {
  it('finds a noisy step up at its first new value, across seeds', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const xs = series(180, (i) => (i < 120 ? 100 : 112), 2, seed);
      const top = detectChanges(xs)[0];
      expect(top, `seed ${seed}`).toMatchObject({ kind: 'step', direction: 'up', endIndex: null });
      expect(Math.abs(top.index - 120), `seed ${seed}: index ${top.index}`).toBeLessThanOrEqual(1);
      expect(Math.abs(top.before - 100)).toBeLessThan(1);
      expect(Math.abs(top.after - 112)).toBeLessThan(1);
      expect(top.score).toBeGreaterThan(4);
    }
  });

  it('finds a step down', () => {
    const xs = series(150, (i) => (i < 90 ? 50 : 20), 1.5, 7);
    const [top] = detectChanges(xs);
    expect(top).toMatchObject({ kind: 'step', direction: 'down' });
    expect(Math.abs(top.index - 90)).toBeLessThanOrEqual(1);
    expect(top.after).toBeCloseTo(20, 0);
  });

  it('reports a step that later recovers with its end', () => {
    const xs = series(200, (i) => (i >= 100 && i < 150 ? 30 : 10), 1, 3);
    const [top] = detectChanges(xs);
    expect(top).toMatchObject({ kind: 'step', direction: 'up' });
    expect(Math.abs(top.index - 100)).toBeLessThanOrEqual(1);
    expect(Math.abs((top.endIndex ?? 0) - 150)).toBeLessThanOrEqual(1);
  });

  it('reports two successive steps separately, most significant first', () => {
    const xs = series(240, (i) => (i < 100 ? 10 : i < 170 ? 20 : 50), 1, 5);
    const changes = detectChanges(xs);
    expect(changes.map((c) => c.kind)).toEqual(['step', 'step']);
    expect(changes[0].score).toBeGreaterThanOrEqual(changes[1].score);
    const starts = changes.map((c) => c.index).sort((a, b) => a - b);
    expect(Math.abs(starts[0] - 100)).toBeLessThanOrEqual(1);
    expect(Math.abs(starts[1] - 170)).toBeLessThanOrEqual(1);
  });

  it('respects baselineEnd and minScore', () => {
    const xs = series(120, (i) => (i < 60 ? 100 : 115), 1, 11);
    expect(detectChanges(xs)[0]?.score).toBeGreaterThan(4);
    expect(detectChanges(xs, { minScore: 1000 })).toEqual([]);
    // A baseline that includes the new level is wider, so the score drops.
    const wide = detectChanges(xs, { baselineEnd: 120 })[0]?.score ?? 0;
    expect(wide).toBeLessThan(detectChanges(xs)[0].score);
  });
});

describe('detectChanges: spikes and ramps', () => {
  it('finds a short spike that returns, with its end and peak', () => {
    const xs = series(150, () => 20, 1, 2);
    xs[100] = 45;
    xs[101] = 60;
    xs[102] = 40;
    const [top] = detectChanges(xs);
    expect(top).toMatchObject({ kind: 'spike', direction: 'up', index: 100, endIndex: 103 });
    expect(top.after).toBe(60);
  });

  it('ignores an excursion no larger than what the baseline itself showed', () => {
    const xs = series(150, () => 20, 1, 2);
    xs[10] = 35;
    xs[100] = 30;
    expect(detectChanges(xs).filter((c) => c.index === 100)).toEqual([]);
  });

  it('groups recurring spikes into one change', () => {
    const xs = series(200, () => 10, 0.5, 9);
    for (const at of [100, 112, 124, 136]) xs[at] = 40;
    const changes = detectChanges(xs);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'spike', index: 100, endIndex: 137 });
  });

  it('classifies a leak as a ramp starting where the growth begins', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const xs = series(200, (i) => 400 + (i >= 70 ? 3 * (i - 70) : 0), 10, seed);
      const [top] = detectChanges(xs);
      expect(top, `seed ${seed}`).toMatchObject({ kind: 'ramp', direction: 'up' });
      expect(Math.abs(top.index - 70), `seed ${seed}: index ${top.index}`).toBeLessThanOrEqual(8);
      expect(top.after).toBeGreaterThan(700);
    }
  });

  it('a ramp that resets (sawtooth after an OOM) still starts at the growth', () => {
    const xs = series(200, (i) => (i < 60 ? 100 : i < 140 ? 100 + 2 * (i - 60) : 220 + 10 * ((i - 140) % 6)), 3, 4);
    const [top] = detectChanges(xs);
    expect(top.kind).toBe('ramp');
    expect(Math.abs(top.index - 60)).toBeLessThanOrEqual(6);
    expect(top.endIndex).not.toBeNull();
  });
});

describe('detectChanges: counts, flat series and edge cases', () => {
  it('finds a burst in a sparse count series', () => {
    const xs: number[] = Array.from({ length: 120 }, (_, i) => (i % 17 === 0 ? 1 : 0));
    for (let i = 90; i < 120; i++) xs[i] = 8 + (i % 3);
    const [top] = detectChanges(xs);
    expect(top.direction).toBe('up');
    expect(['step', 'spike']).toContain(top.kind);
    expect(Math.abs(top.index - 90)).toBeLessThanOrEqual(1);
    expect(top.before).toBe(0);
  });

  it('does not call single stray counts a change', () => {
    const xs: number[] = Array.from({ length: 120 }, (_, i) => (i % 13 === 0 ? 1 : 0));
    xs[100] = 2;
    expect(detectChanges(xs)).toEqual([]);
  });

  it('returns nothing for constant and short series', () => {
    expect(detectChanges(Array(100).fill(5))).toEqual([]);
    expect(detectChanges(Array(100).fill(0))).toEqual([]);
    expect(detectChanges([1, 2, 3, 100, 100, 100, 100])).toEqual([]);
    expect(detectChanges([])).toEqual([]);
  });

  it('a 1% wiggle on a large constant is not a change', () => {
    const xs = Array.from({ length: 150 }, (_, i) => (i >= 100 && i < 130 ? 1010 : 1000));
    expect(detectChanges(xs)).toEqual([]);
    const big = Array.from({ length: 150 }, (_, i) => (i >= 100 ? 1300 : 1000));
    expect(detectChanges(big)[0]).toMatchObject({ kind: 'step', index: 100, before: 1000, after: 1300 });
  });

  it('a flat zero baseline gives a finite, capped score', () => {
    const xs = Array.from({ length: 100 }, (_, i) => (i >= 70 ? 0.25 : 0));
    const [top] = detectChanges(xs);
    expect(top).toMatchObject({ kind: 'step', index: 70, before: 0, after: 0.25 });
    expect(Number.isFinite(top.score)).toBe(true);
    expect(top.score).toBeLessThanOrEqual(1000);
  });

  it('skips NaNs and reports indices in the original series', () => {
    const xs = series(160, (i) => (i < 100 ? 10 : 25), 1, 8);
    for (const i of [5, 50, 98, 99, 130]) xs[i] = NaN;
    const [top] = detectChanges(xs);
    expect(top.kind).toBe('step');
    expect(top.index).toBe(100);
    expect(Number.isNaN(top.before)).toBe(false);
  });
});

// Sanity check on the public scenarios (not tuned to them): the culprit's symptoms change at the onset.
const SCENARIOS = SHARED_SCENARIOS;
interface Matrix {
  data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
}

function loadSeries(dir: string, metric: string, service: string): { t0: number; values: number[] } | null {
  const path = join(dir, 'metrics', `${metric}.json`);
  if (!existsSync(path)) return null;
  const matrix = JSON.parse(readFileSync(path, 'utf8')) as Matrix;
  const row = matrix.data.result.find((r) => r.metric.service === service);
  return row ? { t0: row.values[0][0] * 1000, values: row.values.map((v) => Number(v[1])) } : null;
}

describe.skipIf(!existsSync(SCENARIOS))('detectChanges on the public scenarios', () => {
  const scenarios = existsSync(SCENARIOS)
    ? readdirSync(SCENARIOS).filter((d) => existsSync(join(SCENARIOS, d, 'truth.json')))
    : [];
  it.each(scenarios)('%s: the culprit error ratio / latency rise at the truth onset (within 2 minutes)', (name) => {
    const dir = join(SCENARIOS, name);
    const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as { service: string; onset: string };
    let changed = 0;
    for (const metric of ['http_error_ratio', 'http_latency_p95_seconds']) {
      const s = loadSeries(dir, metric, truth.service);
      if (!s) continue;
      const rises = detectChanges(s.values).filter((c) => c.direction === 'up');
      if (rises.length === 0) continue;
      changed++;
      const first = Math.min(...rises.map((c) => c.index));
      const minutesOff = Math.abs(s.t0 + first * 60_000 - Date.parse(truth.onset)) / 60_000;
      expect(minutesOff, `${name} ${metric}`).toBeLessThanOrEqual(2);
    }
    expect(changed).toBeGreaterThan(0);
  });

  it('inventory-oom: memory is a ramp that starts well before the errors', () => {
    const dir = join(SCENARIOS, 'inventory-oom');
    const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as { service: string; onset: string };
    const s = loadSeries(dir, 'process_memory_bytes', truth.service);
    expect(s).not.toBeNull();
    const [top] = detectChanges(s!.values);
    expect(top).toMatchObject({ kind: 'ramp', direction: 'up' });
    const startMs = s!.t0 + top.index * 60_000;
    expect(Date.parse(truth.onset) - startMs).toBeGreaterThan(30 * 60_000);
  });
});
