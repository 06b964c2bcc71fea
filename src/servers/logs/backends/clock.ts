// Leading timestamps other than ISO 8601, as real systems write them (the 16 LogHub systems among them):
// syslog `Dec  9 09:17:05`, ctime `Sun Dec 04 04:47:44 2005`, `081109 203615`, `17/06/09 20:10:40`, logcat
// `03-17 16:13:38.811`, `20171223-22:15:29:606`, `10.30 16:49:06`, epoch seconds. Each reader returns epoch ms
// and sets timestampEnd, or NaN. A reader of a yearless form takes the year from a YearReference and sets `yearless`.
import {
  digit,
  readClock,
  readZone,
  setTimestampEnd,
  timestampEnd,
  twoDigits,
  utcDayMs,
  type YearReference,
} from './timestamp.js';

/** True after a reader filled in the year from the reference (the caller resets it per line). */
export let yearless = false;

export function resetYearless(): void {
  yearless = false;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

function lower3(s: string, i: number): string {
  return s.slice(i, i + 3).toLowerCase();
}

/** 1-12 for an English month abbreviation at `i` (any case), else -1. */
export function monthAt(s: string, i: number): number {
  const c = s.charCodeAt(i) | 32;
  if (c < 97 || c > 122) return -1;
  return MONTHS.indexOf(lower3(s, i)) + 1 || -1;
}

function isWeekdayAt(s: string, i: number): boolean {
  return WEEKDAYS.has(lower3(s, i)) && s.charCodeAt(i + 3) === 32;
}

/**
 * A day of month, one or two digits, space- or zero-padded (`Dec  9`, `Dec 09`, `Dec 9`), at `i`: [day, index after].
 */
function readDay(s: string, i: number): [number, number] {
  if (s.charCodeAt(i) === 32) i++;
  const two = twoDigits(s, i);
  if (two >= 1 && two <= 31) return [two, i + 2];
  const one = digit(s, i);
  return one >= 1 ? [one, i + 1] : [-1, i];
}

export function yearlessTime(year: YearReference, mo: number, d: number, clock: number): number {
  yearless = true;
  return year.resolve(mo, d, clock);
}

/** syslog (RFC 3164) `Mmm dd HH:MM:SS[.frac]` at `i`, an optional year after it (`Dec  9 2025 09:17:05` too). */
export function readSyslogDate(s: string, i: number, year: YearReference): number {
  const mo = monthAt(s, i);
  if (mo < 0 || s.charCodeAt(i + 3) !== 32) return NaN;
  const [d, j] = readDay(s, i + 4);
  if (d < 0 || s.charCodeAt(j) !== 32) return NaN;
  if (digit(s, j + 1) >= 0 && digit(s, j + 3) >= 0 && digit(s, j + 4) >= 0 && s.charCodeAt(j + 5) === 32) {
    // `Dec  9 2025 09:17:05`
    const y = digit(s, j + 1) * 1000 + digit(s, j + 2) * 100 + digit(s, j + 3) * 10 + digit(s, j + 4);
    const clock = readClock(s, j + 6);
    return clock < 0 || y < 1000 ? NaN : utcDayMs(y, mo, d) + clock - readZone(s, timestampEnd);
  }
  const clock = readClock(s, j + 1);
  if (clock < 0) return NaN;
  if (
    s.charCodeAt(timestampEnd) === 32 &&
    digit(s, timestampEnd + 1) >= 0 &&
    digit(s, timestampEnd + 4) >= 0 &&
    digit(s, timestampEnd + 5) < 0
  ) {
    // `Dec  9 09:17:05 2025` (ctime, after its weekday)
    const k = timestampEnd + 1;
    const y = digit(s, k) * 1000 + digit(s, k + 1) * 100 + digit(s, k + 2) * 10 + digit(s, k + 3);
    if (y >= 1970) {
      setTimestampEnd(k + 4);
      return utcDayMs(y, mo, d) + clock;
    }
  }
  return yearlessTime(year, mo, d, clock) - readZone(s, timestampEnd);
}

/** ctime `Sun Dec 04 04:47:44[.frac] 2005` (Apache error log), or a weekday before a syslog date. */
export function readCtime(s: string, i: number, year: YearReference): number {
  if (!isWeekdayAt(s, i)) return NaN;
  return readSyslogDate(s, i + 4, year);
}

function fourDigitYear(s: string, i: number): number {
  const a = twoDigits(s, i);
  const b = twoDigits(s, i + 2);
  return a < 0 || b < 0 ? -1 : a * 100 + b;
}

/** Two-digit years: 70-99 are 19xx, the rest 20xx. */
function century(yy: number): number {
  return yy >= 70 ? 1900 + yy : 2000 + yy;
}

function dated(y: number, mo: number, d: number, clockAt: number, s: string, lenient = false): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const clock = readClock(s, clockAt, lenient);
  if (clock < 0) return NaN;
  return utcDayMs(y, mo, d) + clock - readZone(s, timestampEnd);
}

/**
 * The digit-led forms: `YYMMDD HHMMSS` (HDFS), `YY/MM/DD HH:MM:SS` (log4j's default, Spark), `MM/DD/YYYY` or
 * `DD/MM/YYYY HH:MM:SS` (a day above 12 decides), `MM-DD HH:MM:SS.mmm` (Android logcat, yearless),
 * `YYYYMMDD-HH:MM:SS:mmm` (HealthApp), `MM.DD HH:MM:SS` (yearless).
 */
export function readDigitDate(s: string, year: YearReference): number {
  const a = twoDigits(s, 0);
  if (a < 0) return NaN;
  const c2 = s.charCodeAt(2);
  if (c2 === 47) {
    // '/': YY/MM/DD or MM/DD/YYYY
    const b = twoDigits(s, 3);
    if (s.charCodeAt(5) !== 47) return NaN;
    const yyyy = fourDigitYear(s, 6);
    if (yyyy >= 0 && s.charCodeAt(10) === 32) return a > 12 ? dated(yyyy, b, a, 11, s) : dated(yyyy, a, b, 11, s);
    const c = twoDigits(s, 6);
    return s.charCodeAt(8) === 32 ? dated(century(a), b, c, 9, s) : NaN;
  }
  if ((c2 === 45 || c2 === 46) && s.charCodeAt(5) === 32) {
    // MM-DD / MM.DD HH:MM:SS: no year
    const d = twoDigits(s, 3);
    if (a < 1 || a > 12 || d < 1 || d > 31) return NaN;
    const clock = readClock(s, 6);
    return clock < 0 ? NaN : yearlessTime(year, a, d, clock);
  }
  if (digit(s, 2) < 0) return NaN;
  if (s.charCodeAt(6) === 32 && digit(s, 5) >= 0 && digit(s, 12) >= 0 && (s.length === 13 || s.charCodeAt(13) === 32)) {
    // YYMMDD HHMMSS
    const h = twoDigits(s, 7);
    const mi = twoDigits(s, 9);
    const sec = twoDigits(s, 11);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return NaN;
    const mo = twoDigits(s, 2);
    const d = twoDigits(s, 4);
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
    setTimestampEnd(13);
    return utcDayMs(century(a), mo, d) + h * 3_600_000 + mi * 60_000 + sec * 1000;
  }
  if (s.charCodeAt(8) === 45 && digit(s, 7) >= 0) {
    // YYYYMMDD-HH:MM:SS(:|.)mmm
    const y = fourDigitYear(s, 0);
    return dated(y, twoDigits(s, 4), twoDigits(s, 6), 9, s, true);
  }
  return NaN;
}

/** Lowest and highest epoch seconds taken as a time when a line carries a bare number (2000 .. 2100). */
const EPOCH_MIN = 946_684_800;
const EPOCH_MAX = 4_102_444_800;

/**
 * A bare epoch at `i`: 10 digits of seconds (optional `.fraction`) or 13 of milliseconds, followed by a space
 * or the end. Returns ms or NaN, and sets timestampEnd.
 */
export function readEpochToken(s: string, i: number): number {
  let j = i;
  while (digit(s, j) >= 0) j++;
  const n = j - i;
  if (n !== 10 && n !== 13) return NaN;
  let end = j;
  if (n === 10 && s.charCodeAt(j) === 46) {
    end++;
    while (digit(s, end) >= 0) end++;
  }
  if (end < s.length && s.charCodeAt(end) !== 32 && s.charCodeAt(end) !== 9) return NaN;
  const v = Number(s.slice(i, end));
  const sec = n === 13 ? v / 1000 : v;
  if (!(sec >= EPOCH_MIN && sec < EPOCH_MAX)) return NaN;
  setTimestampEnd(end);
  return Math.round(sec * 1000);
}
