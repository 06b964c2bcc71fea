// The one window rule: explicit since/until, else the shared default span before "now", where "now" is the end
// of the data, --until, a backend's own clock, or the clock.
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_MS, resolveWindow } from '../../src/core/window.js';

const H = 3_600_000;
const end = Date.parse('2025-03-10T12:00:00Z');
const extent = { from: end - 48 * H, to: end };

describe('resolveWindow', () => {
  it('defaults to the same span before the end of the data for every caller', () => {
    expect(DEFAULT_WINDOW_MS).toBe(6 * H);
    expect(resolveWindow({}, { extent })).toEqual({ from: end + 1 - DEFAULT_WINDOW_MS, to: end + 1 });
  });

  it('clips the default to the start of the data, unless told not to', () => {
    const short = { from: end - H, to: end };
    expect(resolveWindow({}, { extent: short }).from).toBe(short.from);
    expect(resolveWindow({}, { extent: short, clip: false }).from).toBe(end + 1 - DEFAULT_WINDOW_MS);
  });

  it('reads durations back from --until, or from a backend-given now', () => {
    expect(resolveWindow({ since: '2h' }, { extent, fixedUntil: '2025-03-10T06:00:00Z' })).toEqual({
      from: end - 8 * H,
      to: end - 6 * H,
    });
    expect(resolveWindow({ since: '30m' }, { extent: null, now: end }).from).toBe(end - 30 * 60_000);
  });

  it('live backends: the span before the clock', () => {
    const before = Date.now();
    const w = resolveWindow({}, { extent: null });
    expect(w.to - w.from).toBe(DEFAULT_WINDOW_MS);
    expect(w.to).toBeGreaterThanOrEqual(before);
  });

  it('refuses a window that ends before it starts', () => {
    expect(() => resolveWindow({ since: '2025-03-10T10:00:00Z', until: '2025-03-10T09:00:00Z' }, { extent })).toThrow(
      /since .* must be before until/,
    );
  });
});
