// One of our servers started inside this process and reached over a linked in-memory MCP pair: the same MCP
// requests and answers as over stdio, without a Node process to start for each server.
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import type { Tool, jsonSchemaValidator } from '@modelcontextprotocol/client';
import { createMcpServer, PACKAGE_VERSION } from '../mcp/server.js';
import { findServer } from '../servers/registry.js';
import type { SourceOptions } from '../servers/types.js';
import { PilotError } from '../core/errors.js';
import type { ConnectedServer } from './connect.js';

/**
 * The server has just checked each result against its tool's own schema, in this process: the client checking it
 * again against the JSON Schema made from that schema would only compile a validator per tool (Ajv, ~60 ms a run).
 */
const CHECKED_BY_THE_SERVER: jsonSchemaValidator = {
  getValidator: () => (input) => ({ valid: true, data: input as never, errorMessage: undefined }),
};

/** One of our servers, created in process and connected through an in-memory MCP transport pair. */
export async function connectInProcess(name: string, source: SourceOptions): Promise<ConnectedServer> {
  let instance;
  try {
    instance = await findServer(name).create(source);
  } catch (err) {
    throw new PilotError('backend_unavailable', `MCP server "${name}" did not start: ${(err as Error).message}`);
  }
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = createMcpServer({ name, tools: instance.tools, context: { caller: 'in-process' } });
  const client = new Client(
    { name: 'incident-pilot', version: PACKAGE_VERSION },
    { capabilities: {}, jsonSchemaValidator: CHECKED_BY_THE_SERVER },
  );
  const close = async () => {
    await client.close().catch(() => {});
    await server.close().catch(() => {});
    await instance.close().catch(() => {});
  };
  try {
    await server.connect(serverSide);
    await client.connect(clientSide);
    const tools: Tool[] = (await client.listTools()).tools;
    return { name, client, tools, close };
  } catch (err) {
    // A session that did not open still holds the backend (a bundle's clone, open files): release it.
    await close();
    throw new PilotError('backend_unavailable', `MCP server "${name}" did not start: ${(err as Error).message}`);
  }
}
