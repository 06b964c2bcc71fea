// LogsBackend over <dataDir>/logs: every file, any supported format, streamed. Time-sorted plain files are
// seeked by byte offset for windowed queries; gzip and unsorted files are scanned whole.
import { join } from 'node:path';
import { compileUserPattern } from '../../../core/regex.js';
import { LEVELS, type DataWarning, type LogEntry, type TimeRange } from '../../../core/types.js';
import type { HealthCheck } from '../../types.js';
import type { LogQuery, LogsBackend } from '../backend.js';
import { EntryAssembler, ORDER_SLACK_MS, type EntryFilter } from './assemble.js';
import { discoverLogFiles, type LogFile } from './discover.js';
import { countLines, readLineBatches, type ReadCounters } from './lines.js';
import { mergeByTime } from './merge.js';
import { parseLine } from './parse.js';
import { addCheckpoint, createLineIndex, findSeekStart, MIN_SAMPLED_SIZE, readChunkAt, sampleFile } from './seek.js';

/** Malformed lines listed per file per scan; the rest are counted in one summary warning. */
const WARNINGS_PER_FILE = 20;
const HEAD_BYTES = 64 * 1024;

export interface FileLogsBackend extends LogsBackend {
  /** Read counters, for tests and benchmarks: how many bytes queries read. */
  readonly stats: ReadCounters;
}

export function createFileLogsBackend(dataDir: string): FileLogsBackend {
  return new FileBackend(dataDir);
}

class FileBackend implements FileLogsBackend {
  readonly name = 'file';
  readonly stats: ReadCounters = { bytesRead: 0, indexBytesRead: 0 };
  private opened?: Promise<LogFile[]>;
  private readonly found = new Map<string, string>();
  private readonly indexing = new Map<LogFile, Promise<void>>();
  private headServices?: Promise<Set<string>>;

  constructor(private readonly dataDir: string) {}

  warnings(): DataWarning[] {
    return [...this.found].map(([where, message]) => ({ where, message }));
  }

  private warn(where: string, message: string): void {
    if (!this.found.has(where)) this.found.set(where, message);
  }

  private files(): Promise<LogFile[]> {
    this.opened ??= this.open();
    return this.opened;
  }

  private async open(): Promise<LogFile[]> {
    const problems: DataWarning[] = [];
    const files = await discoverLogFiles(this.dataDir, join(this.dataDir, 'logs'), problems);
    for (const p of problems) this.warn(p.where, p.message);
    const readable: LogFile[] = [];
    for (const f of files) {
      try {
        if (!f.gzip && f.size >= MIN_SAMPLED_SIZE) {
          const shape = await sampleFile(f.path, f.size, this.stats);
          if (!Number.isNaN(shape.first) && !Number.isNaN(shape.last)) {
            f.first = shape.first;
            f.last = shape.last;
            f.order = shape.sorted ? 'sorted' : 'unsorted';
            if (!shape.sorted) f.first = f.last = NaN; // head and tail are not the extent of an unsorted file
          }
        }
        readable.push(f);
      } catch (err) {
        this.warn(f.where, `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; skipped`);
      }
    }
    return readable;
  }

  async extent(): Promise<TimeRange | null> {
    const files = await this.files();
    for (const f of files) if (Number.isNaN(f.first) && f.size > 0) await this.readWhole(f);
    let from = Infinity;
    let to = -Infinity;
    for (const f of files) {
      if (f.first < from) from = f.first;
      if (f.last > to) to = f.last;
    }
    return Number.isFinite(from) ? { from, to } : null;
  }

  /** One full pass with no output: learns the file's extent, services, order and line index. */
  private async readWhole(f: LogFile): Promise<void> {
    const keepNothing: EntryFilter = { from: Infinity, to: -Infinity, minRank: 0 };
    for await (const _ of this.scanFile(f, keepNothing, undefined, true)) void _;
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
      let named = false;
      if (!f.gzip && f.size > 0) {
        try {
          for (const line of (await readChunkAt(f.path, 0, HEAD_BYTES, this.stats)).split('\n')) {
            const r = parseLine(line);
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

  async *scan(query: LogQuery, signal?: AbortSignal): AsyncGenerator<LogEntry> {
    const files = await this.files();
    const pattern = query.match ? compileUserPattern(query.match.source, { regex: query.match.regex, caseSensitive: query.match.caseSensitive }) : undefined;
    const filter: EntryFilter = {
      from: query.range.from,
      to: query.range.to,
      minRank: query.minLevel ? LEVELS.indexOf(query.minLevel) : 0,
      service: query.service?.toLowerCase(),
      matches: pattern?.test,
    };
    const wanted = files.filter((f) => this.mayHold(f, filter));
    const sources = wanted.map((f) => this.scanFile(f, filter, signal, false)[Symbol.asyncIterator]());
    yield* mergeByTime(sources, signal);
  }

  /** False when what is known of a file rules it out (outside the window, or no such service). */
  private mayHold(f: LogFile, filter: EntryFilter): boolean {
    if (f.size === 0) return false;
    if (f.order === 'sorted' && (f.last < filter.from - ORDER_SLACK_MS || f.first >= filter.to + ORDER_SLACK_MS)) return false;
    if (filter.service && f.servicesComplete && ![...f.services].some((s) => s.toLowerCase() === filter.service)) return false;
    return true;
  }

  /** One file's matching entries in time order, in batches. Unsorted files are collected and sorted. */
  private async *scanFile(f: LogFile, filter: EntryFilter, signal: AbortSignal | undefined, whole: boolean): AsyncGenerator<LogEntry[]> {
    if (f.order !== 'sorted' && !whole) {
      // Order not known or known to be broken: streaming would break the merge's time order.
      const all: LogEntry[] = [];
      for await (const batch of this.readFile(f, filter, signal, false)) for (const e of batch) all.push(e);
      all.sort((a, b) => a.ts - b.ts); // stable: ties keep line order
      yield all;
      return;
    }
    yield* this.readFile(f, filter, signal, whole);
  }

  private async *readFile(f: LogFile, filter: EntryFilter, signal: AbortSignal | undefined, whole: boolean): AsyncGenerator<LogEntry[]> {
    const trustOrder = f.order === 'sorted' && !whole;
    let start = 0;
    let firstLine = 1;
    if (trustOrder && !f.gzip && filter.from > f.first + ORDER_SLACK_MS) {
      await this.ensureIndex(f);
      const at = await findSeekStart(f.path, f.index!, filter.from, this.stats);
      start = at.offset;
      firstLine = at.line;
    }
    const index = start === 0 && !f.indexComplete && !f.gzip ? createLineIndex() : undefined;
    let listed = 0;
    let unlisted = 0;
    const asm = new EntryAssembler({
      where: f.where,
      defaultService: f.service,
      filter,
      stopAt: trustOrder ? filter.to + ORDER_SLACK_MS : Infinity,
      midFile: start > 0,
      warn: (where, message) => {
        if (listed++ < WARNINGS_PER_FILE) this.warn(where, message);
        else unlisted++;
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
        if (asm.out.length) yield asm.drain();
        if (asm.stopped) break;
      }
    } catch (err) {
      this.warn(f.where, `stopped reading: ${(err as Error).message}`);
      return;
    }
    if (!asm.stopped) {
      asm.finish();
      if (asm.out.length) yield asm.drain();
    }
    if (unlisted) this.warn(`${f.where} (more)`, `${unlisted} more malformed lines not listed`);
    if (asm.disordered && f.order === 'sorted') {
      f.order = 'unsorted';
      this.warn(f.where, 'entries are not in time order; the file is now read whole and sorted for each query');
    }
    if (start === 0 && !asm.stopped && !signal?.aborted) this.learnFromFullPass(f, asm, index);
  }

  private learnFromFullPass(f: LogFile, asm: EntryAssembler, index: ReturnType<typeof createLineIndex> | undefined): void {
    if (Number.isFinite(asm.minTs)) {
      f.first = asm.minTs;
      f.last = asm.maxTs;
    }
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
    const files = await this.files();
    const extent = await this.extent();
    const warnings = this.found.size;
    return [
      { name: 'log files', ok: files.length > 0, detail: files.length ? `${files.length} file(s) under logs/` : 'no readable file under logs/' },
      {
        name: 'log entries',
        ok: extent !== null,
        detail: extent ? `entries from ${new Date(extent.from).toISOString()} to ${new Date(extent.to).toISOString()}` : 'no readable log entry',
      },
      { name: 'log warnings', ok: true, detail: warnings ? `${warnings} problem(s) reading logs (malformed lines are skipped)` : 'none' },
    ];
  }

  async close(): Promise<void> {}
}
