// The LLM investigator with the engine's report to fall back on: a model that cannot be reached, refuses the
// key or does not know the model costs the run its second opinion, never its report. Used by the CLI and the service.
import { describeError, isPilotError } from '../core/errors.js';
import type { Report } from '../report/schema.js';
import { runLlmAnalyst, type LlmAnalystArgs } from './analyst.js';
import { loadLlmEnv, resolveProvider } from './config.js';
import { redactText } from './redact.js';

export interface LlmOutcome {
  report: Report;
  /** Set when the model failed and the report is the engine's: which provider, and why (no secrets). */
  failure?: string;
}

/** "openai/gpt-4o" when the provider's configuration can be read, else just the provider's name. */
function providerLabel(args: LlmAnalystArgs): string {
  try {
    const config = resolveProvider(loadLlmEnv(args.cwd, args.env), args.provider, args.model);
    return config ? `${config.kind}/${config.model}` : args.provider;
  } catch {
    return args.provider;
  }
}

/** The warning a report carries when its model failed. Messages can echo what was sent: redacted all the same. */
export function describeLlmFailure(label: string, err: unknown): string {
  // The message, then its hint after a semicolon (describeError's parentheses would nest with the hint's own).
  const text = isPilotError(err) && err.hint ? `${err.message}; ${err.hint}` : describeError(err);
  const reason = redactText(text).text.replace(/\s+/g, ' ').trim();
  const said = reason.startsWith(`${label}:`) ? reason.slice(label.length + 1).trim() : reason;
  return `the LLM investigator (${label}) failed, so this is the engine's analysis: ${said}`;
}

/**
 * Runs the model over the engine's findings; on any failure of the provider returns the engine's report with a
 * warning saying which provider failed and why. With --llm auto and no provider configured, the engine's report.
 */
export async function runLlmWithFallback(args: LlmAnalystArgs): Promise<LlmOutcome> {
  const calls = () => (args.caller.calls ?? []).map((c) => ({ ...c }));
  try {
    const report = await runLlmAnalyst(args);
    return { report: report ?? { ...args.engine.report, toolCalls: calls() } };
  } catch (err) {
    const failure = describeLlmFailure(providerLabel(args), err);
    args.onProgress(`Warning: ${failure}`);
    const engine = args.engine.report;
    return { report: { ...engine, toolCalls: calls(), warnings: [...(engine.warnings ?? []), failure] }, failure };
  }
}
