// PLACEHOLDER: the k8s server's spec; replaced by its real tools and backends.
import type { ServerSpec } from '../types.js';

export const k8sServer: ServerSpec = {
  name: 'k8s',
  aliases: [],
  summary: 'k8s (not yet implemented)',
  isConfigured: () => false,
  async create() {
    return { tools: [], backend: 'none', checkHealth: async () => [], close: async () => {} };
  },
};
