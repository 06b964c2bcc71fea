// analyze --config (in process; the servers it names are real subprocesses): it adds external MCP servers; a tool
// name offered twice stops the start-up.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess as runCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/paths.js';

/** A tiny external MCP server over stdio, written with the official SDK. */
const PROBE_SERVER = `
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';
serveStdio(() => {
  const server = new McpServer({ name: 'probe', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.registerTool('probe_status', { description: 'says hello', inputSchema: z.object({}) }, async () => ({ content: [{ type: 'text', text: 'hello' }] }));
  return server;
});
process.stdin.on('end', () => process.exit(0));
`;

describe('analyze --config', () => {
  it('starts an external stdio server whose tools join the set', async () => {
    const dir = scratchDir('config-');
    writeFileSync(join(dir, 'probe.mjs'), PROBE_SERVER);
    const config = join(dir, 'servers.json');
    writeFileSync(
      config,
      JSON.stringify({ mcpServers: { probe: { command: process.execPath, args: [join(dir, 'probe.mjs')] } } }),
    );
    const run = await runCli(['analyze', 'x', '--servers', 'git', '--config', config, '--json']);
    expect(run.stderr).toContain('[1/6] Starting 2 MCP servers...');
    expect(run.stderr).toContain('  - Probe Server: 1 tool');
    expect(run.stderr).toContain('  - probe_status (Probe Server)');
    expect(run.code).toBe(0);
    JSON.parse(run.stdout);
  });

  it('reads YAML too', async () => {
    const dir = scratchDir('config-');
    writeFileSync(join(dir, 'probe.mjs'), PROBE_SERVER);
    const config = join(dir, 'servers.yaml');
    writeFileSync(
      config,
      `mcpServers:\n  probe:\n    command: ${JSON.stringify(process.execPath)}\n    args: [${JSON.stringify(join(dir, 'probe.mjs'))}]\n`,
    );
    const run = await runCli(['analyze', 'x', '--servers', 'git', '--config', config, '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('  - probe_status (Probe Server)');
  });

  it('refuses a tool name that two servers offer, at start-up, with exit 2', async () => {
    const dir = scratchDir('config-');
    const config = join(dir, 'servers.json');
    // Not one of ours (those are recognised and started once): another server that offers a tool of the git server.
    writeFileSync(join(dir, 'clash.mjs'), PROBE_SERVER.replace("'probe_status'", "'get_recent_commits'"));
    const again = { command: process.execPath, args: [join(dir, 'clash.mjs')] };
    writeFileSync(config, JSON.stringify({ mcpServers: { 'git-again': again } }));
    const run = await runCli(['analyze', 'x', '--servers', 'git', '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/tool "\w+" is offered by both "git" and "git-again"/);
    expect(run.stderr).not.toContain('[3/6]');
    expect(run.stdout).toBe('');
  });

  it('names the key of a malformed config', async () => {
    const dir = scratchDir('config-');
    const config = join(dir, 'servers.json');
    writeFileSync(config, JSON.stringify({ mcpServers: { bad: { args: [] } } }));
    const run = await runCli(['analyze', 'x', '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/servers\.json: mcpServers\.bad/);
  });
});
