// The logs of the same configuration (--data logs/, LOKI_URL or ELASTICSEARCH_URL), opened on first use:
// correlate_logs_and_traces reads them directly instead of starting the other servers to ask the logs server.
import type { SourceOptions } from '../types.js';
import type { LogsBackend } from '../logs/backend.js';
import { createLogsBackend, logsServer } from '../logs/index.js';

export interface LogsSource {
  /** The logs backend, or null when this configuration has no logs. */
  open(): Promise<LogsBackend | null>;
  close(): Promise<void>;
}

export function openLogsOnDemand(opts: SourceOptions): LogsSource {
  let opened: Promise<LogsBackend> | undefined;
  return {
    async open() {
      if (!logsServer.isConfigured(opts)) return null;
      opened ??= createLogsBackend(opts);
      return opened;
    },
    async close() {
      if (opened) await (await opened.catch(() => undefined))?.close();
    },
  };
}
