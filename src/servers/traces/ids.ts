// Trace and span ids arrive as hex (OTLP/JSON files, Jaeger) or base64 (Tempo's protobuf JSON): always hand out hex.

const HEX_RE = /^[0-9a-fA-F]+$/;

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
