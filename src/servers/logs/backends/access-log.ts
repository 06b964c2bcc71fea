// nginx/Apache combined access logs:
// `10.4.68.186 - - [08/Dec/2025:16:00:00 +0000] "POST /v2/partners/orders HTTP/1.1" 502 141 "-" "agent" 2.217`.
// The status is the level (5xx error, 4xx warn, else info); a number after the quoted fields is the request time in
// seconds.
import type { Level } from '../../../core/types.js';
import { monthAt } from './clock.js';
import type { ParsedLine } from './parse.js';
import { digit, readClock, readZone, timestampEnd, twoDigits, utcDayMs } from './timestamp.js';

/** Reason phrases (RFC 9110) of common statuses: words that keep 502 and 503 apart once the miner masks numbers. */
const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  206: 'Partial Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** `08/Dec/2025:16:00:00 +0000` at `i`: epoch ms, or NaN. */
function readCombinedTime(s: string, i: number): number {
  const d = twoDigits(s, i);
  const mo = monthAt(s, i + 3);
  if (
    d < 1 ||
    d > 31 ||
    mo < 0 ||
    s.charCodeAt(i + 2) !== 47 ||
    s.charCodeAt(i + 6) !== 47 ||
    s.charCodeAt(i + 11) !== 58
  )
    return NaN;
  const y = digit(s, i + 7) * 1000 + digit(s, i + 8) * 100 + digit(s, i + 9) * 10 + digit(s, i + 10);
  if (!(y >= 1000)) return NaN;
  const clock = readClock(s, i + 12);
  if (clock < 0) return NaN;
  return utcDayMs(y, mo, d) + clock - readZone(s, timestampEnd);
}

/** A quoted field at `i` (`"..."` with `\"` escapes): [text, index after the closing quote], or null. */
function readQuoted(s: string, i: number): [string, number] | null {
  if (s.charCodeAt(i) !== 34) return null;
  let k = i + 1;
  let escaped = false;
  for (; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 92) {
      escaped = true;
      k++;
    } else if (c === 34) break;
  }
  if (k >= s.length) return null;
  const raw = s.slice(i + 1, k);
  return [escaped ? raw.replace(/\\(.)/g, '$1') : raw, k + 1];
}

function levelOfStatus(status: number): Level {
  return status >= 500 ? 'ERROR' : status >= 400 ? 'WARN' : 'INFO';
}

/** A combined-format access line, or undefined when the line is not one. */
export function parseAccessLog(line: string): ParsedLine | undefined {
  const open = line.indexOf(' [');
  if (open < 0 || open > 160) return undefined;
  const ts = readCombinedTime(line, open + 2);
  if (Number.isNaN(ts) || line.charCodeAt(timestampEnd) !== 93 || line.charCodeAt(timestampEnd + 1) !== 32)
    return undefined;
  const request = readQuoted(line, timestampEnd + 2);
  if (!request) return undefined;
  let i = request[1] + 1;
  const statusEnd = line.indexOf(' ', i);
  const status = Number(line.slice(i, statusEnd < 0 ? line.length : statusEnd));
  if (!Number.isInteger(status) || status < 100 || status > 999) return undefined;
  const attributes: Record<string, unknown> = { client: line.slice(0, line.indexOf(' ')), status };
  const [method, path] = request[0].split(' ', 2);
  if (path !== undefined) {
    attributes.method = method;
    attributes.path = path;
  }
  i = statusEnd < 0 ? line.length : statusEnd + 1;
  const bytesEnd = line.indexOf(' ', i);
  const bytes = Number(line.slice(i, bytesEnd < 0 ? line.length : bytesEnd));
  if (Number.isFinite(bytes) && i < line.length) attributes.bytes = bytes;
  i = bytesEnd < 0 ? line.length : bytesEnd + 1;
  // Referer and user agent, then extra fields: the first number among them is the request time.
  for (let field = 0; i < line.length && field < 8; field++) {
    if (line.charCodeAt(i) === 34) {
      const q = readQuoted(line, i);
      if (!q) break;
      i = q[1] + 1;
      continue;
    }
    const end = line.indexOf(' ', i);
    const text = line.slice(i, end < 0 ? line.length : end);
    const value = Number(text);
    if (text.length && Number.isFinite(value) && text.charCodeAt(0) !== 45) {
      attributes.request_time = value;
      break;
    }
    if (end < 0) break;
    i = end + 1;
  }
  const reason = REASONS[status];
  return {
    ts,
    level: levelOfStatus(status),
    message: `${request[0]} ${status}${reason ? ` ${reason}` : ''}`,
    attributes,
  };
}
