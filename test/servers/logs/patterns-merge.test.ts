import { describe, expect, it } from 'vitest';
import { minePatterns } from '../../../src/servers/logs/patterns.js';
import type { LogEntry } from '../../../src/core/types.js';

async function* entries(list: LogEntry[]): AsyncIterable<LogEntry[]> {
  yield list;
}

describe('log_patterns after the miner merges clusters', () => {
  it('folds the rows of merged clusters into one row per template and service', async () => {
    const t0 = Date.parse('2025-01-01T00:00:00Z');
    // Five different words at one position make the miner merge these into one template after the fact.
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
    const list: LogEntry[] = words.flatMap((w, i) =>
      Array.from({ length: 3 }, (_, k) => ({
        ts: t0 + (i * 3 + k) * 60_000,
        level: 'ERROR' as const,
        service: 'svc',
        message: `worker ${w} lost its lease on shard queue`,
        ref: `logs/svc.log:${i * 3 + k + 1}`,
      })),
    );
    const result = await minePatterns(entries(list), {
      range: { from: t0, to: t0 + 3_600_000 },
      baselineUntil: t0,
      limit: 50,
      minCount: 1,
    });
    const ids = result.templates.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(result.templates).toHaveLength(1);
    expect(result.templates[0].count).toBe(list.length);
    expect(result.templates[0].ref).toBe('logs/svc.log:1');
  });
});
