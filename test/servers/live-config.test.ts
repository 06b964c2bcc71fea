// Every backend factory checks a live backend's URL setting the same way: a config error that names the setting.
import { describe, expect, it } from 'vitest';
import { createLogsBackend } from '../../src/servers/logs/index.js';
import { createMetricsBackend } from '../../src/servers/metrics/index.js';
import { createTracesBackend } from '../../src/servers/traces/factory.js';

const FACTORIES: Array<[string, (env: Record<string, string>) => Promise<unknown>]> = [
  ['LOKI_URL', (env) => createLogsBackend({ env })],
  ['ELASTICSEARCH_URL', (env) => createLogsBackend({ env })],
  ['PROMETHEUS_URL', (env) => createMetricsBackend({ env })],
  ['TEMPO_URL', async (env) => createTracesBackend({ env })],
  ['JAEGER_URL', async (env) => createTracesBackend({ env })],
];

describe('live backend URL settings', () => {
  it.each(FACTORIES)('%s that is not http(s) is a config error naming it', async (setting, create) => {
    await expect(create({ [setting]: 'ftp://example.test' })).rejects.toMatchObject({
      code: 'config',
      message: `${setting} is not an http(s) URL`,
    });
  });
});
