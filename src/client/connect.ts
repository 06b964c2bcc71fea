// Connects one MCP server (a subprocess over stdio, or a URL over Streamable HTTP) and lists its tools.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import type { Tool } from '@modelcontextprotocol/client';
import { PilotError } from '../core/errors.js';
import { PACKAGE_VERSION } from '../mcp/server.js';

export type ServerTarget =
  | { name: string; kind: 'stdio'; command: string; args: string[]; env?: Record<string, string>; cwd?: string }
  | { name: string; kind: 'http'; url: string; headers?: Record<string, string> };

export interface ConnectedServer {
  name: string;
  client: Client;
  tools: Tool[];
  close(): Promise<void>;
}

/** Collected stderr of a stdio server: shown when it fails to start, otherwise kept quiet. */
function captureStderr(transport: StdioClientTransport): () => string {
  let text = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    if (text.length < 16_000) text += chunk.toString('utf8');
  });
  return () => text.trim();
}

export async function connectServer(
  target: ServerTarget,
  opts: { timeoutMs?: number; onStderr?: (line: string) => void } = {},
): Promise<ConnectedServer> {
  const client = new Client({ name: 'incident-pilot', version: PACKAGE_VERSION }, { capabilities: {} });
  let stderrText = () => '';
  let transport;
  if (target.kind === 'stdio') {
    const stdio = new StdioClientTransport({
      command: target.command,
      args: target.args,
      env: { ...getDefaultEnvironment(), ...target.env },
      cwd: target.cwd,
      stderr: 'pipe',
    });
    stderrText = captureStderr(stdio);
    if (opts.onStderr) stdio.stderr?.on('data', (c: Buffer) => opts.onStderr?.(c.toString('utf8')));
    transport = stdio;
  } else {
    transport = new StreamableHTTPClientTransport(new URL(target.url), {
      requestInit: { headers: target.headers ?? {} },
    });
  }
  try {
    await client.connect(transport, { timeout: opts.timeoutMs ?? 20_000 });
    const tools: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined);
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    return { name: target.name, client, tools, close: () => client.close().catch(() => {}) };
  } catch (err) {
    await client.close().catch(() => {});
    const detail = stderrText();
    throw new PilotError(
      'backend_unavailable',
      `MCP server "${target.name}" did not start: ${(err as Error).message}${detail ? `\n${detail}` : ''}`,
    );
  }
}
