// The metrics server (alias datadog): Prometheus query_range exports of an incident bundle.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PilotError } from '../../core/errors.js';
import type { ServerSpec, SourceOptions } from '../types.js';
import type { MetricsBackend } from './backend.js';
import { openFileMetricsBackend } from './backends/file.js';
import { createMetricsTools } from './tools.js';
import type { HttpSettings } from '../../core/http.js';
import type { AnyTool } from '../../mcp/tool.js';
import { createPrometheusBackend, PrometheusBackend } from './backends/prometheus.js';
import { connectDatadog } from './backends/load-datadog.js';
import { createQueryPrometheusTool } from './query-prometheus.js';
import { createCheckEnvironmentTool } from '../check-environment.js';
import { checkHttpUrl } from '../live-config.js';

function hasMetricsDir(opts: SourceOptions): boolean {
  return !!opts.dataDir && existsSync(join(opts.dataDir, 'metrics'));
}

/**
 * The one place that chooses a metrics backend from configuration. An explicit PROMETHEUS_URL wins over bundle files;
 * Datadog keys (often present in a shell for other reasons) are used only when the bundle has no metrics/.
 */
export async function createMetricsBackend(opts: SourceOptions, http: HttpSettings = {}): Promise<MetricsBackend> {
  const env = opts.env;
  if (env.PROMETHEUS_URL) {
    return createPrometheusBackend({
      url: checkHttpUrl(env.PROMETHEUS_URL, 'PROMETHEUS_URL'),
      user: env.PROMETHEUS_USER,
      password: env.PROMETHEUS_PASSWORD,
      token: env.PROMETHEUS_TOKEN,
      ...http,
    });
  }
  if (hasMetricsDir(opts)) return openFileMetricsBackend(join(opts.dataDir!, 'metrics'));
  if (env.DD_API_KEY) {
    const { datadog, client } = await connectDatadog(env, http);
    return new datadog.DatadogMetricsBackend(client);
  }
  throw new PilotError('config', `no metrics found${opts.dataDir ? ` in ${opts.dataDir}` : ''}`, {
    hint: 'put Prometheus query_range JSON files in <data>/metrics/, or set PROMETHEUS_URL (or DD_API_KEY/DD_APP_KEY for Datadog)',
  });
}

/** What this configuration lacks, for check_environment. */
function missingMetricsSettings(backend: MetricsBackend, opts: SourceOptions): string[] {
  const env = opts.env;
  if (backend.name === 'file') return ['PROMETHEUS_URL not set: reading metrics/*.json files only'];
  if (backend.name === 'prometheus')
    return env.PROMETHEUS_USER || env.PROMETHEUS_TOKEN
      ? []
      : ['PROMETHEUS_USER/PROMETHEUS_PASSWORD or PROMETHEUS_TOKEN not set (fine when Prometheus needs no auth)'];
  return env.DD_APP_KEY ? [] : ['DD_APP_KEY not set: Datadog refuses metric queries without an application key'];
}

/** The metrics tools for this backend: the common ones, query_prometheus with Prometheus, and check_environment. */
export function createMetricsServerTools(backend: MetricsBackend, opts: SourceOptions): AnyTool[] {
  const tools: AnyTool[] = createMetricsTools(backend, { until: opts.until });
  if (backend instanceof PrometheusBackend) tools.push(createQueryPrometheusTool(backend));
  tools.push(
    createCheckEnvironmentTool({ server: 'metrics', backend, missing: missingMetricsSettings(backend, opts) }),
  );
  return tools;
}

export const metricsServer: ServerSpec = {
  name: 'metrics',
  aliases: ['datadog'],
  summary: 'metrics: series with stats, anomalies (change points), error rates per service before vs after',
  isConfigured: (opts) => hasMetricsDir(opts) || !!opts.env.PROMETHEUS_URL || !!opts.env.DD_API_KEY,
  async create(opts) {
    const backend = await createMetricsBackend(opts);
    return {
      tools: createMetricsServerTools(backend, opts),
      backend: backend.name,
      checkHealth: () => backend.health(),
      close: () => backend.close(),
    };
  },
};
