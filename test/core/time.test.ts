// Time arguments with UTC offsets, and formatting that never throws on a time no Date can hold.
import { describe, expect, it } from 'vitest';
import { clockTime, parseTimeArg, parseTimestamp, toIso } from '../../src/core/time.js';

describe('parseTimeArg and parseTimestamp respect UTC offsets', () => {
  const utc = Date.UTC(2025, 0, 15, 12, 45, 0);
  it.each([
    '2025-01-15T14:45:00+02:00',
    '2025-01-15T14:45:00+0200',
    '2025-01-15 14:45:00 +0200',
    '2025-01-15T14:45:00+02',
    '2025-01-15T07:45:00-05:00',
    '2025-01-15T12:45:00Z',
  ])('%s', (text) => {
    expect(parseTimeArg(text, 0, '--since')).toBe(utc);
    expect(parseTimestamp(text)).toBe(utc);
  });
});

describe('toIso and clockTime never throw', () => {
  it.each([NaN, Infinity, -Infinity, 1e20, -1e17])('%s', (ms) => {
    expect(toIso(ms)).toBe(`invalid time (${ms})`);
    expect(clockTime(ms)).toBe('--:--');
  });

  it('formats representable times as before', () => {
    expect(toIso(Date.UTC(2025, 0, 15, 12, 45))).toBe('2025-01-15T12:45:00Z');
    expect(toIso(8.64e15)).toBe('+275760-09-13T00:00:00Z');
  });
});
