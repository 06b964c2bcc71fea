// JSON lines and logfmt: key/value records mapped onto an entry (time, level, message, service; the rest are attributes).
import { levelOfValue } from './levels.js';
import type { LineResult } from './parse.js';
import { parseTimeValue } from './timestamp.js';

const TIME_KEYS = new Set(['timestamp', 'time', 'ts', '@timestamp']);
const LEVEL_KEYS = new Set(['level', 'severity', 'lvl', 'log.level']);
const MESSAGE_KEYS = new Set(['message', 'msg']);
const SERVICE_KEYS = new Set(['service', 'service.name', 'app']);

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
