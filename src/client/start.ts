// Starts our MCP servers plus any external ones, and builds the one router. Ours run in this process over linked
// MCP pairs by default (a Node process each costs more than the analysis of a typical incident); `isolate` gives
// each its own subprocess over stdio, as any other MCP client would start them.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findServer, SERVERS, toServerArgs } from '../servers/registry.js';
import type { SourceOptions } from '../servers/types.js';
import { recognizeOurServer, type OurServerEntry } from './config.js';
import type { ConnectedServer, ServerTarget } from './connect.js';
import { connectInProcess } from './in-process.js';
import { ToolRouter } from './router.js';

/** The package's launcher, the same from src/ (tests) and dist/. */
export const CLI_BIN = fileURLToPath(new URL('../../bin/incident-pilot.js', import.meta.url));

export function ourServerTarget(
  name: string,
  source: SourceOptions,
  extraEnv: Record<string, string> = {},
): Extract<ServerTarget, { kind: 'stdio' }> {
  return {
    name,
    kind: 'stdio',
    command: process.execPath,
    args: [CLI_BIN, 'server', name, ...toServerArgs(source)],
    // Backends read their settings from the environment slice they are given; pass it through.
    env: {
      ...Object.fromEntries(Object.entries(source.env).filter((e): e is [string, string] => typeof e[1] === 'string')),
      ...extraEnv,
    },
  };
}

/** Our servers worth starting for this configuration: the ones whose data or backend is configured. */
export function configuredServers(source: SourceOptions, only?: string[]): string[] {
  if (only?.length) return only.map((n) => findServer(n).name);
  return SERVERS.filter((s) => s.isConfigured(source)).map((s) => s.name);
}

/** A server about to start, and how it is reached. */
export interface StartingServer {
  name: string;
  via: 'in process' | 'subprocess' | 'http';
}

export interface StartOptions {
  source: SourceOptions;
  servers?: string[];
  external?: ServerTarget[];
  onStarting?: (servers: StartingServer[]) => void;
  /** What was decided about the configuration (our own servers found in --config), for the user. */
  onNote?: (message: string) => void;
  callTimeoutMs?: number;
  /** Each of our servers in its own subprocess over stdio (default: in this process). */
  isolate?: boolean;
}

/** Flag names set in a list of CLI arguments (`--data X`, `--data=X`, `--allow-writes`). */
function flagNames(args: string[]): Set<string> {
  return new Set(args.filter((a) => a.startsWith('--')).map((a) => a.split('=')[0]));
}

/** Our source flags as [flag, ...value] groups, to add the ones an entry leaves out. */
function flagGroups(args: string[]): string[][] {
  const groups: string[][] = [];
  for (const a of args) {
    if (a.startsWith('--')) groups.push([a]);
    else groups[groups.length - 1]?.push(a);
  }
  return groups;
}

function flagValue(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].slice(name.length + 1) : args[i + 1];
}

/**
 * A --config entry that is one of our servers, started once as that server: with our own launcher (the same
 * version, whatever the entry's command), the entry's flags and env, and this run's flags for those it leaves out.
 */
export function ourEntryTarget(own: OurServerEntry, source: SourceOptions, note: (m: string) => void): ServerTarget {
  const base = ourServerTarget(own.server, source, own.env);
  const ourFlags = toServerArgs(source);
  const set = flagNames(own.flags);
  const added = flagGroups(ourFlags)
    .filter((g) => !set.has(g[0]))
    .flat();
  note(
    `--config entry "${own.entry}" is incident-pilot's ${own.server} server: started once, as that server${own.flags.length ? ` (${own.flags.join(' ')})` : ''}`,
  );
  const entryData = flagValue(own.flags, '--data');
  if (entryData && source.dataDir && resolve(own.cwd ?? '.', entryData) !== resolve(source.dataDir)) {
    note(
      `--config entry "${own.entry}" reads --data ${entryData} while the other servers read ${source.dataDir}; ` +
        `to analyze one bundle, pass --data ${entryData} to analyze or remove "--data" from that entry`,
    );
  }
  return { ...base, args: [CLI_BIN, 'server', own.server, ...own.flags, ...added], cwd: own.cwd };
}

export async function startServers(opts: StartOptions): Promise<ToolRouter> {
  const note = opts.onNote ?? (() => {});
  // Our own servers in --config (Claude Desktop's file lists them too) stand for ours: each server starts once.
  const ours = new Map<string, OurServerEntry>();
  const external: ServerTarget[] = [];
  for (const t of opts.external ?? []) {
    const own = recognizeOurServer(t, SERVERS);
    if (!own) external.push(t);
    else if (ours.has(own.server))
      note(
        `--config entry "${own.entry}" is a second ${own.server} server (after "${ours.get(own.server)!.entry}"): skipped`,
      );
    else ours.set(own.server, own);
  }
  const names = [...new Set([...configuredServers(opts.source, opts.servers), ...ours.keys()])];
  // A --config entry of ours keeps its own flags, env and working directory: it runs as that entry says.
  const inProcess = opts.isolate ? [] : names.filter((n) => !ours.has(n));
  const targets = [
    ...names
      .filter((n) => !inProcess.includes(n))
      .map((n) => (ours.has(n) ? ourEntryTarget(ours.get(n)!, opts.source, note) : ourServerTarget(n, opts.source))),
    ...external,
  ];
  opts.onStarting?.([
    ...inProcess.map((name) => ({ name, via: 'in process' as const })),
    ...targets.map((t) => ({ name: t.name, via: t.kind === 'http' ? ('http' as const) : ('subprocess' as const) })),
  ]);
  // The stdio and HTTP transports load only when a server needs one.
  const connectServer = targets.length ? (await import('./connect.js')).connectServer : undefined;
  const settled = await Promise.allSettled([
    ...inProcess.map((n) => connectInProcess(n, opts.source)),
    ...targets.map((t) => connectServer!(t)),
  ]);
  const connected = settled
    .filter((s): s is PromiseFulfilledResult<ConnectedServer> => s.status === 'fulfilled')
    .map((s) => s.value);
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
