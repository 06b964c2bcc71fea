// The traces server: OTLP/JSON files, Grafana Tempo or Jaeger behind one set of tools.
import type { ServerSpec } from '../types.js';
import { createTracesBackend, hasTraceFiles } from './factory.js';
import { openLogsOnDemand } from './logs-source.js';
import { createTracesTools } from './tools.js';

export const tracesServer: ServerSpec = {
  name: 'traces',
  aliases: ['tempo', 'jaeger'],
  summary:
    'distributed traces (OTLP/JSON files, Tempo, Jaeger): slow and failing requests, span trees, per-service RED metrics',
  isConfigured: (opts) => hasTraceFiles(opts.dataDir) || !!opts.env.TEMPO_URL || !!opts.env.JAEGER_URL,
  async create(opts) {
    const backend = createTracesBackend(opts);
    const logs = openLogsOnDemand(opts);
    return {
      tools: createTracesTools({ backend, source: opts, logs }),
      backend: backend.name,
      checkHealth: () => backend.health(),
      close: async () => {
        await logs.close();
        await backend.close();
      },
    };
  },
};
