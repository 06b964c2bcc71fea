// The one interface every metrics backend implements (files, Prometheus, Datadog).
import type { Series, TimeRange, DataWarning } from '../../core/types.js';
import type { HealthCheck } from '../types.js';

export interface SeriesRef {
  name: string;
  labels: Record<string, string>;
}

export interface MetricsBackend {
  readonly name: string;
  /** First and last sample time (ms) over all series, or null when unknown (live backends: null, use now). */
  extent(): Promise<TimeRange | null>;
  /** Series known in the range, optionally only those of one metric name and label values. */
  listSeries(filter: { name?: string; labels?: Record<string, string> }, range: TimeRange): Promise<SeriesRef[]>;
  /** Samples of every series of `name` (matching labels) inside the range. */
  fetch(
    filter: { name: string; labels?: Record<string, string> },
    range: TimeRange,
    stepSeconds?: number,
  ): Promise<Series[]>;
  warnings(): DataWarning[];
  health(): Promise<HealthCheck[]>;
  close(): Promise<void>;
}
