// Turns a file's lines into entries: joins continuation lines (stack traces) to their entry, applies the
// query's filters, reports malformed lines, and notices when a file is not time-sorted. The query's filter
// (filterOfQuery, keepsEntry) is also the one the Loki and Elasticsearch backends apply to what their store returns.
import { isPlausibleTime } from '../../../core/plausible-times.js';
import { compileUserPattern } from '../../../core/regex.js';
import { toIso } from '../../../core/time.js';
import { LEVELS, type Level, type LogEntry, type TimeRange } from '../../../core/types.js';
import type { LogQuery } from '../backend.js';
import { rankOfLevel } from './levels.js';
import { parseLine } from './parse.js';
import type { YearReference } from './timestamp.js';

export interface EntryFilter {
  from: number;
  to: number;
  minRank: number;
  /** Lower-cased service name, or undefined for all. */
  service?: string;
  /** Tested on the message, then on the stack and the scalar attributes when the message fails. */
  matches?: (text: string) => boolean;
}

/** A query's filter, the one every backend applies to the entries it reads (a store's own filter may be looser). */
export function filterOfQuery(query: LogQuery): EntryFilter {
  const pattern = query.match
    ? compileUserPattern(query.match.source, { regex: query.match.regex, caseSensitive: query.match.caseSensitive })
    : undefined;
  return {
    from: query.range.from,
    to: query.range.to,
    minRank: query.minLevel ? LEVELS.indexOf(query.minLevel) : 0,
    service: query.service?.toLowerCase(),
    matches: pattern?.test,
  };
}

/** The filter for what a store (Loki, Elasticsearch) returns: the store matched the service already, under its own
 * spelling of the name, so only the window, level and text are checked again. */
export function filterOfStoreQuery(query: LogQuery): EntryFilter {
  return { ...filterOfQuery(query), service: undefined };
}

/** Out-of-order entries within this distance are jitter (concurrent writers), not an unsorted file. */
export const ORDER_SLACK_MS = 5_000;
/** Scalar attribute values (trace_id, user, host) count for a text match too: logs are found by trace id. */
function matchesAttributes(attributes: Record<string, unknown> | undefined, m: (text: string) => boolean): boolean {
  if (!attributes) return false;
  for (const v of Object.values(attributes)) {
    if ((typeof v === 'string' || typeof v === 'number') && m(String(v))) return true;
  }
  return false;
}

/** The filter's window, level and service, judged from an entry's first line. */
function passesFields(ts: number, level: Level, service: string, filter: EntryFilter): boolean {
  return (
    ts >= filter.from &&
    ts < filter.to &&
    rankOfLevel(level) >= filter.minRank &&
    (filter.service === undefined || service.toLowerCase() === filter.service)
  );
}

/** The filter's text match, judged once the entry is whole: its message, its stack, its scalar attributes. */
function passesText(
  message: string,
  stack: string | undefined,
  attributes: Record<string, unknown> | undefined,
  filter: EntryFilter,
): boolean {
  const m = filter.matches;
  return !m || m(message) || (stack !== undefined && m(stack)) || matchesAttributes(attributes, m);
}

/**
 * Whether an entry passes `filter`: what EntryAssembler decides while reading, applied to an entry kept from an
 * earlier whole read.
 */
export function keepsEntry(e: LogEntry, filter: EntryFilter): boolean {
  // A kept entry's stack is attributes.stack, matched with the other attributes.
  return passesFields(e.ts, e.level, e.service, filter) && passesText(e.message, undefined, e.attributes, filter);
}

/** Entry times kept per pass for the bundle's plausible range: every entry up to this many, then every 2nd, 4th... */
const DIGEST_MAX = 4096;

/** Continuation lines kept per entry: a runaway stack must not grow one entry without bound. */
const MAX_STACK_LINES = 200;

interface Pending {
  ts: number;
  level: Level;
  service: string;
  message: string;
  line: number;
  attributes?: Record<string, unknown>;
  stack?: string[];
  dropped: number;
  keep: boolean;
}

export interface AssemblerOptions {
  /** `logs/<relative path>`: prefix of refs and warnings. */
  where: string;
  defaultService: string;
  filter: EntryFilter;
  /** Stop at the first entry at or past this time (sorted files). Infinity scans to the end. */
  stopAt: number;
  /** Started mid-file by a seek: continuation lines before the first entry are expected, not malformed. */
  midFile: boolean;
  /** Dates the timestamps that carry no year. */
  year: YearReference;
  /**
   * Entries outside this range have implausible times: dropped with a warning (null: keep every representable time).
   */
  plausible: TimeRange | null;
  warn: (where: string, message: string) => void;
}

export class EntryAssembler {
  out: LogEntry[] = [];
  stopped = false;
  /** Min/max time over every entry read (filtered or not), and whether time ever went backwards. */
  minTs = Infinity;
  maxTs = -Infinity;
  disordered = false;
  readonly services = new Set<string>();
  /**
   * Counts over the lines pushed: entries read, lines that could not be read, entries dropped for an implausible time.
   */
  entries = 0;
  unread = 0;
  dropped = 0;
  /** A thinned sample of the entry times read (bounded), from which the bundle's plausible range is found. */
  digest: number[] = [];
  private digestEvery = 1;
  private sinceDigest = 0;
  private pending: Pending | null = null;

  constructor(private readonly opts: AssemblerOptions) {}

  pushLines(lines: string[], firstLine: number): void {
    const { filter, year } = this.opts;
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k];
      if (line.length === 0) continue;
      const parsed = parseLine(line, year);
      if (parsed === null) {
        this.addContinuation(line, firstLine + k);
        continue;
      }
      if (typeof parsed === 'string') {
        this.unread++;
        this.opts.warn(`${this.opts.where}:${firstLine + k}`, parsed);
        continue;
      }
      this.finish();
      const ts = parsed.ts;
      if (!isPlausibleTime(ts, this.opts.plausible)) {
        this.dropLine(ts, firstLine + k);
        continue;
      }
      this.entries++;
      this.addDigest(ts);
      if (ts < this.maxTs - ORDER_SLACK_MS) this.disordered = true;
      if (ts > this.maxTs) this.maxTs = ts;
      if (ts < this.minTs) this.minTs = ts;
      if (ts >= this.opts.stopAt) {
        this.stopped = true;
        return;
      }
      const service = parsed.service ?? this.opts.defaultService;
      this.services.add(service);
      const keep = passesFields(ts, parsed.level, service, filter);
      this.pending = {
        ts,
        level: parsed.level,
        service,
        message: parsed.message,
        line: firstLine + k,
        attributes: parsed.attributes,
        dropped: 0,
        keep,
      };
    }
  }

  private addDigest(ts: number): void {
    if (++this.sinceDigest < this.digestEvery) return;
    this.sinceDigest = 0;
    this.digest.push(ts);
    if (this.digest.length >= DIGEST_MAX) {
      this.digest = this.digest.filter((_, i) => i % 2 === 0);
      this.digestEvery *= 2;
    }
  }

  /** An entry whose time is implausible: skipped with its continuation lines, and reported. */
  private dropLine(ts: number, lineNo: number): void {
    this.dropped++;
    const range = this.opts.plausible;
    const bounds = range ? ` (the data lies within ${toIso(range.from)} .. ${toIso(range.to)})` : '';
    this.opts.warn(`${this.opts.where}:${lineNo}`, `implausible time ${toIso(ts)}${bounds}; entry dropped`);
    this.pending = { ts, level: 'INFO', service: '', message: '', line: lineNo, dropped: 0, keep: false };
  }

  private addContinuation(line: string, lineNo: number): void {
    const p = this.pending;
    if (!p) {
      if (!this.opts.midFile) {
        this.unread++;
        this.opts.warn(`${this.opts.where}:${lineNo}`, 'line does not start with a timestamp and follows no entry');
      }
      return;
    }
    if (!p.keep) return; // filtered out already: its stack is not needed
    const stack = (p.stack ??= []);
    if (stack.length < MAX_STACK_LINES) stack.push(line);
    else p.dropped++;
  }

  /** Completes the entry in progress (call at end of input too). */
  finish(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    if (!p.keep) return;
    let stackText: string | undefined;
    if (p.stack) {
      stackText = p.stack.join('\n');
      if (p.dropped) stackText += `\n... ${p.dropped} more lines`;
    }
    if (!passesText(p.message, stackText, p.attributes, this.opts.filter)) return;
    const entry: LogEntry = {
      ts: p.ts,
      level: p.level,
      service: p.service,
      message: p.message,
      ref: `${this.opts.where}:${p.line}`,
    };
    if (p.attributes || stackText !== undefined)
      entry.attributes = stackText === undefined ? p.attributes : { ...p.attributes, stack: stackText };
    this.out.push(entry);
  }

  /** Entries completed since the last call. */
  drain(): LogEntry[] {
    const done = this.out;
    this.out = [];
    return done;
  }
}
