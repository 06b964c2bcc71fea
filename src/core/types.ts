// Domain types shared by backends, tools, the engine and the report. No I/O here.

export const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type Level = (typeof LEVELS)[number];

/** One log entry as a backend yields it. `ts` is epoch milliseconds (UTC). */
export interface LogEntry {
  ts: number;
  level: Level;
  service: string;
  message: string;
  /** Where it came from, `logs/checkout-api.log:4146` (path relative to the data dir) or a backend id. */
  ref: string;
  /** Extra fields (JSON/logfmt keys, trace_id, thread, logger, continuation lines as `stack`). */
  attributes?: Record<string, unknown>;
}

/** A half-open time window in epoch milliseconds: from <= t < to. */
export interface TimeRange {
  from: number;
  to: number;
}

/** A metric series; points are [epoch seconds, value] as Prometheus returns them, sorted by time. */
export interface Series {
  name: string;
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

export interface CommitFile {
  path: string;
  additions: number;
  deletions: number;
  patch?: string;
}

export interface Commit {
  sha: string;
  author: string;
  /** ISO 8601 */
  date: string;
  message: string;
  files: CommitFile[];
}

export interface Deployment {
  id: string;
  service: string;
  version: string;
  environment?: string;
  commit?: string;
  /** ISO 8601 */
  startedAt: string;
  finishedAt?: string;
  status?: string;
}

/** A problem found while reading data: reported, skipped, never fatal. */
export interface DataWarning {
  /** file:line, or file, or a backend name */
  where: string;
  message: string;
}
