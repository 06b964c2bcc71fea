// LogsBackend over <dataDir>/logs: every file, any supported format, streamed. Time-sorted plain files are
// seeked by byte offset for windowed queries; gzip and unsorted files are scanned whole. Files that yield no
// entry are reported with the reason, and entries with implausible times are dropped (see survey.ts).
import { join } from 'node:path';
import { isPlausibleTime, plausibleRange } from '../../../core/plausible-times.js';
import { parseTimeArg } from '../../../core/time.js';
import type { DataWarning, LogEntry, TimeRange } from '../../../core/types.js';
import type { HealthCheck } from '../../types.js';
import type { LogQuery, LogsBackend, LogsReadSummary } from '../backend.js';
import { EntryAssembler, filterOfQuery, keepsEntry, ORDER_SLACK_MS, type EntryFilter } from './assemble.js';
import { discoverLogFiles, type LogFile } from './discover.js';
import { countLines, readLineBatches, type ReadCounters } from './lines.js';
import { mergeByTime } from './merge.js';
import { parseLine } from './parse.js';
import {
  addCheckpoint,
  createLineIndex,
  findSeekStart,
  MIN_SAMPLED_SIZE,
  readChunkAt,
  sampleFile,
  type TimeOfLine,
} from './seek.js';
import { collectWarnings, describeGzipError, healthChecks, summarize, whyNoEntries } from './file-report.js';
import { surveyFiles } from './survey.js';

/** Malformed lines listed per file per scan; per-file counts say how many there were in all. */
const WARNINGS_PER_FILE = 20;
const HEAD_BYTES = 64 * 1024;
/**
 * Files under MIN_SAMPLED_SIZE are read whole once anyway, to learn their extent: their entries are kept, up to this
 * many bytes of files in all, and queries filter them in memory instead of reading and parsing the file again.
 * Entries take about 3.6 times their file's size in memory (60 MB at most, held while the server runs); with half
 * the budget the 20x benchmark copy took 0.5 s longer.
 */
const KEPT_BYTES_MAX = 16 << 20;
/** Entries yielded per batch from kept entries, as a read of the file would batch them. */
const KEPT_BATCH = 1024;

export interface FileLogsBackend extends LogsBackend {
  /** Read counters, for tests and benchmarks: how many bytes queries read. */
  readonly stats: ReadCounters;
}

export interface FileLogsOptions {
  /** --until: dates yearless timestamps (see survey.ts). */
  until?: string;
  /** The clock, for yearless timestamps when nothing else dates them. */
  now?: () => number;
}

export function createFileLogsBackend(dataDir: string, options: FileLogsOptions = {}): FileLogsBackend {
  return new FileBackend(dataDir, options);
}

interface Settled {
  files: LogFile[];
  /** Plausible entry times (core/plausible-times.ts), from every file's entry times; null when there are none. */
  range: TimeRange | null;
}

class FileBackend implements FileLogsBackend {
  readonly name = 'file';
  readonly stats: ReadCounters = { bytesRead: 0, indexBytesRead: 0 };
  private opened?: Promise<LogFile[]>;
  private settled?: Promise<Settled>;
  private readonly found = new Map<string, string>();
  private readonly indexing = new Map<LogFile, Promise<void>>();
  private headServices?: Promise<Set<string>>;
  /** The files found, for warnings() (which is synchronous). */
  private knownFiles: LogFile[] = [];
  /** Every entry of the small files read whole, in time order (see KEPT_BYTES_MAX). */
  private readonly kept = new Map<LogFile, LogEntry[]>();
  private keptBytes = 0;

  constructor(
    private readonly dataDir: string,
    private readonly options: FileLogsOptions,
  ) {}

  warnings(): DataWarning[] {
    return collectWarnings(this.knownFiles, this.found);
  }

  private warn(where: string, message: string): void {
    const key = `${where}\n${message}`;
    if (!this.found.has(key)) this.found.set(key, message);
  }

  private files(): Promise<LogFile[]> {
    this.opened ??= this.openFiles();
    return this.opened;
  }

  private async openFiles(): Promise<LogFile[]> {
    const problems: DataWarning[] = [];
    const files = await discoverLogFiles(this.dataDir, join(this.dataDir, 'logs'), problems);
    for (const p of problems) this.warn(p.where, p.message);
    this.knownFiles = files;
    const now = this.options.now?.() ?? Date.now();
    await surveyFiles(files, { until: untilMs(this.options.until, now), now, counters: this.stats });
    for (const f of files) {
      if (f.skip || f.gzip || f.size < MIN_SAMPLED_SIZE) continue;
      try {
        const shape = await sampleFile(f.path, f.size, this.stats, this.timeOf(f, null));
        f.digest.push(...shape.times);
        if (!Number.isNaN(shape.first) && !Number.isNaN(shape.last)) {
          f.first = shape.first;
          f.last = shape.last;
          f.order = shape.sorted ? 'sorted' : 'unsorted';
          if (!shape.sorted) f.first = f.last = NaN; // head and tail are not the extent of an unsorted file
        }
      } catch (err) {
        f.skip = `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
      }
    }
    return files;
  }

  /**
   * Every file's extent known, and the plausible range of the bundle: files not sampled are read whole once
   * (keeping every representable time), the range is found from all entry times seen, and the files that reach
   * outside it are read again with it, so their extent is that of their plausible entries.
   */
  private settle(): Promise<Settled> {
    this.settled ??= (async () => {
      const files = await this.files();
      for (const f of files) if (!f.skip && Number.isNaN(f.first)) await this.readWhole(f, null);
      const times: number[] = [];
      for (const f of files) if (!f.skip) for (const t of f.digest) times.push(t);
      const range = plausibleRange(times);
      if (range) {
        for (const f of files) {
          if (f.skip || (f.first >= range.from && f.last <= range.to)) continue;
          f.first = f.last = NaN;
          await this.readWhole(f, range);
        }
      }
      return { files, range };
    })();
    return this.settled;
  }

  /** Entry time of a line of `f`, NaN for a non-entry or an implausible time: what seeking and sampling compare. */
  private timeOf(f: LogFile, range: TimeRange | null): TimeOfLine {
    return (line) => {
      const r = parseLine(line, f.year);
      return r !== null && typeof r === 'object' && isPlausibleTime(r.ts, range) ? r.ts : NaN;
    };
  }

  async extent(): Promise<TimeRange | null> {
    const { files } = await this.settle();
    let from = Infinity;
    let to = -Infinity;
    for (const f of files) {
      if (f.skip) continue;
      if (f.first < from) from = f.first;
      if (f.last > to) to = f.last;
    }
    return Number.isFinite(from) ? { from, to } : null;
  }

  async summary(): Promise<LogsReadSummary> {
    const extent = await this.extent();
    return summarize(await this.files(), extent);
  }

  /**
   * One full pass: learns the file's extent, services, order, counts, time digest and line index, and keeps its
   * entries when it is small enough (KEPT_BYTES_MAX).
   */
  private async readWhole(f: LogFile, range: TimeRange | null): Promise<void> {
    if (this.kept.delete(f)) this.keptBytes -= f.size; // read again with the bundle's plausible range
    const keep = !f.gzip && f.size < MIN_SAMPLED_SIZE && this.keptBytes + f.size <= KEPT_BYTES_MAX;
    const filter: EntryFilter = keep
      ? { from: -Infinity, to: Infinity, minRank: 0 }
      : { from: Infinity, to: -Infinity, minRank: 0 };
    const entries: LogEntry[] = [];
    for await (const batch of this.readFile(f, filter, undefined, true, range)) for (const e of batch) entries.push(e);
    if (!keep || f.skip) return;
    if (f.order !== 'sorted') entries.sort((a, b) => a.ts - b.ts); // stable: ties keep line order
    this.kept.set(f, entries);
    this.keptBytes += f.size;
  }

  async services(): Promise<string[]> {
    const files = await this.files();
    this.headServices ??= this.readHeadServices(files);
    const out = new Set(await this.headServices);
    for (const f of files) for (const s of f.services) out.add(s);
    return [...out].sort();
  }

  /** Services named in each file's first lines (or its file name): cheap, no full scan. */
  private async readHeadServices(files: LogFile[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const f of files) {
      if (f.skip) continue;
      let named = false;
      if (!f.gzip && f.size > 0) {
        try {
          for (const line of (await readChunkAt(f.path, 0, HEAD_BYTES, this.stats)).split('\n')) {
            const r = parseLine(line, f.year);
            if (r && typeof r === 'object') {
              out.add(r.service ?? f.service);
              named = true;
            }
          }
        } catch {
          // unreadable files were reported at open
        }
      }
      if (!named) out.add(f.service);
    }
    return out;
  }

  async *scan(query: LogQuery, signal?: AbortSignal): AsyncGenerator<LogEntry[]> {
    const { files, range } = await this.settle();
    const filter = filterOfQuery(query);
    const wanted = files.filter((f) => this.mayHold(f, filter));
    const sources = wanted.map((f) => this.scanFile(f, filter, signal, range)[Symbol.asyncIterator]());
    yield* mergeByTime(sources, signal);
  }

  /** False when what is known of a file rules it out (skipped, outside the window, or no such service). */
  private mayHold(f: LogFile, filter: EntryFilter): boolean {
    if (f.skip || f.size === 0) return false;
    if (f.order === 'sorted' && (f.last < filter.from - ORDER_SLACK_MS || f.first >= filter.to + ORDER_SLACK_MS))
      return false;
    if (filter.service && f.servicesComplete && ![...f.services].some((s) => s.toLowerCase() === filter.service))
      return false;
    return true;
  }

  /** One file's matching entries in time order, in batches. Unsorted files are collected and sorted. */
  private async *scanFile(
    f: LogFile,
    filter: EntryFilter,
    signal: AbortSignal | undefined,
    range: TimeRange | null,
  ): AsyncGenerator<LogEntry[]> {
    const kept = this.kept.get(f);
    if (kept) {
      yield* keptEntries(kept, filter, signal);
      return;
    }
    if (f.order !== 'sorted') {
      // Order not known or known to be broken: streaming would break the merge's time order.
      const all: LogEntry[] = [];
      for await (const batch of this.readFile(f, filter, signal, false, range)) for (const e of batch) all.push(e);
      all.sort((a, b) => a.ts - b.ts); // stable: ties keep line order
      yield all;
      return;
    }
    yield* this.readFile(f, filter, signal, false, range);
  }

  private async *readFile(
    f: LogFile,
    filter: EntryFilter,
    signal: AbortSignal | undefined,
    whole: boolean,
    range: TimeRange | null,
  ): AsyncGenerator<LogEntry[]> {
    const trustOrder = f.order === 'sorted' && !whole;
    let start = 0;
    let firstLine = 1;
    if (trustOrder && !f.gzip && filter.from > f.first + ORDER_SLACK_MS) {
      await this.ensureIndex(f);
      const at = await findSeekStart(f.path, f.index!, filter.from, this.stats, this.timeOf(f, range));
      start = at.offset;
      firstLine = at.line;
    }
    const index = start === 0 && !f.indexComplete && !f.gzip ? createLineIndex() : undefined;
    let listed = 0;
    let lastLine = firstLine;
    const asm = new EntryAssembler({
      where: f.where,
      defaultService: f.service,
      filter,
      stopAt: trustOrder ? filter.to + ORDER_SLACK_MS : Infinity,
      midFile: start > 0,
      year: f.year,
      plausible: range,
      warn: (where, message) => {
        if (listed++ < WARNINGS_PER_FILE) this.warn(where, message);
      },
    });
    try {
      for await (const { lines, firstLine: n } of readLineBatches(f.path, {
        start,
        firstLine,
        gzip: f.gzip,
        counters: this.stats,
        onCheckpoint: index ? (o, l) => addCheckpoint(index, o, l) : undefined,
        signal,
      })) {
        asm.pushLines(lines, n);
        lastLine = n + lines.length;
        if (asm.out.length) yield asm.drain();
        if (asm.stopped) break;
      }
    } catch (err) {
      const why = f.gzip ? describeGzipError(err as Error) : `read error (${(err as Error).message})`;
      asm.finish();
      if (asm.out.length) yield asm.drain();
      if (start === 0 && !signal?.aborted) this.learnFromFullPass(f, asm, undefined);
      if (start === 0 && asm.entries === 0) f.skip = why;
      else this.warn(f.where, `stopped reading at line ${lastLine}: ${why}; the entries before it are kept`);
      return;
    }
    if (!asm.stopped) {
      asm.finish();
      if (asm.out.length) yield asm.drain();
    }
    if (asm.disordered && f.order === 'sorted') {
      f.order = 'unsorted';
      this.warn(f.where, 'entries are not in time order; the file is now read whole and sorted for each query');
    }
    if (start === 0 && !asm.stopped && !signal?.aborted) this.learnFromFullPass(f, asm, index);
  }

  private learnFromFullPass(
    f: LogFile,
    asm: EntryAssembler,
    index: ReturnType<typeof createLineIndex> | undefined,
  ): void {
    if (Number.isFinite(asm.minTs)) {
      f.first = asm.minTs;
      f.last = asm.maxTs;
    }
    f.entries = asm.entries;
    f.unread = asm.unread;
    f.dropped = asm.dropped;
    f.digest = asm.digest;
    if (asm.entries === 0) f.skip = whyNoEntries(asm);
    f.services = asm.services;
    f.servicesComplete = true;
    if (f.order === 'unknown') f.order = asm.disordered ? 'unsorted' : 'sorted';
    if (index && !f.indexComplete) {
      f.index = index;
      f.indexComplete = true;
    }
  }

  private ensureIndex(f: LogFile): Promise<void> {
    if (f.indexComplete) return Promise.resolve();
    let p = this.indexing.get(f);
    if (!p) {
      const index = createLineIndex();
      p = countLines(f.path, this.stats, (o, l) => addCheckpoint(index, o, l)).then(() => {
        if (!f.indexComplete) {
          f.index = index;
          f.indexComplete = true;
        }
      });
      this.indexing.set(f, p);
    }
    return p;
  }

  async health(): Promise<HealthCheck[]> {
    return healthChecks(await this.summary(), this.warnings().length);
  }

  async close(): Promise<void> {}
}

/** The kept entries of a file that pass `filter`, in batches, as reading the file would yield them. */
function* keptEntries(kept: LogEntry[], filter: EntryFilter, signal: AbortSignal | undefined): Generator<LogEntry[]> {
  let batch: LogEntry[] = [];
  for (const e of kept) {
    if (!keepsEntry(e, filter)) continue;
    batch.push(e);
    if (batch.length === KEPT_BATCH) {
      if (signal?.aborted) return; // as a read of the file stops
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

function untilMs(until: string | undefined, now: number): number | undefined {
  if (!until) return undefined;
  try {
    return parseTimeArg(until, now, '--until');
  } catch {
    return undefined; // the tools report a bad --until when they resolve their window
  }
}
