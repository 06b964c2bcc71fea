// PLACEHOLDER: the metrics server's spec; replaced by its real tools and backends.
import type { ServerSpec } from '../types.js';

export const metricsServer: ServerSpec = {
  name: 'metrics',
  aliases: [],
  summary: 'metrics (not yet implemented)',
  isConfigured: () => false,
  async create() {
    return { tools: [], backend: 'none', checkHealth: async () => [], close: async () => {} };
  },
};
