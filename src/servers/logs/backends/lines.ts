// Streams a file as batches of lines (one batch per read chunk), never the whole file at once.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

export interface ReadCounters {
  /** Bytes read from disk to parse entries (scans, seeks, samples). */
  bytesRead: number;
  /** Bytes read only to count lines for the seek index (no parsing). */
  indexBytesRead: number;
}

export interface LineReadOptions {
  /** Byte offset of a line start to begin at (plain files only). */
  start?: number;
  /** Line number (1-based) of the line at `start`. */
  firstLine?: number;
  gzip?: boolean;
  counters: ReadCounters;
  /** Called with (byte offset of a line start, its line number) about once per chunk: the seek index. */
  onCheckpoint?: (offset: number, line: number) => void;
  signal?: AbortSignal;
}

const CHUNK = 1 << 16;
/** A "line" longer than this without a newline is cut: binary junk must not grow memory without bound. */
const MAX_LINE = 1 << 20;

/** Yields `{ lines, firstLine }` batches; CR before LF is dropped. */
export async function* readLineBatches(
  path: string,
  opts: LineReadOptions,
): AsyncGenerator<{ lines: string[]; firstLine: number }> {
  const raw = createReadStream(path, { start: opts.start ?? 0, highWaterMark: CHUNK });
  const counters = opts.counters;
  let source: AsyncIterable<Buffer> = raw;
  if (opts.gzip) {
    raw.on('data', (b) => (counters.bytesRead += b.length));
    source = raw.pipe(createGunzip());
  }
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let offset = opts.start ?? 0;
  let next = opts.firstLine ?? 1; // number of the line being accumulated in carry
  try {
    for await (const buf of source) {
      if (opts.signal?.aborted) return;
      if (!opts.gzip) {
        counters.bytesRead += buf.length;
        if (opts.onCheckpoint) {
          const nl = buf.indexOf(10);
          if (nl >= 0) opts.onCheckpoint(offset + nl + 1, next + 1);
        }
        offset += buf.length;
      }
      const lines = (carry + decoder.write(buf)).split('\n');
      carry = lines.pop() ?? '';
      if (carry.length > MAX_LINE) carry = carry.slice(0, MAX_LINE);
      if (lines.length === 0) continue;
      stripCarriageReturns(lines);
      const firstLine = next;
      next += lines.length;
      yield { lines, firstLine };
    }
    const rest = carry + decoder.end();
    if (rest.length) yield { lines: [rest.endsWith('\r') ? rest.slice(0, -1) : rest], firstLine: next };
  } finally {
    raw.destroy();
  }
}

function stripCarriageReturns(lines: string[]): void {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
}

/** Counts lines without decoding (the seek index of a file never scanned whole): one checkpoint per chunk. */
export async function countLines(
  path: string,
  counters: ReadCounters,
  onCheckpoint: (offset: number, line: number) => void,
): Promise<number> {
  const raw = createReadStream(path, { highWaterMark: CHUNK * 4 });
  let offset = 0;
  let line = 1;
  for await (const buf of raw as AsyncIterable<Buffer>) {
    counters.indexBytesRead += buf.length;
    // A checkpoint about every 64 KB; a plain byte loop counts newlines faster than repeated indexOf calls.
    for (let base = 0; base < buf.length; base += CHUNK) {
      const end = Math.min(buf.length, base + CHUNK);
      const nl = buf.indexOf(10, base);
      if (nl >= 0 && nl < end) onCheckpoint(offset + nl + 1, line + countNewlines(buf, base, nl) + 1);
      line += countNewlines(buf, base, end);
    }
    offset += buf.length;
  }
  return line;
}

function countNewlines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (buf[i] === 10) n++;
  return n;
}
