// Writes small Prometheus query_range files for tests.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const T0 = 1_736_000_000 - (1_736_000_000 % 60); // a whole minute, epoch seconds

export interface RawSeries {
  metric: Record<string, string>;
  values: number[] | Array<[number, string]>;
}

/** A matrix response; plain numbers become one sample a minute from T0. */
export function matrix(result: RawSeries[]): string {
  return JSON.stringify({
    status: 'success',
    data: {
      resultType: 'matrix',
      result: result.map((r) => ({
        metric: r.metric,
        values: r.values.map((v, i) => (Array.isArray(v) ? v : [T0 + i * 60, String(v)])),
      })),
    },
  });
}

/** A data dir with metrics/<file> for each entry; returns the data dir. */
export function writeMetricsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gm-metrics-test-'));
  mkdirSync(join(dir, 'metrics'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'metrics', name), text);
  return dir;
}

/** n values at `base`, then `after` from index `at` on. */
export function step(n: number, at: number, base: number, after: number): number[] {
  return Array.from({ length: n }, (_, i) => (i < at ? base : after));
}
