// JSON lines and logfmt: key/value records mapped onto an entry (time, level, message, service; the rest are
// attributes).
import { levelOfValue } from './levels.js';
import { parseLogfmt } from './logfmt.js';
import type { LineResult, ParsedLine } from './parse.js';
import { parseTimeValue } from './timestamp.js';

const TIME_KEYS = new Set(['timestamp', 'time', 'ts', '@timestamp']);
const LEVEL_KEYS = new Set(['level', 'severity', 'lvl', 'log.level']);
const MESSAGE_KEYS = new Set(['message', 'msg']);
const SERVICE_KEYS = new Set(['service', 'service.name', 'app']);
const LOGFMT_START = /^[A-Za-z_@][\w.@-]*=/;

export function parseJsonLine(line: string): LineResult {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (err) {
    return `broken JSON object (${(err as Error).message})`;
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return 'JSON value is not an object';
  return fromFields(obj as Record<string, unknown>, 'JSON');
}

/**
 * A JSON or logfmt line that has no time key, read as a message (ts NaN): the logs server takes such a line as a
 * continuation, but `patterns` mines every record. Undefined when the line is neither.
 */
export function parseUntimedRecord(line: string): ParsedLine | undefined {
  let fields: unknown;
  if (line.charCodeAt(0) === 123) {
    try {
      fields = JSON.parse(line);
    } catch {
      return undefined;
    }
  } else {
    if (!LOGFMT_START.test(line)) return undefined;
    const parsed = parseLogfmt(line);
    if (typeof parsed !== 'object' || !('msg' in parsed || 'message' in parsed)) return undefined; // prose, not a record
    fields = parsed;
  }
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return undefined;
  const r = fromFields(fields as Record<string, unknown>, 'record', true);
  return r !== null && typeof r === 'object' ? r : undefined;
}

/**
 * Maps JSON/logfmt keys onto an entry; unknown keys become attributes. No time key: a continuation (or, untimed, ts
 * NaN).
 */
export function fromFields(fields: Record<string, unknown>, kind: string, untimed = false): LineResult {
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
  if (timeValue === undefined && !untimed) return null;
  const ts = timeValue === undefined ? NaN : parseTimeValue(timeValue);
  if (Number.isNaN(ts) && timeValue !== undefined)
    return `${kind} time value ${JSON.stringify(timeValue)?.slice(0, 40)} is not a timestamp`;
  if (service !== null && typeof service === 'object') {
    // Nested {"service": {"name": "x", "version": "1"}}: the name is the service, the rest stays.
    const { name, ...rest } = service as Record<string, unknown>;
    if (Object.keys(rest).length) (attributes ??= {}).service = rest;
    service = name;
  }
  const text =
    typeof message === 'string'
      ? message
      : message === undefined
        ? attributes
          ? JSON.stringify(attributes)
          : ''
        : JSON.stringify(message);
  return {
    ts,
    level: levelOfValue(levelValue) ?? 'INFO',
    service: typeof service === 'string' && service ? service : undefined,
    message: text,
    attributes,
  };
}
