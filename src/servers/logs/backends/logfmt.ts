// logfmt: `key=value key="quoted \"value\""`. Hand-written scanner: one pass, no regex backtracking.

/** The key/value pairs of a logfmt line, or a string saying why it is malformed. */
export function parseLogfmt(line: string): Record<string, unknown> | string {
  const out: Record<string, unknown> = {};
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c === 61 || c === 32 || c === 9) break;
      i++;
    }
    const key = line.slice(keyStart, i);
    if (line.charCodeAt(i) !== 61) {
      out[key] = true; // a bare word is a flag
      continue;
    }
    i++;
    if (line.charCodeAt(i) === 34) {
      // quoted value with backslash escapes
      i++;
      let value = '';
      let segStart = i;
      let closed = false;
      while (i < n) {
        const c = line.charCodeAt(i);
        if (c === 92 && i + 1 < n) {
          value += line.slice(segStart, i);
          const e = line[i + 1];
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          i += 2;
          segStart = i;
        } else if (c === 34) {
          value += line.slice(segStart, i);
          i++;
          closed = true;
          break;
        } else i++;
      }
      if (!closed) return `logfmt value of "${key}" has no closing quote`;
      out[key] = value;
    } else {
      const valueStart = i;
      while (i < n && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) i++;
      out[key] = line.slice(valueStart, i);
    }
  }
  return out;
}
