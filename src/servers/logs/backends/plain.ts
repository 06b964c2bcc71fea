// The text after a line's leading timestamp: `LEVEL [service] message`, Java `LEVEL [thread] logger - message`,
// and the variants real systems write: pid/tid before the level (HDFS, logcat), `- LEVEL` (ZooKeeper),
// `, Level` (Windows CBS), `|component|pid|message` (HealthApp), `host app[pid]: message` (rsyslog's RFC 3339 form).
import type { Level } from '../../../core/types.js';
import { levelOfWord } from './levels.js';
import type { ParsedLine } from './parse.js';

/** logcat and klog write the level as one letter; taken only where a letter is expected (after pid/tid). */
const LETTER_LEVELS: Record<string, Level> = {
  V: 'TRACE',
  D: 'DEBUG',
  I: 'INFO',
  W: 'WARN',
  E: 'ERROR',
  F: 'FATAL',
  A: 'FATAL',
};

export function skipSpaces(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  return i;
}

function tokenEndAt(s: string, i: number): number {
  const e = s.indexOf(' ', i);
  return e < 0 ? s.length : e;
}

function isDigitToken(s: string, i: number, end: number): boolean {
  if (end <= i) return false;
  for (let k = i; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The level a word names: `ERROR`, `[error]`, `ERROR:`, `[core:error]` (Apache 2.4); undefined when none. */
function levelOfToken(word: string): Level | undefined {
  if (word.charCodeAt(0) === 91 && word.charCodeAt(word.length - 1) === 93) {
    word = word.slice(1, -1);
    const colon = word.lastIndexOf(':');
    if (colon >= 0) word = word.slice(colon + 1);
  } else if (word.charCodeAt(word.length - 1) === 58) word = word.slice(0, -1);
  return levelOfWord(word);
}

/** Index of the `]` closing the `[` at `open`, counting nested brackets; -1 when there is none. */
export function closingBracket(s: string, open: number): number {
  const close = s.indexOf(']', open + 1);
  if (close < 0) return -1;
  const inner = s.indexOf('[', open + 1);
  if (inner < 0 || inner > close) return close; // the common case, without a nested bracket
  let depth = 0;
  const n = Math.min(s.length, open + 512);
  for (let k = open; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c === 91) depth++;
    else if (c === 93 && --depth === 0) return k;
  }
  return -1;
}

/**
 * A bracket that can name a service: a short word of letters, digits, `.`, `_`, `-` (not a thread address or a client
 * IP).
 */
function isServiceName(s: string): boolean {
  if (s.length === 0 || s.length > 100) return false;
  let letter = false;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) letter = true;
    else if (!((c >= 48 && c <= 57) || c === 45 || c === 46 || c === 95)) return false;
  }
  return letter;
}

function isDottedName(s: string, from: number, to: number): boolean {
  let dot = false;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c === 46) dot = true;
    else if (c === 47 || c === 58 || c === 61 || c === 91) return false; // '/', ':', '=', '['
  }
  return dot;
}

export function parseAfterTime(line: string, ts: number, end: number): ParsedLine {
  let i = skipSpaces(line, end);
  const c = line.charCodeAt(i);
  if (c === 124) return { ts, level: 'INFO', message: line.slice(i + 1) }; // '|component|pid|message'
  if (c === 44)
    i = skipSpaces(line, i + 1); // ', Info'
  else if (c === 45 && line.charCodeAt(i + 1) === 32) i = skipSpaces(line, i + 2); // '- INFO'
  // Up to two numbers (pid, tid) may stand before the level.
  let k = i;
  let numbers = 0;
  let wordEnd = tokenEndAt(line, k);
  while (numbers < 2 && isDigitToken(line, k, wordEnd)) {
    k = skipSpaces(line, wordEnd);
    wordEnd = tokenEndAt(line, k);
    numbers++;
  }
  const word = line.slice(k, wordEnd);
  let level = levelOfToken(word);
  if (level === undefined && numbers > 0 && word.length === 1) level = LETTER_LEVELS[word];
  if (level === undefined) return parseUnlevelled(line, ts, i);
  i = skipSpaces(line, wordEnd);
  if (line.charCodeAt(i) !== 91) return { ts, level, message: line.slice(i) }; // no '['
  return parseBracket(line, ts, level, i);
}

/**
 * `[bracket] ...` after the level: a service, or a thread followed by a logger (Java), or context kept in the message.
 */
function parseBracket(line: string, ts: number, level: Level, i: number): ParsedLine {
  const close = closingBracket(line, i);
  if (close < 0) return { ts, level, message: line.slice(i) };
  const bracket = line.slice(i + 1, close);
  const j = skipSpaces(line, close + 1);
  if (line.charCodeAt(j) === 45 && line.charCodeAt(j + 1) === 32) {
    // `[x] - message`: a service, or a thread/location (ZooKeeper `[QuorumPeer[myid=1]/...@774] - ...`)
    const message = line.slice(skipSpaces(line, j + 2));
    return isServiceName(bracket)
      ? { ts, level, service: bracket, message }
      : { ts, level, message, attributes: { thread: bracket } };
  }
  const tokenEnd = line.indexOf(' ', j);
  if (tokenEnd > j) {
    // A logger is a dotted name (c.a.payment.Client) before ` - ` or `: `: the bracket is a thread, the service comes
    // from the file.
    if (line.startsWith(' - ', tokenEnd) && isDottedName(line, j, tokenEnd)) {
      return {
        ts,
        level,
        message: line.slice(tokenEnd + 3),
        attributes: { thread: bracket, logger: line.slice(j, tokenEnd) },
      };
    }
    if (line.charCodeAt(tokenEnd - 1) === 58 && isDottedName(line, j, tokenEnd - 1)) {
      return {
        ts,
        level,
        message: line.slice(skipSpaces(line, tokenEnd)),
        attributes: { thread: bracket, logger: line.slice(j, tokenEnd - 1) },
      };
    }
  }
  if (!isServiceName(bracket)) return { ts, level, message: line.slice(i) };
  return { ts, level, service: bracket, message: line.slice(j) };
}

/** No level word: rsyslog's `host app[pid]: message`, else the whole text is the message. */
function parseUnlevelled(line: string, ts: number, i: number): ParsedLine {
  const hostEnd = line.indexOf(' ', i);
  if (hostEnd > i) {
    const tag = readSyslogTag(line, hostEnd + 1);
    if (tag && tag.pid !== undefined) {
      const message = line.slice(tag.end);
      return {
        ts,
        level: levelOfMessage(message),
        service: tag.name,
        message,
        attributes: { host: line.slice(i, hostEnd), pid: tag.pid },
      };
    }
  }
  return { ts, level: 'INFO', message: line.slice(i) };
}

export interface SyslogTag {
  name: string;
  pid?: string;
  /** Index of the message after `: `. */
  end: number;
}

/** A syslog TAG at `i`: `app[pid]: `, `app[pid] (detail): ` or `app: `; undefined when the text there is not one. */
export function readSyslogTag(s: string, i: number): SyslogTag | undefined {
  const n = Math.min(s.length, i + 128);
  let k = i;
  for (; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c === 91 || c === 58 || c === 32) break; // '[', ':', ' '
  }
  if (k === i || k >= n) return undefined;
  const name = s.slice(i, k);
  let pid: string | undefined;
  if (s.charCodeAt(k) === 91) {
    const close = s.indexOf(']', k);
    if (close < 0 || close > n) return undefined;
    pid = s.slice(k + 1, close);
    k = close + 1;
    if (s.charCodeAt(k) === 32 && s.charCodeAt(k + 1) === 40) {
      // macOS `app[pid] (detail):`
      const paren = s.indexOf('):', k);
      if (paren < 0 || paren > n) return undefined;
      k = paren + 1;
    }
  }
  if (s.charCodeAt(k) !== 58) return undefined;
  const after = s.charCodeAt(k + 1);
  if (k + 1 < s.length && after !== 32 && after !== 9) return undefined;
  return { name, pid, end: skipSpaces(s, k + 1) };
}

/** A syslog message that starts with a level word (`error: ...`, `[WARN] ...`) has that level; else INFO. */
export function levelOfMessage(message: string): Level {
  const end = tokenEndAt(message, 0);
  if (end > 12) return 'INFO';
  return levelOfToken(message.slice(0, end)) ?? 'INFO';
}
