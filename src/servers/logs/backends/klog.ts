// klog, the Kubernetes components' and many Go services' format: `E1209 09:17:05.801234    1 controller.go:114]
// message`. One letter for the level (I/W/E/F), month and day without a year, the thread id, the source file and line.
import type { Level } from '../../../core/types.js';
import { yearlessTime } from './clock.js';
import type { ParsedLine } from './parse.js';
import { skipSpaces } from './plain.js';
import { readClock, timestampEnd, twoDigits, type YearReference } from './timestamp.js';

const KLOG_LEVELS: Record<number, Level> = { 73: 'INFO', 87: 'WARN', 69: 'ERROR', 70: 'FATAL' }; // I W E F

/** A klog line, or undefined when the line is not one (the caller tries other formats). */
export function parseKlog(line: string, year: YearReference): ParsedLine | undefined {
  const level = KLOG_LEVELS[line.charCodeAt(0)];
  if (level === undefined || line.charCodeAt(5) !== 32) return undefined;
  const mo = twoDigits(line, 1);
  const d = twoDigits(line, 3);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const clock = readClock(line, 6);
  if (clock < 0) return undefined;
  const ts = yearlessTime(year, mo, d, clock);
  let i = skipSpaces(line, timestampEnd);
  const threadEnd = line.indexOf(' ', i);
  const close = line.indexOf('] ', i);
  if (threadEnd < 0 || close < threadEnd) return { ts, level, message: line.slice(i) };
  return {
    ts,
    level,
    message: line.slice(close + 2),
    attributes: { thread: line.slice(i, threadEnd), source: line.slice(skipSpaces(line, threadEnd), close) },
  };
}
