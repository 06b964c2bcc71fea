// What every traces tool is built from.
import type { SourceOptions } from '../../types.js';
import type { TracesBackend } from '../backend.js';
import type { LogsSource } from '../logs-source.js';

export interface TracesDeps {
  backend: TracesBackend;
  source: SourceOptions;
  /** The logs of the same configuration, for correlate_logs_and_traces. */
  logs: LogsSource;
}
