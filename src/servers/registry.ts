// The one table of MCP servers: drives the CLI (`server <name>`), the client's defaults, doctor and the docs.
import { PilotError } from '../core/errors.js';
import { gitServer } from './git/index.js';
import { k8sServer } from './k8s/index.js';
import { logsServer } from './logs/index.js';
import { metricsServer } from './metrics/index.js';
import { tracesServer } from './traces/index.js';
import type { ServerSpec } from './types.js';

export const SERVERS: readonly ServerSpec[] = [logsServer, gitServer, metricsServer, tracesServer, k8sServer];

export function findServer(name: string): ServerSpec {
  const spec = SERVERS.find((s) => s.name === name || s.aliases.includes(name));
  if (!spec) {
    throw new PilotError('usage', `unknown server "${name}"`, { hint: `choose one of: ${SERVERS.map((s) => s.name).join(', ')}` });
  }
  return spec;
}
