// The analyst the CLI's `analyze --llm` runs: the engine's pre-analysis, then the model over the same router.
import type { ToolCaller } from '../core/tool-caller.js';
import { investigate, type InvestigateOptions, type InvestigateResult } from '../engine/investigate.js';
import type { ToolCallRecord } from '../report/schema.js';
import type { LlmAnalystArgs } from './analyst.js';
import { loadLlmEnv, resolveProvider, type Env, type ProviderKind } from './config.js';
import { runLlmWithFallback } from './fallback.js';

/** What the CLI's AnalyzeOptions carry for the LLM (structurally; the CLI's type is not imported here). */
export interface LlmCliOptions {
  model?: string;
  redact: boolean;
  transcriptFile?: string;
}

export interface LlmCliAnalyst {
  label: string;
  /** Throws a configuration error naming the missing setting, before any server starts. */
  check(options: LlmCliOptions): void;
  run(incident: string, tools: ToolCaller, opts: InvestigateOptions, options: LlmCliOptions): Promise<InvestigateResult>;
}

const NAMES: Record<ProviderKind, string> = { ollama: 'Ollama', openai: 'OpenAI-compatible model', anthropic: 'Anthropic' };

/**
 * An analyst for `hooks.llmAnalysts[kind]` of the CLI's runAnalysis. Tool progress comes from the router's
 * events (already printed by the CLI), so the model's own lines are only its notes and rejected calls.
 */
export function createLlmAnalyst(kind: ProviderKind, deps: { env: Env; cwd: string; limits?: LlmAnalystArgs['limits'] }): LlmCliAnalyst {
  let label = NAMES[kind];
  try {
    const config = resolveProvider(loadLlmEnv(deps.cwd, deps.env), kind);
    if (config) label = `${NAMES[kind]} (${config.model})`;
  } catch {
    // Configuration problems are reported by check(), with the model flag known, before any server starts.
  }
  return {
    label,
    check(options) {
      resolveProvider(loadLlmEnv(deps.cwd, deps.env), kind, options.model);
    },
    async run(incident, tools, opts, options) {
      const note = opts.onStep ?? (() => {});
      note('Pre-analysis by the engine');
      const engine = await investigate(incident, tools, opts);
      note('The model verifies it with the tools');
      // A model that fails (unreachable, 401, unknown model) leaves the engine's report, with a warning: exit 0.
      const { report } = await runLlmWithFallback({
        incident,
        caller: tools as ToolCaller & { calls?: ToolCallRecord[] },
        engine,
        provider: kind,
        model: options.model,
        redact: options.redact,
        transcriptPath: options.transcriptFile,
        env: deps.env,
        cwd: deps.cwd,
        onProgress: note,
        toolLines: false,
        limits: deps.limits,
      });
      return { report, explanations: engine.explanations };
    },
  };
}
