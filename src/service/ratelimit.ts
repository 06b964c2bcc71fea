// Fixed-window rate limits keyed by IP and by caller; answers how long to wait when a key is over its limit.

export interface RateLimiter {
  /** Counts one request for the key; returns 0 when allowed, else the seconds until the window resets. */
  take(key: string): number;
}

export function createRateLimiter(perMinute: number, now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = now();
  return {
    take(key) {
      if (perMinute <= 0) return 0;
      const t = now();
      // Forget finished windows now and then so a flood of distinct keys cannot grow the map forever.
      if (t - lastSweep > 60_000) {
        for (const [k, w] of windows) if (t - w.start >= 60_000) windows.delete(k);
        lastSweep = t;
      }
      let w = windows.get(key);
      if (!w || t - w.start >= 60_000) {
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      if (w.count <= perMinute) return 0;
      return Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000));
    },
  };
}
