// The metrics server (alias datadog): Prometheus query_range exports of an incident bundle.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PilotError } from '../../core/errors.js';
import type { ServerSpec, SourceOptions } from '../types.js';
import type { MetricsBackend } from './backend.js';
import { openFileMetricsBackend } from './backends/file.js';
import { createMetricsTools } from './tools.js';

function hasMetricsDir(opts: SourceOptions): boolean {
  return !!opts.dataDir && existsSync(join(opts.dataDir, 'metrics'));
}

/** The one place that chooses a metrics backend from configuration. */
export async function createMetricsBackend(opts: SourceOptions): Promise<MetricsBackend> {
  if (hasMetricsDir(opts)) return openFileMetricsBackend(join(opts.dataDir!, 'metrics'));
  if (opts.env.PROMETHEUS_URL || opts.env.DD_API_KEY) {
    throw new PilotError('config', `the ${opts.env.PROMETHEUS_URL ? 'Prometheus' : 'Datadog'} metrics backend is not available yet`, {
      hint: 'use --data DIR with a metrics/ folder of Prometheus query_range JSON files',
    });
  }
  throw new PilotError('config', `no metrics found${opts.dataDir ? ` in ${opts.dataDir}` : ''}`, {
    hint: 'put Prometheus query_range JSON files in <data>/metrics/, or set PROMETHEUS_URL',
  });
}

export const metricsServer: ServerSpec = {
  name: 'metrics',
  aliases: ['datadog'],
  summary: 'metrics: series with stats, anomalies (change points), error rates per service before vs after',
  isConfigured: (opts) => hasMetricsDir(opts) || !!opts.env.PROMETHEUS_URL || !!opts.env.DD_API_KEY,
  async create(opts) {
    const backend = await createMetricsBackend(opts);
    return {
      tools: createMetricsTools(backend, { until: opts.until }),
      backend: backend.name,
      checkHealth: () => backend.health(),
      close: () => backend.close(),
    };
  },
};
