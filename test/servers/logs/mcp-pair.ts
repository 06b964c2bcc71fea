// Connects an MCP client to the logs tools over a linked in-memory pair, as a real client would see them.
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { createMcpServer } from '../../../src/mcp/server.js';
import type { AnyTool } from '../../../src/mcp/tool.js';

export interface ToolClient {
  client: Client;
  call(name: string, args: Record<string, unknown>): Promise<{ structured: Record<string, unknown>; text: string; isError: boolean }>;
  close(): Promise<void>;
}

export async function connectTools(tools: AnyTool[]): Promise<ToolClient> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = createMcpServer({ name: 'logs', tools });
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '0.0.0' }, { capabilities: {} });
  await client.connect(clientSide);
  return {
    client,
    async call(tool, args) {
      const res = await client.callTool({ name: tool, arguments: args });
      const text = (res.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? '').join('\n');
      return { structured: (res.structuredContent ?? {}) as Record<string, unknown>, text, isError: res.isError === true };
    },
    async close() {
      await client.close();
      await server.close();
    },
  };
}
