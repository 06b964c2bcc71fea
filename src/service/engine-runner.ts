// The service's investigation runner: the one pipeline (src/investigation), calling tools through the supervised
// servers.
import type { CallToolResult } from '@modelcontextprotocol/client';
import { ToolCallRecorder, type ToolCallEvent } from '../client/recorder.js';
import { PilotError } from '../core/errors.js';
import type { ToolCaller, ToolInfo, ToolResult } from '../core/tool-caller.js';
import { ANALYST_CHOICES, planAnalystOrEngine } from '../investigation/plan.js';
import { runInvestigation } from '../investigation/run.js';
import type { ToolCallRecord } from '../report/schema.js';
import type { InvestigationRunner, RunContext } from './investigations.js';
import type { ToolBackend } from './supervisor.js';

/** A ToolCaller over the supervisor; calls are recorded for the report and announced as the run's events. */
export class SupervisedCaller implements ToolCaller {
  private readonly recorder = new ToolCallRecorder();

  constructor(
    private readonly backend: ToolBackend,
    private readonly ctx: RunContext,
    onCall?: (e: Extract<ToolCallEvent, { type: 'result' }>) => void,
  ) {
    this.recorder.onEvent((e) => {
      const { type, ...data } = e;
      ctx.emit(type === 'call' ? 'tool_call' : 'tool_result', data);
      if (e.type === 'result') onCall?.(e);
    });
  }

  get calls(): readonly ToolCallRecord[] {
    return this.recorder.calls;
  }

  tools(): ToolInfo[] {
    return this.backend.tools().map((t) => ({
      server: t.server,
      name: t.tool.name,
      description: t.tool.description ?? '',
      inputSchema: t.tool.inputSchema as Record<string, unknown>,
    }));
  }

  has(name: string): boolean {
    return this.backend.tools().some((t) => t.tool.name === name);
  }

  async call(name: string, args: Record<string, unknown>): Promise<ToolResult> {
    const owner = this.backend.tools().find((t) => t.tool.name === name);
    if (!owner) return this.recorder.unknown(name, args, `unknown tool "${name}"`);
    return this.recorder.record(owner.server, name, args, (): Promise<CallToolResult> =>
      this.backend.call(owner.server, name, args, { signal: this.ctx.signal }),
    );
  }
}

/** Analysts a request may ask for: the engine alone, or a model that starts from the engine's findings. */
export const ANALYSTS = ANALYST_CHOICES;

export interface RunnerOptions {
  /** Environment for the LLM providers (read once at start-up, with the .env of the working directory). */
  llmEnv?: Readonly<Record<string, string | undefined>>;
}

export function createEngineRunner(
  backend: ToolBackend,
  onCall?: ConstructorParameters<typeof SupervisedCaller>[2],
  opts: RunnerOptions = {},
): InvestigationRunner {
  return async (input, ctx) => {
    if (!(ANALYSTS as readonly string[]).includes(input.llm)) {
      throw new PilotError('usage', `llm "${input.llm}" is unknown; use one of ${ANALYSTS.join(', ')}`);
    }
    // A model that cannot be configured (or fails) leaves the engine's report with a warning: the run ends done, not
    // failed.
    const plan = planAnalystOrEngine(input.llm, opts.llmEnv ?? {});
    const caller = new SupervisedCaller(backend, ctx, onCall);
    const { report } = await runInvestigation(caller, {
      incident: input.incident,
      plan,
      since: input.since,
      until: input.until,
      alert: input.alert,
      onStep: (message) => ctx.emit('step', { message }),
    });
    return report;
  };
}
