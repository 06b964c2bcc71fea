// Starts our MCP servers (each its own subprocess) plus any external ones, and builds the one router.
import { fileURLToPath } from 'node:url';
import { findServer, SERVERS } from '../servers/registry.js';
import type { SourceOptions } from '../servers/types.js';
import { toServerArgs } from '../cli/options.js';
import { connectServer, type ConnectedServer, type ServerTarget } from './connect.js';
import { ToolRouter } from './router.js';

/** The package's launcher, the same from src/ (tests) and dist/. */
export const CLI_BIN = fileURLToPath(new URL('../../bin/incident-pilot.js', import.meta.url));

export function ourServerTarget(name: string, source: SourceOptions, extraEnv: Record<string, string> = {}): ServerTarget {
  return {
    name,
    kind: 'stdio',
    command: process.execPath,
    args: [CLI_BIN, 'server', name, ...toServerArgs(source)],
    // Backends read their settings from the environment slice they are given; pass it through.
    env: { ...Object.fromEntries(Object.entries(source.env).filter((e): e is [string, string] => typeof e[1] === 'string')), ...extraEnv },
  };
}

/** Our servers worth starting for this configuration: the ones whose data or backend is configured. */
export function configuredServers(source: SourceOptions, only?: string[]): string[] {
  if (only?.length) return only.map((n) => findServer(n).name);
  return SERVERS.filter((s) => s.isConfigured(source)).map((s) => s.name);
}

export interface StartOptions {
  source: SourceOptions;
  servers?: string[];
  external?: ServerTarget[];
  onStarting?: (names: string[]) => void;
  callTimeoutMs?: number;
}

export async function startServers(opts: StartOptions): Promise<ToolRouter> {
  const targets = [...configuredServers(opts.source, opts.servers).map((n) => ourServerTarget(n, opts.source)), ...(opts.external ?? [])];
  opts.onStarting?.(targets.map((t) => t.name));
  const settled = await Promise.allSettled(targets.map((t) => connectServer(t)));
  const connected = settled.filter((s): s is PromiseFulfilledResult<ConnectedServer> => s.status === 'fulfilled').map((s) => s.value);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(connected.map((c) => c.close()));
    throw failed.reason;
  }
  try {
    return new ToolRouter(connected, opts.callTimeoutMs);
  } catch (err) {
    await Promise.all(connected.map((c) => c.close()));
    throw err;
  }
}
