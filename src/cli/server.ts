// `incident-pilot server <name>`: one MCP server over stdio, usable alone from any MCP client.
import type { Command } from 'commander';
import { createPeerCaller } from '../client/peers.js';
import { serveToolsOverStdio } from '../mcp/server.js';
import { findServer } from '../servers/registry.js';
import { addSourceFlags, toSourceOptions, type SourceFlags } from './options.js';

export function registerServerCommand(program: Command): void {
  addSourceFlags(
    program
      .command('server')
      .argument('<name>', 'logs | git | metrics (alias datadog) | traces | k8s')
      .description('run one MCP server over stdio'),
  ).action(async (name: string, flags: SourceFlags) => {
    const spec = findServer(name);
    const source = toSourceOptions(flags, process.env);
    const instance = await spec.create(source);
    const peers = createPeerCaller(spec.name, source);
    const handle = serveToolsOverStdio({ name: spec.name, tools: instance.tools, context: { caller: 'stdio', callTool: peers.callTool } });
    const shutdown = async () => {
      await handle.close().catch(() => {});
      await peers.close().catch(() => {});
      await instance.close().catch(() => {});
      process.exit(0);
    };
    process.stdin.on('end', shutdown);
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
  });
}
