// syslog lines: RFC 5424 `<131>1 2025-12-09T09:17:05.801Z host app 207 - - message` and RFC 3164
// `<131>Dec  9 09:17:05 host app[207]: message`, with or without the <PRI> (/var/log/syslog writes none).
import type { Level } from '../../../core/types.js';
import { readCtime, readSyslogDate } from './clock.js';
import type { LineResult, ParsedLine } from './parse.js';
import { levelOfMessage, readSyslogTag, skipSpaces } from './plain.js';
import { readLeadingTimestamp, timestampEnd, type YearReference } from './timestamp.js';

/** Severity (PRI mod 8) to level: 0-3 error, 4 warning, 5-6 info, 7 debug. */
const SEVERITY: Level[] = ['ERROR', 'ERROR', 'ERROR', 'ERROR', 'WARN', 'INFO', 'INFO', 'DEBUG'];

/** A line that starts with `<`: syslog with a PRI, or null (a continuation such as an XML fragment). */
export function parsePriSyslog(line: string, year: YearReference): LineResult {
  let i = 1;
  let pri = 0;
  while (i < 4) {
    const c = line.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    pri = pri * 10 + c;
    i++;
  }
  if (i === 1 || line.charCodeAt(i) !== 62 || pri > 191) return null; // '>'
  i++;
  const level = SEVERITY[pri & 7];
  const facility = pri >> 3;
  const v = line.charCodeAt(i);
  if (v >= 49 && v <= 57 && line.charCodeAt(i + 1) === 32) return parse5424(line, i + 2, level, facility);
  const r = parse3164Body(line, i, year, level);
  if (r === null) return `cannot read the syslog timestamp "${line.slice(i, i + 32)}"`;
  (r.attributes ??= {}).facility = facility;
  return r;
}

function token(s: string, i: number): [string, number] {
  let e = s.indexOf(' ', i);
  if (e < 0) e = s.length;
  return [s.slice(i, e), e + 1];
}

function parse5424(line: string, i: number, level: Level, facility: number): LineResult {
  if (line.charCodeAt(i) === 45) return 'syslog line has no timestamp (-)';
  const ts = readLeadingTimestamp(line, i);
  if (Number.isNaN(ts) || line.charCodeAt(timestampEnd) !== 32)
    return `cannot read the syslog timestamp "${line.slice(i, i + 32)}"`;
  let host: string, app: string, procid: string, msgid: string;
  [host, i] = token(line, timestampEnd + 1);
  [app, i] = token(line, i);
  [procid, i] = token(line, i);
  [msgid, i] = token(line, i);
  let sd: string | undefined;
  if (line.charCodeAt(i) === 91) {
    const end = structuredDataEnd(line, i);
    sd = line.slice(i, end);
    i = end;
  } else i++; // '-'
  let message = i < line.length ? line.slice(line.charCodeAt(i) === 32 ? i + 1 : i) : '';
  if (message.charCodeAt(0) === 0xfeff) message = message.slice(1); // BOM before a UTF-8 MSG
  const attributes: Record<string, unknown> = { facility };
  if (host !== '-') attributes.host = host;
  if (procid !== '-') attributes.pid = procid;
  if (msgid !== '-') attributes.msgid = msgid;
  if (sd !== undefined) attributes.structured = sd;
  const out: ParsedLine = { ts, level, message, attributes };
  if (app && app !== '-') out.service = app;
  return out;
}

/** End of the STRUCTURED-DATA elements `[id k="v \] x"][id2 ...]` starting at `i` (escapes honoured). */
function structuredDataEnd(s: string, i: number): number {
  while (s.charCodeAt(i) === 91) {
    let inQuote = false;
    let k = i + 1;
    for (; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c === 92) k++;
      else if (c === 34) inQuote = !inQuote;
      else if (c === 93 && !inQuote) break;
    }
    i = k + 1;
  }
  return Math.min(i, s.length);
}

/**
 * RFC 3164 after the PRI (or a whole /var/log/syslog line): `Mmm dd HH:MM:SS host tag[pid]: message`.
 * The timestamp may also be ISO 8601 (rsyslog's high-precision form) or ctime. Null when there is no timestamp.
 */
export function parse3164Body(line: string, i: number, year: YearReference, level?: Level): ParsedLine | null {
  let ts = readSyslogDate(line, i, year);
  if (Number.isNaN(ts)) ts = readCtime(line, i, year);
  if (Number.isNaN(ts)) ts = readLeadingTimestamp(line, i);
  if (Number.isNaN(ts)) return null;
  i = skipSpaces(line, timestampEnd);
  // A tag right after the time: the sender left out the host.
  let tag = readSyslogTag(line, i);
  let host: string | undefined;
  if (!tag) {
    const hostEnd = line.indexOf(' ', i);
    if (hostEnd > i) {
      host = line.slice(i, hostEnd);
      tag = readSyslogTag(line, hostEnd + 1);
      if (!tag) i = hostEnd + 1;
    }
  }
  const message = tag ? line.slice(tag.end) : line.slice(i);
  const out: ParsedLine = { ts, level: level ?? levelOfMessage(message), message };
  if (tag) out.service = tag.name;
  if (host !== undefined || tag?.pid !== undefined) {
    out.attributes = {};
    if (host !== undefined) out.attributes.host = host;
    if (tag?.pid !== undefined) out.attributes.pid = tag.pid;
  }
  return out;
}
