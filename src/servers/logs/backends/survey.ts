// What the file logs backend learns before any query, from each file's head and tail: which files cannot be
// read at all (empty, binary or sparse, corrupt gzip), the year of timestamps that carry none, and a first
// sample of entry times.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { plausibleRange } from '../../../core/plausible-times.js';
import type { LogFile } from './discover.js';
import type { ReadCounters } from './lines.js';
import { parseLine } from './parse.js';
import { clockYearReference, YearReference } from './timestamp.js';

/** Bytes of each file's head and tail read by the survey. */
const SURVEY_BYTES = 64 * 1024;
const DAY_MS = 86_400_000;
/** A yearless file may run this far past the bundle's dated data before its dates are taken as last year's. */
const DATA_REFERENCE_SLACK_MS = 30 * DAY_MS;
/** Jitter allowed past a yearless file's own last line. */
const FILE_REFERENCE_SLACK_MS = DAY_MS;

export interface SurveyOptions {
  /** --until (epoch ms), when given. */
  until?: number;
  now: number;
  counters: ReadCounters;
}

export interface Survey {
  /** The reference that dated yearless timestamps, and where it came from (for health and docs). */
  year: YearReference;
  yearSource: 'until' | 'data' | 'clock';
}

interface Sampled {
  file: LogFile;
  head: string[];
  tail: string[];
  yearless: boolean;
  /** Entry times of a file with no yearless line: the same under any year reference. */
  times: number[];
}

/**
 * Surveys the files (setting `skip`, `year` and a first `digest` of entry times on each); returns the bundle's year
 * reference.
 */
export async function surveyFiles(files: LogFile[], opts: SurveyOptions): Promise<Survey> {
  const provisional = clockYearReference(opts.now);
  const sampled: Sampled[] = [];
  const dated: number[] = [];
  for (const f of files) {
    const s = await sampleText(f, opts.counters);
    if (typeof s === 'string') {
      f.skip = s;
      continue;
    }
    let yearless = false;
    const times: number[] = [];
    for (const line of [...s.head, ...s.tail]) {
      const r = parseLine(line, provisional);
      if (r === null || typeof r !== 'object') continue;
      if (r.inferredYear) yearless = true;
      else times.push(r.ts);
    }
    for (const t of times) dated.push(t);
    sampled.push({ file: f, head: s.head, tail: s.tail, yearless, times });
  }
  const { year, yearSource } = chooseYearReference(dated, opts);
  for (const s of sampled) {
    s.file.year = year;
    if (!s.yearless) continue;
    if (s.file.gzip && s.tail.length === 0) s.tail = await gzipTail(s.file);
    const last = lastTime([...s.head, ...s.tail], year);
    if (!Number.isNaN(last)) s.file.year = new YearReference(last, FILE_REFERENCE_SLACK_MS);
  }
  for (const s of sampled) {
    if (!s.yearless) {
      for (const t of s.times) s.file.digest.push(t);
      continue;
    }
    for (const line of [...s.head, ...s.tail]) {
      const r = parseLine(line, s.file.year);
      if (r !== null && typeof r === 'object') s.file.digest.push(r.ts);
    }
  }
  return { year, yearSource };
}

/**
 * --until when given; else the end of the bulk of the bundle's fully dated entries (a month of slack: a syslog
 * may run on past the application logs); else the clock.
 */
function chooseYearReference(
  dated: number[],
  opts: SurveyOptions,
): { year: YearReference; yearSource: Survey['yearSource'] } {
  if (opts.until !== undefined && Number.isFinite(opts.until))
    return { year: new YearReference(opts.until, DATA_REFERENCE_SLACK_MS), yearSource: 'until' };
  const bulk = plausibleRange(dated);
  if (bulk) {
    let end = -Infinity;
    for (const t of dated) if (t <= bulk.to && t > end) end = t;
    return { year: new YearReference(end, DATA_REFERENCE_SLACK_MS), yearSource: 'data' };
  }
  return { year: clockYearReference(opts.now), yearSource: 'clock' };
}

/** Time of the last entry line, dated by `year`. */
function lastTime(lines: string[], year: YearReference): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    const r = parseLine(lines[i], year);
    if (r !== null && typeof r === 'object') return r.ts;
  }
  return NaN;
}

/** Head and tail lines of a file, or why the file cannot be read. */
async function sampleText(f: LogFile, counters: ReadCounters): Promise<{ head: string[]; tail: string[] } | string> {
  if (f.size === 0) return 'empty file';
  let head: Buffer;
  let tail: Buffer | undefined;
  try {
    head = f.gzip ? await gunzipHead(f.path) : await readBytes(f.path, 0, SURVEY_BYTES, counters);
    if (!f.gzip && f.size > SURVEY_BYTES)
      tail = await readBytes(f.path, Math.max(SURVEY_BYTES, f.size - SURVEY_BYTES), SURVEY_BYTES, counters);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return f.gzip ? `corrupt gzip (${e.message})` : `cannot read the file (${e.code ?? e.message})`;
  }
  if (head.length === 0) return f.gzip ? 'empty gzip stream' : 'empty file';
  const why = binaryReason(head) ?? (tail ? binaryReason(tail) : undefined);
  if (why) return why;
  return { head: toLines(head, false, head.length < SURVEY_BYTES), tail: tail ? toLines(tail, true, true) : [] };
}

/** NUL bytes (binary data, or a sparse file's holes) or mostly control characters: not a text log. */
function binaryReason(buf: Buffer): string | undefined {
  let nul = 0;
  let control = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b === 0) nul++;
    else if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) control++;
  }
  if (nul === buf.length) return 'only NUL bytes (a sparse or zeroed file), not text';
  if (nul > 0) return `binary data (${nul} NUL bytes in the first ${buf.length} bytes), not text`;
  if (control * 10 > buf.length) return 'binary data (mostly control characters), not text';
  return undefined;
}

function toLines(buf: Buffer, partialStart: boolean, complete: boolean): string[] {
  const lines = buf.toString('utf8').split('\n');
  if (partialStart) lines.shift(); // cut by the offset
  if (!complete) lines.pop(); // cut by the length
  return lines.map((l) => (l.charCodeAt(l.length - 1) === 13 ? l.slice(0, -1) : l)).filter((l) => l.length > 0);
}

async function readBytes(path: string, offset: number, length: number, counters: ReadCounters): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, offset);
    counters.bytesRead += bytesRead;
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The first SURVEY_BYTES of a gzip file's text; throws on a corrupt stream. A stream that ends early is fine here. */
async function gunzipHead(path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const raw = createReadStream(path);
  const gunzip = createGunzip();
  try {
    for await (const chunk of raw.pipe(gunzip) as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= SURVEY_BYTES) break;
    }
  } catch (err) {
    if (size === 0) throw err;
  } finally {
    raw.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(chunks).subarray(0, SURVEY_BYTES);
}

/** The last lines of a gzip file's text (the whole stream is read, keeping only its end); [] when it cannot be read. */
async function gzipTail(f: LogFile): Promise<string[]> {
  let keep = Buffer.alloc(0);
  const raw = createReadStream(f.path);
  try {
    for await (const chunk of raw.pipe(createGunzip()) as AsyncIterable<Buffer>) {
      keep = Buffer.concat([keep, chunk]);
      if (keep.length > 2 * SURVEY_BYTES) keep = keep.subarray(keep.length - SURVEY_BYTES);
    }
  } catch {
    // a truncated stream: what was read is its tail
  } finally {
    raw.destroy();
  }
  return toLines(keep, true, true);
}
