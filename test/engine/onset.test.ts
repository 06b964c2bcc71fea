import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOnset, type OnsetCandidate } from '../../src/engine/onset.js';

const T0 = Date.parse('2025-06-01T10:00:00Z');
const MIN = 60_000;
const times = (n: number): number[] => Array.from({ length: n }, (_, i) => T0 + i * MIN);

/** Small deterministic jitter so series are not perfectly flat. */
function jitter(i: number, seed: number): number {
  return Math.sin(i * 12.9898 + seed * 78.233) * 0.5;
}

function flat(n: number, level: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => level + jitter(i, seed));
}

describe('findOnset', () => {
  it('a confirmed change beats an earlier unconfirmed blip', () => {
    const n = 180;
    const errors = flat(n, 1, 1);
    errors[70] = 30; // lone blip, nothing else moves
    for (let i = 120; i < n; i++) errors[i] = 40 + jitter(i, 2);
    const latency = flat(n, 100, 3);
    for (let i = 121; i < n; i++) latency[i] = 250 + jitter(i, 4);
    const onset = findOnset([
      { id: 'errors', times: times(n), values: errors },
      { id: 'latency', times: times(n), values: latency },
    ]);
    expect(onset).not.toBeNull();
    expect(onset!.time).toBe(T0 + 120 * MIN);
    expect(onset!.id).toBe('errors');
    expect(onset!.confirmedBy).toEqual(['latency']);
  });

  it('the blip wins nothing even when it is the only early change and the later one is confirmed by a non-symptom', () => {
    const n = 180;
    const errors = flat(n, 1, 5);
    errors[40] = 25;
    for (let i = 130; i < n; i++) errors[i] = 20 + jitter(i, 6);
    const pool = flat(n, 10, 7);
    for (let i = 128; i < n; i++) pool[i] = 30 + jitter(i, 8);
    const onset = findOnset([
      { id: 'errors', times: times(n), values: errors, symptom: true },
      { id: 'pool', times: times(n), values: pool, symptom: false },
    ]);
    expect(onset).toMatchObject({ id: 'errors', time: T0 + 130 * MIN, confirmedBy: ['pool'] });
  });

  it("a ramp's onset is where the ramp starts", () => {
    const n = 200;
    const latency = Array.from({ length: n }, (_, i) => 100 + jitter(i, 9) * 4 + (i >= 80 ? 2 * (i - 80) : 0));
    const cpu = flat(n, 20, 10);
    for (let i = 82; i < n; i++) cpu[i] = 60 + jitter(i, 11);
    const onset = findOnset([
      { id: 'latency', times: times(n), values: latency },
      { id: 'cpu', times: times(n), values: cpu, symptom: false },
    ]);
    expect(onset?.kind).toBe('ramp');
    expect(onset?.id).toBe('latency');
    expect(Math.abs(onset!.time - (T0 + 80 * MIN))).toBeLessThanOrEqual(5 * MIN);
  });

  it('falls back to the strongest unconfirmed change, and null when nothing rises', () => {
    const n = 150;
    const errors = flat(n, 1, 12);
    for (let i = 100; i < n; i++) errors[i] = 9 + jitter(i, 13);
    const alone = findOnset([{ id: 'errors', times: times(n), values: errors }], { strongScore: 1e9 });
    expect(alone).toMatchObject({ id: 'errors', time: T0 + 100 * MIN, confirmedBy: [] });
    expect(findOnset([{ id: 'flat', times: times(n), values: flat(n, 5, 14) }])).toBeNull();
    expect(findOnset([])).toBeNull();
  });

  it('a lower weight can drop a weak series below the threshold', () => {
    const n = 150;
    const errors = flat(n, 10, 15);
    for (let i = 100; i < n; i++) errors[i] = 14 + jitter(i, 16);
    const c: OnsetCandidate = { id: 'errors', times: times(n), values: errors };
    expect(findOnset([c])).not.toBeNull();
    expect(findOnset([{ ...c, weight: 0.01 }])).toBeNull();
  });

  it('names the series whose times and values do not line up', () => {
    expect(() => findOnset([{ id: 'broken', times: [1, 2], values: [1, 2, 3] }])).toThrow(/broken/);
  });
});

// Sanity check on the public scenarios' metrics (not tuned to them).
const SCENARIOS = '/work/shared/scenarios';
interface Matrix {
  data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
}

function loadCandidates(dir: string): OnsetCandidate[] {
  const symptoms = new Set(['http_error_ratio', 'http_latency_p95_seconds']);
  const out: OnsetCandidate[] = [];
  for (const metric of ['http_error_ratio', 'http_latency_p95_seconds', 'http_requests_per_second', 'cpu_usage_ratio', 'process_memory_bytes']) {
    const path = join(dir, 'metrics', `${metric}.json`);
    if (!existsSync(path)) continue;
    for (const row of (JSON.parse(readFileSync(path, 'utf8')) as Matrix).data.result) {
      out.push({
        id: `${metric}{${row.metric.service}}`,
        times: row.values.map((v) => v[0] * 1000),
        values: row.values.map((v) => Number(v[1])),
        symptom: symptoms.has(metric),
      });
    }
  }
  return out;
}

describe.skipIf(!existsSync(SCENARIOS))('findOnset on the public scenarios', () => {
  it.each(['checkout-db-pool', 'inventory-oom', 'orders-db-timeout', 'search-slow'].filter((s) => existsSync(join(SCENARIOS, s))))(
    '%s: onset within 2 minutes of the truth',
    (name) => {
      const dir = join(SCENARIOS, name);
      const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as { onset: string };
      const onset = findOnset(loadCandidates(dir));
      expect(onset).not.toBeNull();
      expect(Math.abs(onset!.time - Date.parse(truth.onset))).toBeLessThanOrEqual(2 * MIN);
    },
  );
});
