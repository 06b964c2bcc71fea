// Fast timestamp reading for log lines: hand-rolled digit parsing (no regex, no allocation) because it runs once per
// line. ISO 8601 and whole-value timestamps here; the other shapes real systems write are in clock.ts.

/** Index just after the timestamp read by the last successful read* call of this module or clock.ts. */
export let timestampEnd = 0;

export function setTimestampEnd(i: number): void {
  timestampEnd = i;
}

export function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

export function twoDigits(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Cheap test used before any parsing: does the text start with `YYYY-MM-DD` (or `YYYY/MM/DD`)? */
export function startsWithDate(s: string, start = 0): boolean {
  const sep = s.charCodeAt(start + 4);
  return (
    s.length >= start + 10 &&
    (sep === 45 || sep === 47) &&
    s.charCodeAt(start + 7) === sep &&
    digit(s, start) >= 0 &&
    digit(s, start + 3) >= 0 &&
    digit(s, start + 5) >= 0 &&
    digit(s, start + 9) >= 0
  );
}

const CUMULATIVE_DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const DAY_MS = 86_400_000;
// Two years cached: yearless lines near New Year alternate between the reference year and the one before.
const cachedYears = [NaN, NaN];
const cachedYearMs = [0, 0];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Epoch ms of 00:00 UTC on y-mo-d, by arithmetic (one Date.UTC per year): log lines of a file share their year. */
export function utcDayMs(y: number, mo: number, d: number): number {
  let k = y === cachedYears[0] ? 0 : y === cachedYears[1] ? 1 : -1;
  if (k < 0) {
    k = cachedYears[0] < y ? 0 : 1; // replace the older slot's year
    if (Number.isNaN(cachedYears[0])) k = 0;
    else if (Number.isNaN(cachedYears[1])) k = 1;
    cachedYears[k] = y;
    cachedYearMs[k] = Date.UTC(y, 0, 1);
  }
  return cachedYearMs[k] + (CUMULATIVE_DAYS[mo - 1] + (mo > 2 && isLeap(y) ? 1 : 0) + d - 1) * DAY_MS;
}

/**
 * Reads `HH:MM[:SS[(.|,)fraction]]` at `i`; returns ms of day and sets timestampEnd, or -1. `lenient` accepts
 * one-digit seconds and `:` before the fraction (HealthApp writes `22:15:2:606`).
 */
export function readClock(s: string, i: number, lenient = false): number {
  if (lenient) return readLenientClock(s, i);
  const h = twoDigits(s, i);
  if (h < 0 || h > 23 || s.charCodeAt(i + 2) !== 58) return -1;
  const mi = twoDigits(s, i + 3);
  if (mi < 0 || mi > 59) return -1;
  i += 5;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    sec = twoDigits(s, i + 1);
    if (sec < 0 || sec > 60) return -1;
    i += 3;
    const f = s.charCodeAt(i);
    if ((f === 46 || f === 44) && digit(s, i + 1) >= 0) ms = readFraction(s, i + 1);
    else timestampEnd = i;
  } else timestampEnd = i;
  return h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
}

/** Digits of a fraction of a second at `i`, as ms; sets timestampEnd after them. */
function readFraction(s: string, i: number): number {
  let ms = 0;
  let scale = 100;
  while (i < s.length) {
    const c = digit(s, i);
    if (c < 0) break;
    ms += c * scale;
    scale /= 10;
    i++;
  }
  timestampEnd = i;
  return Math.floor(ms + 1e-6);
}

/** One or two digits: [value, index after], or [-1, i]. */
function oneOrTwo(s: string, i: number): [number, number] {
  const a = digit(s, i);
  if (a < 0) return [-1, i];
  const b = digit(s, i + 1);
  return b < 0 ? [a, i + 1] : [a * 10 + b, i + 2];
}

/** `H:M:S[:mmm]` with unpadded fields (HealthApp writes `23:1:5:778`). */
function readLenientClock(s: string, i: number): number {
  const [h, a] = oneOrTwo(s, i);
  if (h < 0 || h > 23 || s.charCodeAt(a) !== 58) return -1;
  const [mi, b] = oneOrTwo(s, a + 1);
  if (mi < 0 || mi > 59 || s.charCodeAt(b) !== 58) return -1;
  const [sec, c] = oneOrTwo(s, b + 1);
  if (sec < 0 || sec > 60) return -1;
  const f = s.charCodeAt(c);
  let ms = 0;
  timestampEnd = c;
  if ((f === 46 || f === 44) && digit(s, c + 1) >= 0) ms = readFraction(s, c + 1);
  else if (f === 58 && digit(s, c + 1) >= 0) {
    // `:mmm` is a count of milliseconds, unpadded (`:77` is 77 ms)
    let k = c + 1;
    while (k < c + 4 && digit(s, k) >= 0) ms = ms * 10 + digit(s, k++);
    timestampEnd = k;
  }
  return h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
}

/**
 * Reads a zone at `i`: `Z`, `±HH`, `±HHMM` or `±HH:MM`, optionally after one space when it has four digits
 * (`2025-01-15 14:45:02 +0200`). Returns the offset in ms to subtract from local time (0 for none) and sets
 * timestampEnd.
 */
export function readZone(s: string, i: number): number {
  let z = s.charCodeAt(i);
  if (z === 90 || z === 122) {
    timestampEnd = i + 1;
    return 0;
  }
  let spaced = false;
  if (z === 32 && (s.charCodeAt(i + 1) === 43 || s.charCodeAt(i + 1) === 45)) {
    spaced = true;
    i++;
    z = s.charCodeAt(i);
  }
  timestampEnd = spaced ? i - 1 : i;
  if (z !== 43 && z !== 45) return 0;
  const oh = twoDigits(s, i + 1);
  if (oh < 0 || oh > 14) return 0;
  let j = i + 3;
  if (s.charCodeAt(j) === 58) j++;
  const om = twoDigits(s, j);
  if (spaced && (om < 0 || digit(s, j + 2) >= 0)) return 0; // after a space, only a 4-digit offset counts
  if (om > 59) return 0;
  const offset = (oh * 60 + (om >= 0 ? om : 0)) * 60_000;
  timestampEnd = om >= 0 ? j + 2 : i + 3;
  return z === 43 ? offset : -offset;
}

/**
 * Reads an ISO 8601 timestamp at `start`: `YYYY-MM-DD[T ]HH:MM[:SS[(.|,)fraction]][Z|±HH[:]MM]` (also `YYYY/MM/DD`).
 * No zone means UTC. Returns epoch ms and sets `timestampEnd`, or NaN when there is none.
 */
export function readLeadingTimestamp(s: string, start = 0): number {
  if (!startsWithDate(s, start)) return NaN;
  const y = digit(s, start) * 1000 + digit(s, start + 1) * 100 + digit(s, start + 2) * 10 + digit(s, start + 3);
  const mo = twoDigits(s, start + 5);
  const d = twoDigits(s, start + 8);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const i = start + 10;
  const sep = s.charCodeAt(i);
  if (sep !== 84 && sep !== 32 && sep !== 116) return NaN; // 'T', ' ', 't'
  const clock = readClock(s, i + 1);
  if (clock < 0) return NaN;
  const t = utcDayMs(y, mo, d) + clock;
  return t - readZone(s, timestampEnd);
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
function epochToMs(n: number): number {
  if (!Number.isFinite(n) || n < 0) return NaN;
  if (n < 1e11) return Math.round(n * 1000);
  if (n < 1e14) return Math.round(n);
  if (n < 1e17) return Math.round(n / 1000);
  return Math.round(n / 1e6);
}

/**
 * How a timestamp without a year (syslog `Dec  9 09:17:05`, klog, logcat) gets one: the latest year that does not
 * put it after `refMs + slackMs`, as syslog readers do. The reference is --until, the end of the bundle's dated
 * data, or the clock (see docs/data-formats.md).
 */
export class YearReference {
  private readonly year: number;
  private readonly limit: number;

  constructor(
    readonly refMs: number,
    readonly slackMs: number,
  ) {
    this.limit = refMs + slackMs;
    this.year = new Date(Number.isFinite(this.limit) ? this.limit : Date.now()).getUTCFullYear();
  }

  resolve(mo: number, d: number, msOfDay: number): number {
    for (let y = this.year; y > this.year - 2; y--) {
      const t = utcDayMs(y, mo, d) + msOfDay;
      if (t <= this.limit) return t;
    }
    return utcDayMs(this.year - 2, mo, d) + msOfDay;
  }
}

/** A clock reference: "now" with a day of slack for zones (yearless local times are read as UTC). */
export function clockYearReference(now = Date.now()): YearReference {
  return new YearReference(now, DAY_MS);
}
