// Chooses the traces backend from configuration: TEMPO_URL, then JAEGER_URL, then <dataDir>/traces.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PilotError } from '../../core/errors.js';
import { checkHttpUrl } from '../live-config.js';
import type { SourceOptions } from '../types.js';
import type { TracesBackend } from './backend.js';
import { createFileTracesBackend } from './backends/file.js';
import { createJaegerBackend } from './backends/jaeger.js';
import { createTempoBackend } from './backends/tempo.js';
import type { HttpSettings } from '../../core/http.js';

export function hasTraceFiles(dataDir: string | undefined): boolean {
  return !!dataDir && existsSync(join(dataDir, 'traces'));
}

export function createTracesBackend(opts: SourceOptions, http: HttpSettings = {}): TracesBackend {
  const env = opts.env;
  if (env.TEMPO_URL) {
    return createTempoBackend({
      url: checkHttpUrl(env.TEMPO_URL, 'TEMPO_URL'),
      user: env.TEMPO_AUTH_USER,
      password: env.TEMPO_AUTH_PASSWORD,
      tenant: env.TEMPO_TENANT,
      ...http,
    });
  }
  if (env.JAEGER_URL) return createJaegerBackend({ url: checkHttpUrl(env.JAEGER_URL, 'JAEGER_URL'), ...http });
  if (hasTraceFiles(opts.dataDir)) return createFileTracesBackend(opts.dataDir as string);
  throw new PilotError(
    'config',
    'no traces source: no traces/ folder in the data directory and neither TEMPO_URL nor JAEGER_URL is set',
    {
      hint: 'pass --data DIR with DIR/traces/*.json (OTLP/JSON), or set TEMPO_URL or JAEGER_URL',
    },
  );
}
