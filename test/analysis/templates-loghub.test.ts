import { describe, expect, it } from 'vitest';
import { computeGroupingAccuracy, DEFAULT_LOGHUB_DIR, evaluateLoghub, parseCsv } from '../../scripts/loghub-eval.js';

describe('grouping accuracy', () => {
  it('counts a message correct only when its cluster equals its true group exactly', () => {
    // Cluster 1 = group A exactly (2 correct); cluster 2 mixes B and C (0 correct); cluster 3 = part of D (0 correct).
    const predicted = [1, 1, 2, 2, 3, 4];
    const truth = ['A', 'A', 'B', 'C', 'D', 'D'];
    expect(computeGroupingAccuracy(predicted, truth)).toBeCloseTo(2 / 6);
  });

  it('parses CSV with quoted fields, doubled quotes and CRLF', () => {
    expect(parseCsv('a,b\r\n1,"x, ""y"""\r\n2,z\r\n')).toEqual([
      ['a', 'b'],
      ['1', 'x, "y"'],
      ['2', 'z'],
    ]);
  });
});

describe('LogHub-2k benchmark, one default configuration', () => {
  it('reaches an average grouping accuracy of at least 0.90 over the 16 systems', () => {
    const { results, average } = evaluateLoghub(DEFAULT_LOGHUB_DIR);
    expect(results).toHaveLength(16);
    for (const r of results) expect(r.messages).toBe(2000);
    expect(average).toBeGreaterThanOrEqual(0.9);
  });
});
