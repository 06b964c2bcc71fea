// The one investigation pipeline, for the CLI and the service alike: the engine, then (when planned) the model over
// the engine's findings with the engine's report to fall back on; the report it returns is final.
import type { AlertContext } from '../core/alert.js';
import type { ToolCaller } from '../core/tool-caller.js';
import { investigate, type InvestigateResult } from '../engine/investigate.js';
import type { LoopLimits } from '../llm/loop.js';
import type { FetchFn } from '../llm/wire.js';
import { describeLlmFailure } from '../llm/failure.js';
import type { ToolCallRecord } from '../report/schema.js';
import type { AnalystPlan } from './plan.js';

/** A ToolCaller that lists its calls (client/recorder.ts): the report's toolCalls. */
export type RecordingCaller = ToolCaller & { readonly calls: readonly ToolCallRecord[] };

export interface InvestigationOptions {
  incident: string;
  plan: AnalystPlan;
  since?: string;
  until?: string;
  explain?: boolean;
  alert?: AlertContext;
  /** One line a step: the engine's stages, the model's notes and warnings. */
  onStep?: (message: string) => void;
  /** For a model: redact what goes to a non-loopback model (default true). */
  redact?: boolean;
  transcriptFile?: string;
  limits?: Partial<LoopLimits>;
  /** Injected network for tests. */
  fetch?: FetchFn;
}

export async function runInvestigation(
  caller: RecordingCaller,
  options: InvestigationOptions,
): Promise<InvestigateResult> {
  const started = performance.now();
  const note = options.onStep ?? (() => {});
  const { plan } = options;
  if (plan.kind === 'llm') note('Pre-analysis by the engine');
  const engine = await investigate(options.incident, caller, {
    since: options.since,
    until: options.until,
    explain: options.explain,
    alert: options.alert,
    onStep: options.onStep,
  });
  let report = engine.report;
  if (plan.kind === 'llm') {
    note('The model verifies it with the tools');
    // Loaded on demand: the AI SDK is not small, and most investigations use the engine alone.
    const { runLlmWithFallback } = await import('../llm/fallback.js');
    // A model that fails (unreachable, 401, unknown model) leaves the engine's report, with a warning.
    ({ report } = await runLlmWithFallback({
      incident: options.incident,
      caller,
      engine,
      config: plan.config,
      redact: options.redact ?? true,
      transcriptPath: options.transcriptFile,
      onProgress: note,
      // Tool progress comes from the recorder's events, so the model's own lines are its notes and rejected calls.
      toolLines: false,
      limits: options.limits,
      fetch: options.fetch,
    }));
  } else if (plan.failure) {
    const failure = describeLlmFailure(plan.failure.provider, plan.failure.error);
    note(`Warning: ${failure}`);
    report = { ...report, warnings: [...(report.warnings ?? []), failure] };
  }
  // The one place the report's calls and duration are set: every call of the run, engine's and model's.
  return {
    ...engine,
    report: {
      ...report,
      toolCalls: caller.calls.map((c) => ({ ...c })),
      durationMs: Math.round(performance.now() - started),
    },
  };
}
