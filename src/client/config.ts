// External MCP servers from a config file in Claude Desktop's `mcpServers` shape (YAML or JSON).
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
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

/** Reads the config file; every problem names the file and the key. */
export function loadServerConfig(path: string): ServerTarget[] {
  let raw: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
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
    if ('command' in entry) targets.push({ name, kind: 'stdio', command: entry.command, args: entry.args, env: entry.env, cwd: entry.cwd });
    else targets.push({ name, kind: 'http', url: entry.url, headers: entry.headers });
  }
  return targets;
}
