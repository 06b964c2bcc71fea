// External MCP servers from a config file in Claude Desktop's `mcpServers` shape (YAML or JSON).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PilotError } from '../core/errors.js';
import type { ServerTarget } from './connect.js';

const stdioEntry = z.strictObject({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).optional(),
  cwd: z.string().optional(),
  disabled: z.boolean().optional(),
});
const httpEntry = z.strictObject({
  url: z.url(),
  headers: z.record(z.string(), z.string()).optional(),
  type: z.enum(['http', 'streamable-http', 'streamableHttp']).optional(),
  disabled: z.boolean().optional(),
});
const configSchema = z.object({ mcpServers: z.record(z.string(), z.union([stdioEntry, httpEntry])).default({}) });

/** yaml's parse, loaded on demand. Bundled, a CommonJS module imported on demand has only its default export. */
async function loadYamlParser(): Promise<(text: string) => unknown> {
  const yaml = await import('yaml');
  return yaml.parse ?? (yaml as unknown as { default: typeof yaml }).default.parse;
}

/** Reads the config file; every problem names the file and the key. The YAML parser loads only for YAML. */
export async function loadServerConfig(path: string): Promise<ServerTarget[]> {
  let raw: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    raw = path.endsWith('.json') ? JSON.parse(text) : (await loadYamlParser())(text);
  } catch (err) {
    throw new PilotError('usage', `--config ${path}: cannot read: ${(err as Error).message}`);
  }
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PilotError('usage', `--config ${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`, {
      hint: 'expected {"mcpServers": {"name": {"command": "...", "args": []}} or {"name": {"url": "https://..."}}}',
    });
  }
  const targets: ServerTarget[] = [];
  for (const [name, entry] of Object.entries(parsed.data.mcpServers)) {
    if (entry.disabled) continue;
    if ('command' in entry)
      targets.push({ name, kind: 'stdio', command: entry.command, args: entry.args, env: entry.env, cwd: entry.cwd });
    else targets.push({ name, kind: 'http', url: entry.url, headers: entry.headers });
  }
  return targets;
}

/** One of our own servers, as a config entry starts it: `server <name>` and the flags after it. */
export interface OurServerEntry {
  /** The entry's key in mcpServers. */
  entry: string;
  /** Our server's canonical name (aliases resolved). */
  server: string;
  flags: string[];
  env?: Record<string, string>;
  cwd?: string;
}

const NODE_NAMES = new Set(['node', 'node.exe', 'nodejs']);
const OUR_BINS = new Set(['incident-pilot', 'incident-pilot.cmd', 'incident-pilot.js']);
/** npx/npm exec options that take a value, so the value is not mistaken for the package. */
const NPX_VALUE_OPTIONS = new Set([
  '-p',
  '--package',
  '--prefix',
  '--cache',
  '--registry',
  '--userconfig',
  '-c',
  '--call',
  '-w',
  '--workspace',
]);

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

/**
 * The arguments after the launcher when an entry runs our CLI (from a checkout, an install, a tarball or npx), else
 * null.
 */
function argsAfterOurLauncher(command: string, args: string[]): string[] | null {
  const cmd = baseName(command).toLowerCase();
  if (OUR_BINS.has(cmd)) return args;
  if (NODE_NAMES.has(cmd) || command === process.execPath) {
    const script = args.findIndex((a) => !a.startsWith('-'));
    if (script < 0) return null;
    const s = args[script].replace(/\\/g, '/');
    return OUR_BINS.has(baseName(s)) || s.endsWith('/dist/cli/main.js') ? args.slice(script + 1) : null;
  }
  if (cmd === 'npx' || cmd === 'npx.cmd') {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (NPX_VALUE_OPTIONS.has(a)) i++;
      else if (!a.startsWith('-')) return /^incident-pilot(@|$)/.test(a) ? args.slice(i + 1) : null;
    }
  }
  return null;
}

/** Whether a config entry is one of our servers, so analyze starts it once instead of twice. */
export function recognizeOurServer(
  target: ServerTarget,
  knownServers: ReadonlyArray<{ name: string; aliases: string[] }>,
): OurServerEntry | null {
  if (target.kind !== 'stdio') return null;
  const rest = argsAfterOurLauncher(target.command, target.args);
  if (!rest || rest[0] !== 'server' || !rest[1]) return null;
  const spec = knownServers.find((s) => s.name === rest[1] || s.aliases.includes(rest[1]));
  if (!spec) return null;
  return { entry: target.name, server: spec.name, flags: rest.slice(2), env: target.env, cwd: target.cwd };
}
