// PLACEHOLDER: the git server's spec; replaced by its real tools and backends.
import type { ServerSpec } from '../types.js';

export const gitServer: ServerSpec = {
  name: 'git',
  aliases: [],
  summary: 'git (not yet implemented)',
  isConfigured: () => false,
  async create() {
    return { tools: [], backend: 'none', checkHealth: async () => [], close: async () => {} };
  },
};
