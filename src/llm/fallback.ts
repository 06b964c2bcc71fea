// The LLM investigator with the engine's report to fall back on: a model that cannot be reached, refuses the
// key or does not know the model costs the run its second opinion, never its report. Run by src/investigation.
import type { Report } from '../report/schema.js';
import { runLlmAnalyst, type LlmAnalystArgs } from './analyst.js';
import { describeLlmFailure } from './failure.js';

export { describeLlmFailure } from './failure.js';

export interface LlmOutcome {
  report: Report;
  /** Set when the model failed and the report is the engine's: which provider, and why (no secrets). */
  failure?: string;
}

/**
 * Runs the model over the engine's findings; on any failure of the provider, the engine's report with a warning saying
 * which provider failed and why.
 */
export async function runLlmWithFallback(args: LlmAnalystArgs): Promise<LlmOutcome> {
  try {
    return { report: await runLlmAnalyst(args) };
  } catch (err) {
    const failure = describeLlmFailure(`${args.config.kind}/${args.config.model}`, err);
    args.onProgress(`Warning: ${failure}`);
    const engine = args.engine.report;
    return { report: { ...engine, warnings: [...(engine.warnings ?? []), failure] }, failure };
  }
}
