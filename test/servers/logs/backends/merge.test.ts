import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../../src/core/types.js';
import { mergeByTime } from '../../../../src/servers/logs/backends/merge.js';

const entry = (ts: number, service: string): LogEntry => ({ ts, level: 'INFO', service, message: `${ts}`, ref: '' });

/** A source yielding the given batches, recording whether it was closed. */
function source(batches: LogEntry[][]): AsyncGenerator<LogEntry[]> & { closed: boolean } {
  const state = { closed: false };
  const gen = (async function* () {
    try {
      for (const b of batches) yield b;
    } finally {
      state.closed = true;
    }
  })();
  return Object.defineProperty(gen, 'closed', { get: () => state.closed }) as AsyncGenerator<LogEntry[]> & {
    closed: boolean;
  };
}

async function drain(batches: AsyncIterable<LogEntry[]>): Promise<LogEntry[][]> {
  const out: LogEntry[][] = [];
  for await (const b of batches) out.push(b);
  return out;
}

describe('mergeByTime', () => {
  it('merges in time order, ties in source order, in non-empty batches', async () => {
    const a = source([[entry(1, 'a'), entry(3, 'a')], [], [entry(5, 'a')]]);
    const b = source([
      [entry(1, 'b'), entry(2, 'b')],
      [entry(5, 'b'), entry(9, 'b')],
    ]);
    const batches = await drain(mergeByTime([a, b]));
    expect(batches.every((x) => x.length > 0)).toBe(true);
    expect(batches.flat().map((e) => `${e.ts}${e.service}`)).toEqual(['1a', '1b', '2b', '3a', '5a', '5b', '9b']);
  });

  it('hands on at most 1024 entries a batch', async () => {
    const many = (svc: string, odd: number) => Array.from({ length: 3000 }, (_, i) => entry(2 * i + odd, svc));
    const batches = await drain(mergeByTime([source([many('a', 0)]), source([many('b', 1)])]));
    expect(Math.max(...batches.map((x) => x.length))).toBeLessThanOrEqual(1024);
    expect(batches.flat().map((e) => e.ts)).toEqual(Array.from({ length: 6000 }, (_, i) => i));
  });

  it('passes a single source through as it comes', async () => {
    const only = [entry(1, 'a'), entry(2, 'a')];
    const batches = await drain(mergeByTime([source([[], only])]));
    expect(batches).toHaveLength(1);
    expect(batches[0]).toBe(only);
  });

  it('closes every source when the consumer stops early', async () => {
    const a = source([[entry(1, 'a')], [entry(4, 'a')]]);
    const b = source([[entry(2, 'b')], [entry(3, 'b')]]);
    for await (const batch of mergeByTime([a, b])) if (batch.length) break;
    expect([a.closed, b.closed]).toEqual([true, true]);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const a = source([[entry(1, 'a')], [entry(3, 'a')], [entry(5, 'a')]]);
    const b = source([[entry(2, 'b')], [entry(4, 'b')], [entry(6, 'b')]]);
    for await (const batch of mergeByTime([a, b], controller.signal)) {
      seen.push(...batch.map((e) => e.ts));
      if (seen.length >= 2) controller.abort();
    }
    expect(seen.length).toBeLessThan(6);
    expect([a.closed, b.closed]).toEqual([true, true]);
  });
});
