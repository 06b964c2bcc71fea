// PLACEHOLDER: the traces server's spec; replaced by its real tools and backends.
import type { ServerSpec } from '../types.js';

export const tracesServer: ServerSpec = {
  name: 'traces',
  aliases: [],
  summary: 'traces (not yet implemented)',
  isConfigured: () => false,
  async create() {
    return { tools: [], backend: 'none', checkHealth: async () => [], close: async () => {} };
  },
};
