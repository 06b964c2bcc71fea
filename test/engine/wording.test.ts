// How the engine words its report: one-line headlines, spans people read, no failure category on a docs change.
import { describe, expect, it } from 'vitest';
import { describeSpan } from '../../src/core/time.js';
import { headline } from '../../src/engine/report.js';

describe('headline', () => {
  it('keeps a short summary as it is and cuts a long one at a word, under 120 characters', () => {
    expect(headline('Dependency failure: orders-postgres (latency 4 ms -> 2.1 s)')).toBe(
      'Dependency failure: orders-postgres (latency 4 ms -> 2.1 s)',
    );
    const long = `Resource exhaustion in checkout-api after deployment v2.4.1 (66e5df8: Reserve inventory per cart item inside checkout transaction) ("Connection pool exhausted: timeout acquiring connection")`;
    const h = headline(long);
    expect(h.length).toBeLessThanOrEqual(120);
    expect(h.endsWith('…')).toBe(true);
    expect(long.startsWith(h.slice(0, -1))).toBe(true);
    expect(long[h.length - 1]).toBe(' ');
  });
});

describe('describeSpan', () => {
  it('says hours and days, not thousands of minutes', () => {
    expect(describeSpan(40_000)).toBe('40 s');
    expect(describeSpan(17 * 60_000)).toBe('17 min');
    expect(describeSpan(1638 * 60_000)).toBe('27 h');
    expect(describeSpan(4 * 86_400_000)).toBe('4 d');
  });
});
