// One router: every tool name maps to exactly one server; calls are recorded for the report and shown as progress.
import type { CallToolResult } from '@modelcontextprotocol/client';
import { PilotError } from '../core/errors.js';
import type { ToolCaller, ToolCallRecord, ToolInfo, ToolResult } from '../core/tool-caller.js';
import type { ConnectedServer } from './connect.js';

export type RouterEvent =
  | { type: 'call'; index: number; server: string; tool: string; arguments: Record<string, unknown> }
  | { type: 'result'; index: number; server: string; tool: string; ok: boolean; durationMs: number; summary: string };

/** First line of a tool's text, short: the one-line result shown in progress and the report. */
export function summarizeResult(text: string, max = 140): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function textOf(result: CallToolResult): string {
  return (result.content ?? [])
    .map((c) => (c.type === 'text' ? c.text : `[${c.type}]`))
    .join('\n');
}

export class ToolRouter implements ToolCaller {
  private readonly owners = new Map<string, ConnectedServer>();
  private readonly infos: ToolInfo[] = [];
  readonly calls: ToolCallRecord[] = [];
  private readonly listeners: Array<(e: RouterEvent) => void> = [];

  constructor(readonly servers: ConnectedServer[], private readonly callTimeoutMs = 60_000) {
    for (const server of servers) {
      for (const tool of server.tools) {
        const owner = this.owners.get(tool.name);
        if (owner) {
          throw new PilotError('config', `tool "${tool.name}" is offered by both "${owner.name}" and "${server.name}"`, {
            hint: 'remove one of the servers from the configuration, or rename the tool on your server',
          });
        }
        this.owners.set(tool.name, server);
        this.infos.push({ server: server.name, name: tool.name, description: tool.description ?? '', inputSchema: tool.inputSchema as Record<string, unknown> });
      }
    }
  }

  onEvent(listener: (e: RouterEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(e: RouterEvent): void {
    for (const l of this.listeners) l(e);
  }

  tools(): ToolInfo[] {
    return this.infos;
  }

  has(name: string): boolean {
    return this.owners.has(name);
  }

  serverOf(name: string): string | undefined {
    return this.owners.get(name)?.name;
  }

  async call(name: string, args: Record<string, unknown>): Promise<ToolResult> {
    const owner = this.owners.get(name);
    const index = this.calls.length;
    if (!owner) {
      const text = `unknown tool "${name}"; available: ${this.infos.map((t) => t.name).join(', ')}`;
      this.calls.push({ server: 'none', tool: name, arguments: args, ok: false, durationMs: 0, summary: text });
      return { server: 'none', tool: name, ok: false, text, durationMs: 0, index };
    }
    const record: ToolCallRecord = { server: owner.name, tool: name, arguments: args, ok: false, durationMs: 0 };
    this.calls.push(record);
    this.emit({ type: 'call', index, server: owner.name, tool: name, arguments: args });
    const started = performance.now();
    let result: ToolResult;
    try {
      const res = (await owner.client.callTool({ name, arguments: args }, { timeout: this.callTimeoutMs })) as CallToolResult;
      const text = textOf(res);
      result = { server: owner.name, tool: name, ok: !res.isError, structured: res.structuredContent, text, durationMs: 0, index };
    } catch (err) {
      result = { server: owner.name, tool: name, ok: false, text: `${name} failed: ${(err as Error).message}`, durationMs: 0, index };
    }
    result.durationMs = Math.round(performance.now() - started);
    record.ok = result.ok;
    record.durationMs = result.durationMs;
    record.summary = summarizeResult(result.text);
    this.emit({ type: 'result', index, server: owner.name, tool: name, ok: result.ok, durationMs: result.durationMs, summary: record.summary });
    return result;
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.close()));
  }
}
