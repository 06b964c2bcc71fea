// The one table of MCP servers: drives the CLI (`server <name>`), the client's defaults, doctor and the docs.
import { resolve } from 'node:path';
import { PilotError } from '../core/errors.js';
import { gitServer } from './git/index.js';
import { k8sServer } from './k8s/index.js';
import { logsServer } from './logs/index.js';
import { metricsServer } from './metrics/index.js';
import { tracesServer } from './traces/index.js';
import type { ServerFlag, ServerSpec, SourceOptions } from './types.js';

export const SERVERS: readonly ServerSpec[] = [logsServer, gitServer, metricsServer, tracesServer, k8sServer];

export function findServer(name: string): ServerSpec {
  const spec = SERVERS.find((s) => s.name === name || s.aliases.includes(name));
  if (!spec) {
    throw new PilotError('usage', `unknown server "${name}"`, {
      hint: `choose one of: ${SERVERS.map((s) => s.name).join(', ')}`,
    });
  }
  return spec;
}

/** Every server's own flags, in table order: the CLI offers them all, each server reads its own. */
export const SERVER_FLAGS: readonly ServerFlag[] = SERVERS.flatMap((s) => s.flags ?? []);

/** The server flags' values (commander's parsed options) as SourceOptions.extra; paths made absolute. */
export function readServerFlags(
  values: Readonly<Record<string, unknown>>,
  declared: readonly ServerFlag[] = SERVER_FLAGS,
): Record<string, string | boolean> {
  const extra: Record<string, string | boolean> = {};
  for (const flag of declared) {
    const value = values[flag.key];
    if (typeof value === 'string') extra[flag.key] = flag.isPath ? resolve(value) : value;
    else if (typeof value === 'boolean') extra[flag.key] = value;
  }
  return extra;
}

/** Source options back as CLI arguments, for starting a server subprocess (`incident-pilot server <name> ...`). */
export function toServerArgs(opts: SourceOptions): string[] {
  const args: string[] = [];
  if (opts.dataDir) args.push('--data', opts.dataDir);
  if (opts.until) args.push('--until', opts.until);
  if (opts.allowWrites) args.push('--allow-writes');
  for (const flag of SERVER_FLAGS) {
    const value = opts.extra?.[flag.key];
    const name = flag.option.split(' ')[0];
    if (typeof value === 'string') args.push(name, value);
    else if (value === true) args.push(name);
  }
  return args;
}
