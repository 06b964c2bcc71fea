// Connects an MCP client to tools over a linked in-memory pair, as a real client sees them; optionally it answers
// elicitations.
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { createMcpServer } from '../../src/mcp/server.js';
import type { AnyTool, ToolContext } from '../../src/mcp/tool.js';

export interface ToolClient {
  client: Client;
  call(
    name: string,
    args: Record<string, unknown>,
  ): Promise<{ structured: Record<string, unknown>; text: string; isError: boolean }>;
  close(): Promise<void>;
}

export interface PairOptions {
  context?: Omit<ToolContext, 'signal' | 'confirm'>;
  /** When set, the client declares elicitation and answers every request with this. */
  elicit?: (message: string) => {
    action: 'accept' | 'decline' | 'cancel';
    content?: Record<string, string | number | boolean | string[]>;
  };
}

export async function connectTools(
  name: string,
  tools: AnyTool[],
  opts: PairOptions = {},
): Promise<ToolClient & { elicitations: string[] }> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = createMcpServer({ name, tools, context: opts.context });
  await server.connect(serverSide);
  const client = new Client(
    { name: 'test', version: '0.0.0' },
    { capabilities: opts.elicit ? { elicitation: { form: {} } } : {} },
  );
  const elicitations: string[] = [];
  if (opts.elicit) {
    const answer = opts.elicit;
    client.setRequestHandler('elicitation/create', async (req) => {
      const message = (req.params as { message: string }).message;
      elicitations.push(message);
      return answer(message);
    });
  }
  await client.connect(clientSide);
  return {
    client,
    elicitations,
    async call(tool, args) {
      const res = await client.callTool({ name: tool, arguments: args });
      const text = (res.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? '').join('\n');
      return {
        structured: (res.structuredContent ?? {}) as Record<string, unknown>,
        text,
        isError: res.isError === true,
      };
    },
    async close() {
      await client.close();
      await server.close();
    },
  };
}
