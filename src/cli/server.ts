// `incident-pilot server <name>`: one MCP server over stdio, usable alone from any MCP client.
import type { Command } from 'commander';
import { serveToolsOverStdio } from '../mcp/server.js';
import { findServer, SERVERS } from '../servers/registry.js';
import { addSourceFlags, toSourceOptions, type SourceFlags } from './options.js';

export function registerServerCommand(program: Command): void {
  addSourceFlags(
    program
      .command('server')
      .argument(
        '<name>',
        SERVERS.map((s) => (s.aliases.length ? `${s.name} (alias ${s.aliases.join(', ')})` : s.name)).join(' | '),
      )
      .description('run one MCP server over stdio'),
  ).action(async (name: string, flags: SourceFlags) => {
    const spec = findServer(name);
    let source = toSourceOptions(flags, process.env);
    // Like analyze: with no data and no backend configured, serve the bundled sample so a first try works.
    if (!flags.data && !spec.isConfigured(source)) {
      const sample = toSourceOptions(flags, process.env, true);
      if (spec.isConfigured(sample)) {
        source = sample;
        process.stderr.write(
          `incident-pilot server ${spec.name}: no data or backend configured; serving the bundled sample incident (${sample.dataDir})\n`,
        );
      }
    }
    const instance = await spec.create(source);
    const handle = serveToolsOverStdio({ name: spec.name, tools: instance.tools, context: { caller: 'stdio' } });
    const shutdown = async () => {
      await handle.close().catch(() => {});
      await instance.close().catch(() => {});
      process.exit(0);
    };
    process.stdin.on('end', shutdown);
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
  });
}
