import { describe, expect, it } from 'vitest';
import { findOnset } from '../../src/engine/onset.js';

const MIN = 60_000;

describe('findOnset', () => {
  it('returns null with no symptoms', () => {
    expect(findOnset([])).toBeNull();
  });

  it('lets a confirmed cluster win over an earlier lone blip', () => {
    const events = [
      { start: 10 * MIN, weight: 0.5 },
      { start: 100 * MIN, weight: 4 },
      { start: 102 * MIN, weight: 3 },
      { start: 104 * MIN, weight: 2 },
    ];
    expect(findOnset(events)).toBe(100 * MIN);
  });

  it('takes the earliest change of the main cluster, not its strongest', () => {
    const events = [
      { start: 95 * MIN, weight: 2 },
      { start: 100 * MIN, weight: 6 },
    ];
    expect(findOnset(events)).toBe(95 * MIN);
  });
});
