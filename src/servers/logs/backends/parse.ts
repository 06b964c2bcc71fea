// One log line -> one entry, a continuation, or a reason it is malformed. The format is detected per line
// from its first character, so a file may mix plain text, Java-style, JSON lines and logfmt.
import type { Level } from '../../../core/types.js';
import { levelOfValue, levelOfWord } from './levels.js';
import { parseLogfmt } from './logfmt.js';
import { parseTimeValue, readLeadingTimestamp, startsWithDate, timestampEnd } from './timestamp.js';

export interface ParsedLine {
  ts: number;
  level: Level;
  /** Absent when the line does not name one: the file's service applies. */
  service?: string;
  message: string;
  attributes?: Record<string, unknown>;
}

/** An entry, `null` for a continuation line (belongs to the entry above), or a string saying why the line is malformed. */
export type LineResult = ParsedLine | null | string;

const TIME_KEYS = new Set(['timestamp', 'time', 'ts', '@timestamp']);
const LEVEL_KEYS = new Set(['level', 'severity', 'lvl', 'log.level']);
const MESSAGE_KEYS = new Set(['message', 'msg']);
const SERVICE_KEYS = new Set(['service', 'service.name', 'app']);

export function parseLine(line: string): LineResult {
  const c = line.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    const ts = readLeadingTimestamp(line);
    if (!Number.isNaN(ts)) return parsePlain(line, ts, timestampEnd);
    return startsWithDate(line) ? `cannot read the timestamp "${line.slice(0, 29)}"` : null;
  }
  if (c === 123) return parseJsonLine(line); // '{'
  if (isKeyStart(c) && looksLikeLogfmt(line)) {
    const fields = parseLogfmt(line);
    if (typeof fields === 'string') return fields;
    return fromFields(fields, 'logfmt');
  }
  return null;
}

function isKeyStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 64; // a-z A-Z _ @
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

function skipSpaces(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  return i;
}

/** `TS LEVEL [service] message` or Java style `TS LEVEL [thread] logger - message`. */
function parsePlain(line: string, ts: number, end: number): ParsedLine {
  let i = skipSpaces(line, end);
  let wordEnd = line.indexOf(' ', i);
  if (wordEnd < 0) wordEnd = line.length;
  let word = line.slice(i, wordEnd);
  if (word.charCodeAt(0) === 91 && word.charCodeAt(word.length - 1) === 93) word = word.slice(1, -1); // [ERROR]
  else if (word.charCodeAt(word.length - 1) === 58) word = word.slice(0, -1); // ERROR:
  const level = levelOfWord(word);
  if (level === undefined) return { ts, level: 'INFO', message: line.slice(i) };
  i = skipSpaces(line, wordEnd);
  if (line.charCodeAt(i) !== 91) return { ts, level, message: line.slice(i) }; // no '['
  const close = line.indexOf(']', i + 1);
  if (close < 0) return { ts, level, message: line.slice(i) };
  const bracket = line.slice(i + 1, close);
  const j = skipSpaces(line, close + 1);
  const tokenEnd = line.indexOf(' ', j);
  // A logger is a dotted name (c.a.payment.Client): "[svc] Retry - attempt 2" keeps its service.
  if (tokenEnd > j && line.startsWith(' - ', tokenEnd) && isDottedName(line, j, tokenEnd)) {
    // Java style: the bracket is a thread and the token a logger; the service comes from the file name.
    return { ts, level, message: line.slice(tokenEnd + 3), attributes: { thread: bracket, logger: line.slice(j, tokenEnd) } };
  }
  return { ts, level, service: bracket, message: line.slice(j) };
}

function isDottedName(s: string, from: number, to: number): boolean {
  let dot = false;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c === 46) dot = true;
    else if (c === 47 || c === 58 || c === 61) return false; // '/', ':', '='
  }
  return dot;
}

function parseJsonLine(line: string): LineResult {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (err) {
    return `broken JSON object (${(err as Error).message})`;
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return 'JSON value is not an object';
  return fromFields(obj as Record<string, unknown>, 'JSON');
}

/** Maps JSON/logfmt keys onto an entry; unknown keys become attributes. No time key: a continuation. */
export function fromFields(fields: Record<string, unknown>, kind: string): LineResult {
  let timeValue: unknown;
  let levelValue: unknown;
  let message: unknown;
  let service: unknown;
  let attributes: Record<string, unknown> | undefined;
  for (const key in fields) {
    const v = fields[key];
    if (timeValue === undefined && TIME_KEYS.has(key)) timeValue = v;
    else if (levelValue === undefined && LEVEL_KEYS.has(key)) levelValue = v;
    else if (message === undefined && MESSAGE_KEYS.has(key)) message = v;
    else if (service === undefined && SERVICE_KEYS.has(key)) service = v;
    else (attributes ??= {})[key] = v;
  }
  if (timeValue === undefined) return null;
  const ts = parseTimeValue(timeValue);
  if (Number.isNaN(ts)) return `${kind} time value ${JSON.stringify(timeValue)?.slice(0, 40)} is not a timestamp`;
  if (service !== null && typeof service === 'object') {
    // Nested {"service": {"name": "x", "version": "1"}}: the name is the service, the rest stays.
    const { name, ...rest } = service as Record<string, unknown>;
    if (Object.keys(rest).length) (attributes ??= {}).service = rest;
    service = name;
  }
  const text = typeof message === 'string' ? message : message === undefined ? (attributes ? JSON.stringify(attributes) : '') : JSON.stringify(message);
  return {
    ts,
    level: levelOfValue(levelValue) ?? 'INFO',
    service: typeof service === 'string' && service ? service : undefined,
    message: text,
    attributes,
  };
}
