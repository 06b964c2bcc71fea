// Trace and span ids arrive as hex (OTLP/JSON files, Jaeger) or base64 (Tempo's protobuf JSON): always hand out hex.

import { z } from 'zod';

const HEX_RE = /^[0-9a-fA-F]+$/;

/** A trace id argument: hex (Jaeger may drop leading zeros); never text that could become a path or URL segment. */
export const traceIdArg = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{1,32}$/, {
    message: 'trace_id: a trace id is 1-32 hex digits, e.g. 4bf92f3577b34da6a3ce929d0e0e4736',
  });

export function normaliseId(id: unknown): string {
  if (typeof id !== 'string' || id === '') return '';
  if (HEX_RE.test(id) && (id.length === 16 || id.length === 32 || id.length % 2 === 0)) return id.toLowerCase();
  if (/^[A-Za-z0-9+/_-]+=*$/.test(id)) {
    const bytes = Buffer.from(id, 'base64');
    if (bytes.length === 8 || bytes.length === 16) return bytes.toString('hex');
  }
  return id.toLowerCase();
}

/** Trace ids compare equal whether padded or not (Jaeger drops leading zeros). */
export function sameTraceId(a: string, b: string): boolean {
  return a.replace(/^0+/, '') === b.replace(/^0+/, '');
}
