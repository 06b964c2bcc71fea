// The one interface every traces backend implements (OTLP files, Tempo, Jaeger), and the span shape they yield.
import type { DataWarning, TimeRange } from '../../core/types.js';
import type { HealthCheck } from '../types.js';

export type SpanStatus = 'error' | 'ok' | 'unset';

/** One span, normalised: ids are lowercase hex, times are epoch milliseconds (fractional). */
export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  service: string;
  name: string;
  startMs: number;
  durationMs: number;
  status: SpanStatus;
  statusMessage: string | null;
  /** server, client, internal, producer, consumer; null when unknown. */
  kind: string | null;
  attributes: Record<string, unknown>;
}

export interface TraceQuery {
  range: TimeRange;
  service?: string;
  operation?: string;
  minDurationMs?: number;
  status?: 'error' | 'ok' | 'any';
  tags?: Record<string, string>;
  limit: number;
}

export interface TraceSummary {
  traceId: string;
  rootService: string;
  rootOperation: string;
  startMs: number;
  durationMs: number;
  spanCount: number | null;
  errorCount: number | null;
  services: string[];
}

export interface SearchResult {
  /** The query as the backend saw it (TraceQL for Tempo), for the model to read back. */
  query: string;
  traces: TraceSummary[];
  truncated: boolean;
}

export interface BackendInfo {
  reachable: boolean;
  authenticated: boolean | null;
  version: string | null;
  detail: string;
}

export interface TracesBackend {
  readonly name: string;
  /** First and last span time for file backends (their "now" is extent.to); null for live backends. */
  extent(): Promise<TimeRange | null>;
  search(query: TraceQuery, signal?: AbortSignal): Promise<SearchResult>;
  /** Every span of one trace; an empty array when the trace is unknown. */
  getTrace(traceId: string, signal?: AbortSignal): Promise<Span[]>;
  /** Spans in the window (a sample of traces for live backends), for per-service metrics. */
  spansInRange(
    range: TimeRange,
    service: string | undefined,
    signal?: AbortSignal,
  ): Promise<{ spans: Span[]; traces: number; sampled: boolean }>;
  probe(): Promise<BackendInfo>;
  warnings(): DataWarning[];
  health(): Promise<HealthCheck[]>;
  close(): Promise<void>;
}
