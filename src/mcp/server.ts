// The only code that touches the MCP server SDK: builds an McpServer from tool definitions and serves it.
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { describeError, PilotError } from '../core/errors.js';
import { toPortableSchema } from './json-schema.js';
import { ToolError, type AnyTool, type ToolContext } from './tool.js';

export const PACKAGE_VERSION = '0.1.0';
/** The text rendering is for people and models; the structured result carries everything. */
const MAX_TEXT_CHARS = 24_000;

export interface ToolCallObserver {
  (event: { tool: string; ok: boolean; durationMs: number; caller?: string; error?: string }): void;
}

export interface CreateServerOptions {
  name: string;
  tools: AnyTool[];
  /** Context fields supplied by the host (caller identity). */
  context?: Omit<ToolContext, 'signal' | 'confirm'>;
  onToolCall?: ToolCallObserver;
  /** Per-call timeout; a call past it fails cleanly as a tool error. */
  toolTimeoutMs?: number;
}

function truncateText(text: string, max = MAX_TEXT_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n... (${text.length - max} more characters cut; narrow the query or use limit/cursor)`;
}

/** Runs one tool call with timing, timeout and error mapping; shared by every transport. */
async function runTool(
  tool: AnyTool,
  args: unknown,
  ctx: ToolContext,
  opts: Pick<CreateServerOptions, 'onToolCall' | 'toolTimeoutMs'> = {},
): Promise<CallToolResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const work = tool.run(args, ctx);
    const result = opts.toolTimeoutMs
      ? await Promise.race([
          work,
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () =>
                reject(
                  new ToolError(
                    `${tool.name} timed out after ${opts.toolTimeoutMs} ms; narrow the window or the filters`,
                  ),
                ),
              opts.toolTimeoutMs,
            );
          }),
        ])
      : await work;
    opts.onToolCall?.({ tool: tool.name, ok: true, durationMs: performance.now() - started, caller: ctx.caller });
    return {
      content: [{ type: 'text', text: truncateText(tool.render(result)) }],
      structuredContent: result as Record<string, unknown>,
    };
  } catch (err) {
    const message =
      err instanceof ToolError || err instanceof PilotError
        ? describeError(err)
        : `${tool.name} failed: ${describeError(err)}`;
    opts.onToolCall?.({
      tool: tool.name,
      ok: false,
      durationMs: performance.now() - started,
      caller: ctx.caller,
      error: message,
    });
    return { content: [{ type: 'text', text: message }], isError: true };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** Builds a fresh McpServer with every tool registered through the one wrapper. */
export function createMcpServer(opts: CreateServerOptions): McpServer {
  const server = new McpServer(
    { name: `incident-pilot-${opts.name}`, version: PACKAGE_VERSION },
    { capabilities: { tools: {} } },
  );
  for (const tool of opts.tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        // Portable JSON Schema (draft-07 and 2020-12 alike), so SDK-1.x clients can validate results too.
        inputSchema: toPortableSchema(tool.input),
        outputSchema: toPortableSchema(tool.output),
        annotations: { readOnlyHint: true, openWorldHint: false, ...tool.annotations, title: tool.title },
      },
      async (args: unknown, sdkCtx) => {
        const ctx: ToolContext = {
          ...opts.context,
          signal: sdkCtx.mcpReq.signal,
          confirm: async (message: string) => {
            try {
              const res = await sdkCtx.mcpReq.elicitInput({
                message,
                requestedSchema: {
                  type: 'object',
                  properties: { confirm: { type: 'boolean', title: 'Proceed?' } },
                  required: ['confirm'],
                },
              } as never);
              if (res.action !== 'accept') return false;
              return (res.content as { confirm?: boolean } | undefined)?.confirm === true;
            } catch {
              return undefined; // the client cannot elicit: the tool falls back to confirm: true
            }
          },
        };
        return runTool(tool, args, ctx, opts);
      },
    );
  }
  return server;
}

/** Serves the tools over stdio until the client closes stdin. Logs go to stderr only. */
export function serveToolsOverStdio(opts: CreateServerOptions): { close(): Promise<void> } {
  return serveStdio(() => createMcpServer(opts));
}
