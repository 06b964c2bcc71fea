// One log line -> one entry, a continuation, or a reason it is malformed. The format is detected per line from
// its first characters, so a file may mix them: plain text and Java style, JSON lines, logfmt, syslog (RFC 5424
// and 3164), combined access logs, klog, and the leading timestamps of the LogHub systems. The only line parser:
// the logs server and `incident-pilot patterns` both read lines through it.
import type { Level } from '../../../core/types.js';
import { parseAccessLog } from './access-log.js';
import { monthAt, readCtime, readDigitDate, readEpochToken, resetYearless, yearless } from './clock.js';
import { parseIdThenEpoch, parseLabelledEpoch } from './epoch-fields.js';
import { fromFields, parseJsonLine } from './fields.js';
import { parseKlog } from './klog.js';
import { parseLogfmt } from './logfmt.js';
import { closingBracket, parseAfterTime } from './plain.js';
import { parse3164Body, parsePriSyslog } from './syslog.js';
import {
  clockYearReference,
  readLeadingTimestamp,
  startsWithDate,
  timestampEnd,
  type YearReference,
} from './timestamp.js';

export { fromFields } from './fields.js';

export interface ParsedLine {
  ts: number;
  level: Level;
  /** Absent when the line does not name one: the file's service applies. */
  service?: string;
  message: string;
  attributes?: Record<string, unknown>;
  /** The line's timestamp had no year: it was taken from the YearReference. */
  inferredYear?: boolean;
}

/**
 * An entry, `null` for a continuation line (belongs to the entry above), or a string saying why the line is malformed.
 */
export type LineResult = ParsedLine | null | string;

let defaultYear: YearReference | undefined;

/** Parses one line (no line break). `year` dates the timestamps that carry none; default: the clock. */
export function parseLine(line: string, year?: YearReference): LineResult {
  resetYearless();
  const r = parseAny(line, year ?? (defaultYear ??= clockYearReference()));
  if (yearless && r !== null && typeof r === 'object') r.inferredYear = true;
  return r;
}

function parseAny(line: string, year: YearReference): LineResult {
  const c = line.charCodeAt(0);
  if (c >= 48 && c <= 57) return parseDigitLed(line, year);
  if (c === 123) return parseJsonLine(line); // '{'
  if (c === 60) return parsePriSyslog(line, year); // '<'
  if (c === 91) return parseBracketLed(line, year) ?? null; // '['
  if (c === 45) return parseLabelledEpoch(line) ?? null; // '-'
  if (isLetter(c)) return parseLetterLed(line, year);
  return null;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 64; // a-z A-Z _ @
}

function parseDigitLed(line: string, year: YearReference): LineResult {
  let ts = readLeadingTimestamp(line);
  if (!Number.isNaN(ts)) return parseAfterTime(line, ts, timestampEnd);
  if (startsWithDate(line)) return `cannot read the timestamp "${line.slice(0, 29)}"`;
  ts = readDigitDate(line, year);
  if (Number.isNaN(ts)) ts = readEpochToken(line, 0);
  if (!Number.isNaN(ts)) return parseAfterTime(line, ts, timestampEnd);
  return parseAccessLog(line) ?? parseIdThenEpoch(line) ?? null;
}

/** `[timestamp] ...` (ctime as Apache writes it, ISO, `MM.DD HH:MM:SS`), or a `[prefix]` before an ISO timestamp. */
function parseBracketLed(line: string, year: YearReference): ParsedLine | undefined {
  let ts = readLeadingTimestamp(line, 1);
  if (Number.isNaN(ts)) ts = readCtime(line, 1, year);
  if (Number.isNaN(ts) && line.charCodeAt(1) >= 48 && line.charCodeAt(1) <= 57) {
    ts = readDigitDate(line.slice(1, 48), year);
    if (!Number.isNaN(ts)) return closeBracket(line, ts, timestampEnd + 1);
  }
  if (!Number.isNaN(ts)) return closeBracket(line, ts, timestampEnd);
  const close = closingBracket(line, 0);
  return close > 0 && line.charCodeAt(close + 1) === 32 ? withPrefix(line, close + 2) : undefined;
}

function closeBracket(line: string, ts: number, end: number): ParsedLine | undefined {
  return line.charCodeAt(end) === 93 ? parseAfterTime(line, ts, end + 1) : undefined;
}

/**
 * `prefix 2025-01-15 14:45:02 ...`: a source name before the timestamp (OpenStack, kubectl --prefix); kept as
 * attribute.
 */
function withPrefix(line: string, at: number): ParsedLine | undefined {
  if (!startsWithDate(line, at)) return undefined;
  const ts = readLeadingTimestamp(line, at);
  if (Number.isNaN(ts)) return undefined;
  const out = parseAfterTime(line, ts, timestampEnd);
  out.attributes = { source: line.slice(0, at - 1), ...out.attributes };
  return out;
}

function parseLetterLed(line: string, year: YearReference): LineResult {
  if (monthAt(line, 0) > 0) {
    const r = parse3164Body(line, 0, year);
    if (r) return r;
  } else if (line.charCodeAt(3) === 32) {
    const ts = readCtime(line, 0, year);
    if (!Number.isNaN(ts)) return parseAfterTime(line, ts, timestampEnd);
  }
  const k = parseKlog(line, year) ?? parseLabelledEpoch(line);
  if (k) return k;
  if (looksLikeLogfmt(line)) {
    const fields = parseLogfmt(line);
    if (typeof fields === 'string') return fields;
    return fromFields(fields, 'logfmt');
  }
  const space = line.indexOf(' ');
  if (space > 0 && space < 200) {
    const prefixed = withPrefix(line, space + 1);
    if (prefixed) return prefixed;
  }
  return parseAccessLog(line) ?? null;
}

/** `key=` before any space: cheap check that rules out prose and stack frames. */
function looksLikeLogfmt(line: string): boolean {
  const n = Math.min(line.length, 64);
  for (let i = 1; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c === 61) return true; // '='
    if (c === 32 || c === 9 || c === 58 || c === 40) return false; // space, tab, ':', '('
  }
  return false;
}
