// The default investigation runner: the correlation engine, calling tools through the supervised servers.
import type { CallToolResult } from '@modelcontextprotocol/client';
import { summarizeResult } from '../client/router.js';
import { PilotError } from '../core/errors.js';
import type { ToolCaller, ToolInfo, ToolResult } from '../core/tool-caller.js';
import { investigate } from '../engine/investigate.js';
import type { ToolCallRecord } from '../report/schema.js';
import type { InvestigationRunner, RunContext } from './investigations.js';
import type { ToolBackend } from './supervisor.js';

function textOf(result: CallToolResult): string {
  return (result.content ?? []).map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
}

/** A ToolCaller over the supervisor that records calls for the report and reports them as events. */
export class SupervisedCaller implements ToolCaller {
  readonly calls: ToolCallRecord[] = [];

  constructor(private readonly backend: ToolBackend, private readonly ctx: RunContext, private readonly onCall?: (server: string, tool: string, args: Record<string, unknown>, result: CallToolResult, ms: number) => void) {}

  tools(): ToolInfo[] {
    return this.backend.tools().map((t) => ({ server: t.server, name: t.tool.name, description: t.tool.description ?? '', inputSchema: t.tool.inputSchema as Record<string, unknown> }));
  }

  has(name: string): boolean {
    return this.backend.tools().some((t) => t.tool.name === name);
  }

  async call(name: string, args: Record<string, unknown>): Promise<ToolResult> {
    const index = this.calls.length;
    const owner = this.backend.tools().find((t) => t.tool.name === name);
    if (!owner) {
      const text = `unknown tool "${name}"`;
      this.calls.push({ server: 'none', tool: name, arguments: args, ok: false, durationMs: 0, summary: text });
      return { server: 'none', tool: name, ok: false, text, durationMs: 0, index };
    }
    const record: ToolCallRecord = { server: owner.server, tool: name, arguments: args, ok: false, durationMs: 0 };
    this.calls.push(record);
    this.ctx.emit('tool_call', { index, server: owner.server, tool: name, arguments: args });
    const started = performance.now();
    const res = await this.backend.call(owner.server, name, args, { signal: this.ctx.signal });
    const durationMs = Math.round(performance.now() - started);
    const text = textOf(res);
    this.onCall?.(owner.server, name, args, res, durationMs);
    record.ok = !res.isError;
    record.durationMs = durationMs;
    record.summary = summarizeResult(text);
    this.ctx.emit('tool_result', { index, server: owner.server, tool: name, ok: record.ok, durationMs, summary: record.summary });
    return { server: owner.server, tool: name, ok: record.ok, structured: res.structuredContent, text, durationMs, index };
  }
}

/** Analysts a request may ask for: the engine alone, or a model that starts from the engine's findings. */
export const ANALYSTS = ['engine', 'none', 'auto', 'ollama', 'openai', 'anthropic'] as const;

export interface RunnerOptions {
  /** Environment for the LLM providers (read once at start-up, with the .env of the working directory). */
  llmEnv?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}

export function createEngineRunner(backend: ToolBackend, onCall?: ConstructorParameters<typeof SupervisedCaller>[2], opts: RunnerOptions = {}): InvestigationRunner {
  return async (input, ctx) => {
    if (!(ANALYSTS as readonly string[]).includes(input.llm)) {
      throw new PilotError('usage', `llm "${input.llm}" is unknown; use one of ${ANALYSTS.join(', ')}`);
    }
    const caller = new SupervisedCaller(backend, ctx, onCall);
    const started = performance.now();
    const onStep = (message: string) => ctx.emit('step', { message });
    const engine = await investigate(input.incident, caller, { since: input.since, until: input.until, onStep, alert: input.alert });
    let report = engine.report;
    if (input.llm !== 'engine' && input.llm !== 'none') {
      // Loaded on demand: the AI SDK is not small, and most investigations use the engine alone.
      // A model that fails leaves the engine's report with a warning: the run ends done, not failed.
      const { runLlmWithFallback } = await import('../llm/fallback.js');
      const llm = await runLlmWithFallback({
        incident: input.incident,
        caller,
        engine,
        provider: input.llm as 'auto' | 'ollama' | 'openai' | 'anthropic',
        redact: true,
        env: opts.llmEnv ?? {},
        cwd: opts.cwd ?? '.',
        onProgress: onStep,
        toolLines: false,
      });
      report = llm.report;
    }
    return { ...report, toolCalls: caller.calls.map((c) => ({ ...c })), durationMs: Math.round(performance.now() - started) };
  };
}
