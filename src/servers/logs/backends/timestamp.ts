// Fast timestamp reading for log lines: hand-rolled digit parsing (no regex, no allocation) because it runs once per line.

/** Index just after the timestamp read by the last successful readLeadingTimestamp call. */
export let timestampEnd = 0;

let cachedY = -1;
let cachedMo = -1;
let cachedD = -1;
let cachedDayMs = 0;

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function twoDigits(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Cheap test used before any parsing: does the text start with `YYYY-MM-DD`? */
export function startsWithDate(s: string, start = 0): boolean {
  return (
    s.length >= start + 10 &&
    s.charCodeAt(start + 4) === 45 &&
    s.charCodeAt(start + 7) === 45 &&
    digit(s, start) >= 0 &&
    digit(s, start + 3) >= 0 &&
    digit(s, start + 5) >= 0 &&
    digit(s, start + 9) >= 0
  );
}

function dayMs(y: number, mo: number, d: number): number {
  // Log lines of one file share their date: cache the day so Date.UTC runs once per day, not per line.
  if (y !== cachedY || mo !== cachedMo || d !== cachedD) {
    cachedY = y;
    cachedMo = mo;
    cachedD = d;
    cachedDayMs = Date.UTC(y, mo - 1, d);
  }
  return cachedDayMs;
}

/**
 * Reads an ISO 8601 timestamp at `start`: `YYYY-MM-DD[T ]HH:MM[:SS[(.|,)fraction]][Z|±HH[:]MM]`.
 * No zone means UTC. Returns epoch ms and sets `timestampEnd`, or NaN when there is none.
 */
export function readLeadingTimestamp(s: string, start = 0): number {
  if (!startsWithDate(s, start)) return NaN;
  const y = digit(s, start) * 1000 + digit(s, start + 1) * 100 + digit(s, start + 2) * 10 + digit(s, start + 3);
  const mo = twoDigits(s, start + 5);
  const d = twoDigits(s, start + 8);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  let i = start + 10;
  const sep = s.charCodeAt(i);
  if (sep !== 84 && sep !== 32 && sep !== 116) return NaN; // 'T', ' ', 't'
  const h = twoDigits(s, i + 1);
  if (h < 0 || h > 23 || s.charCodeAt(i + 3) !== 58) return NaN;
  const mi = twoDigits(s, i + 4);
  if (mi < 0 || mi > 59) return NaN;
  i += 6;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    sec = twoDigits(s, i + 1);
    if (sec < 0 || sec > 60) return NaN;
    i += 3;
    const f = s.charCodeAt(i);
    if ((f === 46 || f === 44) && digit(s, i + 1) >= 0) {
      i++;
      let scale = 100;
      while (i < s.length) {
        const c = digit(s, i);
        if (c < 0) break;
        ms += c * scale;
        scale /= 10;
        i++;
      }
      ms = Math.floor(ms + 1e-6);
    }
  }
  let t = dayMs(y, mo, d) + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) {
    i++;
  } else if (z === 43 || z === 45) {
    const oh = twoDigits(s, i + 1);
    if (oh >= 0) {
      let j = i + 3;
      if (s.charCodeAt(j) === 58) j++;
      const om = twoDigits(s, j);
      const offset = (oh * 60 + (om >= 0 ? om : 0)) * 60_000;
      t += z === 43 ? -offset : offset;
      i = om >= 0 ? j + 2 : i + 3;
    }
  }
  timestampEnd = i;
  return t;
}

/** A whole string that is a timestamp (JSON/logfmt values): ISO 8601 or epoch digits. */
export function parseTimeValue(v: unknown): number {
  if (typeof v === 'number') return epochToMs(v);
  if (typeof v !== 'string' || v.length === 0) return NaN;
  const t = readLeadingTimestamp(v);
  if (!Number.isNaN(t)) return timestampEnd === v.length ? t : NaN;
  const c = v.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    const n = Number(v);
    return Number.isFinite(n) ? epochToMs(n) : NaN;
  }
  return NaN;
}

/** Epoch numbers by magnitude: seconds, milliseconds, microseconds or nanoseconds. */
export function epochToMs(n: number): number {
  if (!Number.isFinite(n) || n < 0) return NaN;
  if (n < 1e11) return Math.round(n * 1000);
  if (n < 1e14) return Math.round(n);
  if (n < 1e17) return Math.round(n / 1000);
  return Math.round(n / 1e6);
}
