// The one interface every logs backend implements (files, Loki, Elasticsearch).
import type { DataWarning, Level, LogEntry, TimeRange } from '../../core/types.js';
import type { HealthCheck } from '../types.js';

/** A text filter a backend may push down to its native query language. */
export interface TextMatch {
  /** The user's pattern: a literal, or a regex source when `regex` is true. */
  source: string;
  regex: boolean;
  caseSensitive: boolean;
}

export interface LogQuery {
  range: TimeRange;
  service?: string;
  /** Entries at this level or more severe. */
  minLevel?: Level;
  match?: TextMatch;
}

/** What a backend could read of its data: files found, those that yielded nothing and why, lines it could not use. */
export interface LogsReadSummary {
  files: number;
  filesWithEntries: number;
  skipped: Array<{ file: string; reason: string }>;
  /** Lines that could not be read as entries (over files read whole so far). */
  unreadLines: number;
  /** Entries dropped because their time is implausible. */
  droppedEntries: number;
  /** Span of the readable entries; null when none could be read. */
  extent: TimeRange | null;
}

export interface LogsBackend {
  readonly name: string;
  /** Earliest and latest entry time (ms), or null when there is no data. File backends' "now" is extent.to. */
  extent(): Promise<TimeRange | null>;
  /** Service names present in the data. */
  services(): Promise<string[]>;
  /**
   * Entries matching the query in ascending time order (ties keep source order), streamed in batches (never empty):
   * one await per batch, not per entry. Stops early when the consumer breaks out of the loop or the signal aborts.
   */
  scan(query: LogQuery, signal?: AbortSignal): AsyncIterable<LogEntry[]>;
  /** Problems met while reading (file:line and what was wrong); the rest of the data still loads. */
  warnings(): DataWarning[];
  /** File backends: what could be read (live backends leave it out). */
  summary?(): Promise<LogsReadSummary>;
  health(): Promise<HealthCheck[]>;
  close(): Promise<void>;
}
