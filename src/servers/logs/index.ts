// PLACEHOLDER: the logs server's spec; replaced by its real tools and backends.
import type { ServerSpec } from '../types.js';

export const logsServer: ServerSpec = {
  name: 'logs',
  aliases: [],
  summary: 'logs (not yet implemented)',
  isConfigured: () => false,
  async create() {
    return { tools: [], backend: 'none', checkHealth: async () => [], close: async () => {} };
  },
};
