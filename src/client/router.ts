// One router: every tool name maps to exactly one server; calls are recorded (client/recorder.ts) for the report and
// progress.
import type { CallToolResult } from '@modelcontextprotocol/client';
import { PilotError } from '../core/errors.js';
import type { ToolCaller, ToolCallRecord, ToolInfo, ToolResult } from '../core/tool-caller.js';
import type { ConnectedServer } from './connect.js';
import { ToolCallRecorder, type ToolCallEvent } from './recorder.js';

/** What the router announces for each call (the recorder's events). */
export type RouterEvent = ToolCallEvent;

export class ToolRouter implements ToolCaller {
  private readonly owners = new Map<string, ConnectedServer>();
  private readonly infos: ToolInfo[] = [];
  private readonly recorder = new ToolCallRecorder();

  constructor(
    readonly servers: ConnectedServer[],
    private readonly callTimeoutMs = 60_000,
  ) {
    for (const server of servers) {
      for (const tool of server.tools) {
        const owner = this.owners.get(tool.name);
        if (owner) {
          throw new PilotError(
            'config',
            `tool "${tool.name}" is offered by both "${owner.name}" and "${server.name}"`,
            {
              hint: 'remove one of the servers from the configuration, or rename the tool on your server',
            },
          );
        }
        this.owners.set(tool.name, server);
        this.infos.push({
          server: server.name,
          name: tool.name,
          description: tool.description ?? '',
          inputSchema: tool.inputSchema as Record<string, unknown>,
        });
      }
    }
  }

  /** Every call so far, in order: the report's toolCalls. */
  get calls(): readonly ToolCallRecord[] {
    return this.recorder.calls;
  }

  onEvent(listener: (e: RouterEvent) => void): void {
    this.recorder.onEvent(listener);
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
    if (!owner)
      return this.recorder.unknown(
        name,
        args,
        `unknown tool "${name}"; available: ${this.infos.map((t) => t.name).join(', ')}`,
      );
    return this.recorder.record(
      owner.name,
      name,
      args,
      async () =>
        (await owner.client.callTool({ name, arguments: args }, { timeout: this.callTimeoutMs })) as CallToolResult,
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.close()));
  }
}
