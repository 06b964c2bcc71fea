// Lines whose time is an epoch-seconds field among the first few: supercomputer logs (LogHub BGL, Thunderbird:
// `- 1117838570 2005.06.03 R02-M1-N0 ... RAS KERNEL INFO message`, an alert label first) and HPC
// (`134681 node-246 unix.hw state_change.unavailable 1077804742 1 message`, a record id first).
import type { Level } from '../../../core/types.js';
import { readEpochToken } from './clock.js';
import { levelOfWord } from './levels.js';
import type { ParsedLine } from './parse.js';
import { skipSpaces } from './plain.js';
import { timestampEnd } from './timestamp.js';

/** Fields searched for the epoch after a record id, and for a level word after the epoch. */
const MAX_ID_FIELDS = 6;
const MAX_LEVEL_FIELDS = 10;

function isLabel(s: string, end: number): boolean {
  if (end === 1 && s.charCodeAt(0) === 45) return true; // '-': no alert
  if (end > 24) return false;
  for (let k = 0; k < end; k++) {
    const c = s.charCodeAt(k);
    if (!((c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57 && k > 0))) return false;
  }
  return true;
}

/** `LABEL EPOCH rest` (label `-` or an upper-case alert name), or undefined. */
export function parseLabelledEpoch(line: string): ParsedLine | undefined {
  const end = line.indexOf(' ');
  if (end < 1 || !isLabel(line, end)) return undefined;
  const ts = readEpochToken(line, end + 1);
  if (Number.isNaN(ts)) return undefined;
  const out = messageAfter(line, ts, timestampEnd);
  if (line.charCodeAt(0) !== 45) (out.attributes ??= {}).label = line.slice(0, end);
  return out;
}

/** `ID f2 f3 f4 EPOCH rest` with a numeric record id first, or undefined. */
export function parseIdThenEpoch(line: string): ParsedLine | undefined {
  const idEnd = line.indexOf(' ');
  for (let k = 0; k < idEnd; k++) {
    const c = line.charCodeAt(k);
    if (c < 48 || c > 57) return undefined;
  }
  let i = 0;
  for (let field = 0; field < MAX_ID_FIELDS; field++) {
    const end = line.indexOf(' ', i);
    if (end < 0) return undefined;
    i = skipSpaces(line, end);
    const c = line.charCodeAt(i);
    if (c < 49 || c > 57) continue;
    const ts = readEpochToken(line, i);
    if (Number.isNaN(ts)) continue;
    const out = messageAfter(line, ts, timestampEnd);
    const before = line.slice(0, i).trimEnd();
    const after = out.attributes?.fields;
    (out.attributes ??= {}).fields = after ? `${before} ${String(after)}` : before;
    return out;
  }
  return undefined;
}

/** Supercomputer logs spell failures FAILURE beside the usual names. */
function fieldLevel(word: string): Level | undefined {
  return word === 'FAILURE' ? 'ERROR' : word.length > 2 && word === word.toUpperCase() ? levelOfWord(word) : undefined;
}

/**
 * The text after the epoch: when an upper-case level word stands in its first fields, the level and the text after it.
 */
function messageAfter(line: string, ts: number, from: number): ParsedLine {
  const start = skipSpaces(line, from);
  let i = start;
  for (let field = 0; field < MAX_LEVEL_FIELDS && i < line.length; field++) {
    let end = line.indexOf(' ', i);
    if (end < 0) end = line.length;
    const level = fieldLevel(line.slice(i, end));
    if (level) {
      const out: ParsedLine = { ts, level, message: line.slice(skipSpaces(line, end)) };
      if (i > start) out.attributes = { fields: line.slice(start, i).trimEnd() };
      return out;
    }
    i = skipSpaces(line, end);
  }
  return { ts, level: 'INFO', message: line.slice(start) };
}
