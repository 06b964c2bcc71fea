// The logs server: read_logs, search_logs and log_patterns over a logs backend chosen from configuration.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PilotError } from '../../core/errors.js';
import type { ServerSpec, SourceOptions } from '../types.js';
import type { LogsBackend } from './backend.js';
import { createFileLogsBackend } from './backends/file.js';
import { createLogsTools } from './tools.js';

function logsDirOf(opts: SourceOptions): string | undefined {
  if (!opts.dataDir) return undefined;
  const dir = join(opts.dataDir, 'logs');
  try {
    return existsSync(dir) && statSync(dir).isDirectory() ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Picks the backend from configuration: <dataDir>/logs for now; Loki and Elasticsearch come later. */
export function createLogsBackend(opts: SourceOptions): LogsBackend {
  if (logsDirOf(opts)) return createFileLogsBackend(opts.dataDir!);
  if (opts.env.LOKI_URL || opts.env.ELASTICSEARCH_URL) {
    throw new PilotError('config', `the ${opts.env.LOKI_URL ? 'Loki (LOKI_URL)' : 'Elasticsearch (ELASTICSEARCH_URL)'} logs backend is not available yet`, {
      hint: 'use an incident bundle with a logs/ folder (--data DIR)',
    });
  }
  throw new PilotError('config', 'no logs source: the data directory has no logs/ folder', {
    hint: 'pass --data DIR where DIR/logs holds *.log, *.jsonl or *.gz files',
  });
}

export const logsServer: ServerSpec = {
  name: 'logs',
  aliases: [],
  summary: 'logs: read, search and mine templates of log files (plain text, JSON lines, logfmt, gzip) from <data>/logs',
  isConfigured: (opts) => Boolean(logsDirOf(opts) || opts.env.LOKI_URL || opts.env.ELASTICSEARCH_URL),
  async create(opts) {
    const backend = createLogsBackend(opts);
    return {
      tools: createLogsTools({ backend, until: opts.until }),
      backend: backend.name,
      checkHealth: () => backend.health(),
      close: () => backend.close(),
    };
  },
};
