import { describe, expect, it } from 'vitest';
import { findBurst } from '../../src/analysis/bursts.js';

describe('findBurst', () => {
  it('finds where a new template starts from zero', () => {
    const counts = [...Array(60).fill(0), ...Array(30).fill(8)];
    const b = findBurst(counts);
    expect(b?.index).toBe(60);
    expect(b?.rateAfter).toBeCloseTo(8);
  });

  it('finds a jump in a template that was there all along', () => {
    const counts = [...Array(50).fill(1), ...Array(20).fill(12)];
    expect(findBurst(counts)?.index).toBe(50);
  });

  it('reports nothing for a steady rate', () => {
    const counts = Array.from({ length: 120 }, (_, i) => (i % 3 === 0 ? 2 : 1));
    expect(findBurst(counts)).toBeNull();
  });

  it('reports nothing for a decrease', () => {
    expect(findBurst([...Array(30).fill(10), ...Array(30).fill(0)])).toBeNull();
  });
});
