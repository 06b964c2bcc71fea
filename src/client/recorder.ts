// The one tool-call recorder: every call an analyst makes, through the CLI's router or the service's supervisor,
// is listed for the report and announced as a call and a result event.
import type { CallToolResult } from '@modelcontextprotocol/client';
import type { ToolCallRecord, ToolResult } from '../core/tool-caller.js';

export type ToolCallEvent =
  | { type: 'call'; index: number; server: string; tool: string; arguments: Record<string, unknown> }
  | { type: 'result'; index: number; server: string; tool: string; ok: boolean; durationMs: number; summary: string };

/** First line of a tool's text, short: the one-line result shown in progress and the report. */
export function summarizeResult(text: string, max = 140): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A tool result's content as text; non-text parts are named, not dropped silently. */
export function textOf(result: CallToolResult): string {
  return (result.content ?? []).map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
}

export class ToolCallRecorder {
  readonly calls: ToolCallRecord[] = [];
  private readonly listeners: Array<(e: ToolCallEvent) => void> = [];

  onEvent(listener: (e: ToolCallEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(e: ToolCallEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** A call to a tool no server offers: listed as failed (the model reads why), no events. */
  unknown(name: string, args: Record<string, unknown>, text: string): ToolResult {
    const index = this.calls.length;
    this.calls.push({ server: 'none', tool: name, arguments: args, ok: false, durationMs: 0, summary: text });
    return { server: 'none', tool: name, ok: false, text, durationMs: 0, index };
  }

  /** Runs one call, timed; a call that throws is a failed result whose text says why, never an exception. */
  async record(
    server: string,
    name: string,
    args: Record<string, unknown>,
    invoke: () => Promise<CallToolResult>,
  ): Promise<ToolResult> {
    const index = this.calls.length;
    const record: ToolCallRecord = { server, tool: name, arguments: args, ok: false, durationMs: 0 };
    this.calls.push(record);
    this.emit({ type: 'call', index, server, tool: name, arguments: args });
    const started = performance.now();
    let result: ToolResult;
    try {
      const res = await invoke();
      result = {
        server,
        tool: name,
        ok: !res.isError,
        structured: res.structuredContent,
        text: textOf(res),
        durationMs: 0,
        index,
      };
    } catch (err) {
      result = {
        server,
        tool: name,
        ok: false,
        text: `${name} failed: ${(err as Error).message}`,
        durationMs: 0,
        index,
      };
    }
    result.durationMs = Math.round(performance.now() - started);
    record.ok = result.ok;
    record.durationMs = result.durationMs;
    record.summary = summarizeResult(result.text);
    this.emit({
      type: 'result',
      index,
      server,
      tool: name,
      ok: result.ok,
      durationMs: result.durationMs,
      summary: record.summary,
    });
    return result;
  }
}
