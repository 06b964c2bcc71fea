// The logs server: read_logs, search_logs and log_patterns over a logs backend chosen from configuration.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PilotError } from '../../core/errors.js';
import type { ServerSpec, SourceOptions } from '../types.js';
import type { LogsBackend } from './backend.js';
import { createFileLogsBackend } from './backends/file.js';
import { createLogsTools } from './tools.js';
import type { HttpSettings } from '../../core/http.js';
import type { AnyTool } from '../../mcp/tool.js';
import { createLokiBackend, LokiBackend } from './backends/loki.js';
import { createQueryLogsTool } from './query-logs.js';
import { createCheckEnvironmentTool } from '../check-environment.js';
import { checkHttpUrl } from '../live-config.js';

function logsDirOf(opts: SourceOptions): string | undefined {
  if (!opts.dataDir) return undefined;
  const dir = join(opts.dataDir, 'logs');
  try {
    return existsSync(dir) && statSync(dir).isDirectory() ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Picks the backend from configuration: an explicit LOKI_URL or ELASTICSEARCH_URL wins over <dataDir>/logs. */
export async function createLogsBackend(opts: SourceOptions, http: HttpSettings = {}): Promise<LogsBackend> {
  const env = opts.env;
  if (env.LOKI_URL) {
    return createLokiBackend({
      url: checkHttpUrl(env.LOKI_URL, 'LOKI_URL'),
      user: env.LOKI_AUTH_USER,
      password: env.LOKI_AUTH_PASSWORD,
      tenant: env.LOKI_TENANT,
      ...http,
    });
  }
  if (env.ELASTICSEARCH_URL) {
    const { createElasticsearchBackend } = await import('./backends/elasticsearch.js');
    return createElasticsearchBackend({
      url: checkHttpUrl(env.ELASTICSEARCH_URL, 'ELASTICSEARCH_URL'),
      apiKey: env.ELASTICSEARCH_API_KEY,
      user: env.ELASTICSEARCH_USER,
      password: env.ELASTICSEARCH_PASSWORD,
      index: env.ELASTICSEARCH_INDEX,
      ...http,
    });
  }
  if (logsDirOf(opts)) return createFileLogsBackend(opts.dataDir!, { until: opts.until });
  throw new PilotError(
    'config',
    'no logs source: the data directory has no logs/ folder and neither LOKI_URL nor ELASTICSEARCH_URL is set',
    {
      hint: 'pass --data DIR where DIR/logs holds *.log, *.jsonl or *.gz files, or set LOKI_URL or ELASTICSEARCH_URL',
    },
  );
}

function missingLogsSettings(backend: LogsBackend, opts: SourceOptions): string[] {
  const env = opts.env;
  if (backend.name === 'file') return ['LOKI_URL or ELASTICSEARCH_URL not set: reading logs/ files only'];
  if (backend.name === 'loki') {
    return [
      ...(env.LOKI_AUTH_USER ? [] : ['LOKI_AUTH_USER/LOKI_AUTH_PASSWORD not set (fine if Loki needs no auth)']),
      ...(env.LOKI_TENANT ? [] : ['LOKI_TENANT not set (needed only for a multi-tenant Loki)']),
    ];
  }
  return [
    ...(env.ELASTICSEARCH_API_KEY || env.ELASTICSEARCH_USER
      ? []
      : ['ELASTICSEARCH_API_KEY or ELASTICSEARCH_USER/ELASTICSEARCH_PASSWORD not set (fine if security is off)']),
    ...(env.ELASTICSEARCH_INDEX ? [] : ['ELASTICSEARCH_INDEX not set: searching logs-*']),
  ];
}

/** The logs tools for this backend: the common ones, query_logs with Loki, and check_environment. */
export function createLogsServerTools(backend: LogsBackend, opts: SourceOptions): AnyTool[] {
  const tools: AnyTool[] = createLogsTools({ backend, until: opts.until });
  if (backend instanceof LokiBackend) tools.push(createQueryLogsTool(backend, opts.until));
  tools.push(createCheckEnvironmentTool({ server: 'logs', backend, missing: missingLogsSettings(backend, opts) }));
  return tools;
}

export const logsServer: ServerSpec = {
  name: 'logs',
  aliases: [],
  summary:
    'logs: read, search and mine templates of log files (plain text, JSON lines, logfmt, syslog, access logs, klog, gzip) from <data>/logs',
  isConfigured: (opts) => Boolean(logsDirOf(opts) || opts.env.LOKI_URL || opts.env.ELASTICSEARCH_URL),
  async create(opts) {
    const backend = await createLogsBackend(opts);
    return {
      tools: createLogsServerTools(backend, opts),
      backend: backend.name,
      checkHealth: () => backend.health(),
      close: () => backend.close(),
    };
  },
};
