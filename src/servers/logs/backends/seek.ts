// Time seek in a time-sorted plain file: small reads at byte offsets instead of reading the whole file.
import { open } from 'node:fs/promises';
import { ORDER_SLACK_MS } from './assemble.js';
import type { ReadCounters } from './lines.js';

/** The entry time of a line, NaN when it is no entry (or its time is implausible): the caller binds year and range. */
export type TimeOfLine = (line: string) => number;

const SAMPLE_BYTES = 16 * 1024;
const PROBE_BYTES = 4 * 1024;
const SAMPLES = 16;
/** Smaller files are read whole on first use: cheaper than trusting a few samples. */
export const MIN_SAMPLED_SIZE = 1 << 20;

export async function readChunkAt(
  path: string,
  offset: number,
  length: number,
  counters: ReadCounters,
): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, offset);
    counters.bytesRead += bytesRead;
    return buf.toString('utf8', 0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Time of the first entry line in `text`; `partial` skips a first line that may have been cut by the offset. */
function firstEntryTime(text: string, partial: boolean, timeOf: TimeOfLine): number {
  // A cut last piece is harmless: its timestamp is at its start, and cut JSON fails to parse.
  const lines = text.split('\n');
  for (let i = partial ? 1 : 0; i < lines.length; i++) {
    const t = timeOf(stripCr(lines[i]));
    if (!Number.isNaN(t)) return t;
  }
  return NaN;
}

/** Time of the last entry line in the tail of a file. */
function lastEntryTime(text: string, timeOf: TimeOfLine): number {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 1; i--) {
    const t = timeOf(stripCr(lines[i]));
    if (!Number.isNaN(t)) return t;
  }
  return NaN;
}

function stripCr(l: string): string {
  return l.charCodeAt(l.length - 1) === 13 ? l.slice(0, -1) : l;
}

export interface FileShape {
  first: number;
  last: number;
  /** Every sample read in time order (allowing jitter): worth seeking; a full pass still verifies it. */
  sorted: boolean;
  /** The entry times read (head, tail, probes). */
  times: number[];
}

/**
 * Reads the head, the tail and evenly spaced samples of a plain file to learn its extent and whether it looks sorted.
 */
export async function sampleFile(
  path: string,
  size: number,
  counters: ReadCounters,
  timeOf: TimeOfLine,
): Promise<FileShape> {
  const first = firstEntryTime(await readChunkAt(path, 0, SAMPLE_BYTES, counters), false, timeOf);
  const tailStart = Math.max(0, size - SAMPLE_BYTES);
  const last = lastEntryTime('\n' + (await readChunkAt(path, tailStart, SAMPLE_BYTES, counters)), timeOf);
  let sorted = !Number.isNaN(first) && !Number.isNaN(last) && last >= first - ORDER_SLACK_MS;
  let prev = first;
  const times = [first, last].filter((t) => !Number.isNaN(t));
  if (sorted) {
    for (let k = 1; k < SAMPLES && sorted; k++) {
      const ts = await probeTime(path, Math.floor((size * k) / SAMPLES), true, counters, timeOf);
      if (Number.isNaN(ts)) continue;
      times.push(ts);
      if (ts < prev - ORDER_SLACK_MS) sorted = false;
      prev = Math.max(prev, ts);
    }
    if (last < prev - ORDER_SLACK_MS) sorted = false;
  }
  return { first, last, sorted, times };
}

/** Entry time at a byte offset: a small read first, a larger one when a long stack trace hides the next entry. */
async function probeTime(
  path: string,
  offset: number,
  partial: boolean,
  counters: ReadCounters,
  timeOf: TimeOfLine,
): Promise<number> {
  const t = firstEntryTime(await readChunkAt(path, offset, PROBE_BYTES, counters), partial, timeOf);
  return Number.isNaN(t)
    ? firstEntryTime(await readChunkAt(path, offset, SAMPLE_BYTES * 4, counters), partial, timeOf)
    : t;
}

/** Line starts with their line numbers, about one per 64 KB: where a seek can begin streaming. */
export interface LineIndex {
  offsets: number[];
  lines: number[];
  /** Entry time at each checkpoint, read lazily (NaN: none found near it). */
  times: Map<number, number>;
}

export function createLineIndex(): LineIndex {
  return { offsets: [0], lines: [1], times: new Map() };
}

export function addCheckpoint(index: LineIndex, offset: number, line: number): void {
  if (offset > index.offsets[index.offsets.length - 1]) {
    index.offsets.push(offset);
    index.lines.push(line);
  }
}

async function checkpointTime(
  path: string,
  index: LineIndex,
  k: number,
  counters: ReadCounters,
  timeOf: TimeOfLine,
): Promise<number> {
  let t = index.times.get(k);
  if (t === undefined) {
    // The checkpoint is a line start; a stack trace may sit there, so read on to the next entry line.
    t = await probeTime(path, index.offsets[k], false, counters, timeOf);
    index.times.set(k, t);
  }
  return t;
}

/**
 * The checkpoint to stream from for a window starting at `from`: the last one whose entry time is before
 * `from - slack`, so jittered entries just before it are not missed. Binary search over checkpoints.
 */
export async function findSeekStart(
  path: string,
  index: LineIndex,
  from: number,
  counters: ReadCounters,
  timeOf: TimeOfLine,
): Promise<{ offset: number; line: number }> {
  const target = from - ORDER_SLACK_MS;
  let lo = 0;
  let hi = index.offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    let t = await checkpointTime(path, index, mid, counters, timeOf);
    // No entry near this checkpoint (a very long stack trace): look at the next ones, else be conservative.
    for (let k = mid + 1; Number.isNaN(t) && k <= hi && k < mid + 4; k++)
      t = await checkpointTime(path, index, k, counters, timeOf);
    if (!Number.isNaN(t) && t < target) lo = mid;
    else hi = mid - 1;
  }
  return { offset: index.offsets[lo], line: index.lines[lo] };
}
