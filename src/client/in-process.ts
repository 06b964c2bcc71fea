// Our servers started inside this process and reached over linked in-memory MCP pairs: real MCP, no subprocess.
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import type { Tool } from '@modelcontextprotocol/client';
import { createMcpServer, PACKAGE_VERSION } from '../mcp/server.js';
import { findServer } from '../servers/registry.js';
import type { SourceOptions } from '../servers/types.js';
import type { ConnectedServer } from './connect.js';
import { ToolRouter } from './router.js';
import { configuredServers } from './start.js';

/** One of our servers, created in process and connected through an in-memory MCP transport pair. */
async function connectInProcess(name: string, source: SourceOptions): Promise<ConnectedServer> {
  const instance = await findServer(name).create(source);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = createMcpServer({ name, tools: instance.tools, context: { caller: 'in-process' } });
  await server.connect(serverSide);
  const client = new Client({ name: 'incident-pilot', version: PACKAGE_VERSION }, { capabilities: {} });
  await client.connect(clientSide);
  const tools: Tool[] = (await client.listTools()).tools;
  return {
    name,
    client,
    tools,
    async close() {
      await client.close().catch(() => {});
      await server.close().catch(() => {});
      await instance.close().catch(() => {});
    },
  };
}

/** The router over every configured server of ours, all in this process (evaluations, benchmarks). */
export async function startInProcess(source: SourceOptions, only?: string[]): Promise<ToolRouter> {
  const settled = await Promise.allSettled(configuredServers(source, only).map((n) => connectInProcess(n, source)));
  const connected = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(connected.map((c) => c.close()));
    throw failed.reason;
  }
  return new ToolRouter(connected);
}
