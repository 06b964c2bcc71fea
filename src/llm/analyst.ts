// The LLM analyst: starts from the engine's findings, lets a model verify them through the tools, checks its claims,
// writes the report.
import type { ToolCaller } from '../core/tool-caller.js';
import type { InvestigateResult } from '../engine/investigate.js';
import type { Report, ToolCallRecord } from '../report/schema.js';
import { readAnswer } from './answer.js';
import { PROVIDERS, type ProviderConfig } from './config.js';
import { llmTarget, toPilotError } from './errors.js';
import { groundAnswer } from './grounding.js';
import { DEFAULT_LIMITS, runLoop, type LoopLimits } from './loop.js';
import { fallbackReport, mergeReport } from './merge.js';
import { extractJsonObject } from './parse.js';
import { createProvider } from './provider.js';
import { buildSystemPrompt, buildUserPrompt } from './prompts/system.js';
import { isLoopbackUrl } from './redact.js';
import { Transcript } from './transcript.js';
import { createWireFetch, type FetchFn } from './wire.js';

export interface LlmAnalystArgs {
  incident: string;
  /** The MCP router (or any ToolCaller); its `calls` list, when it has one, is the report's toolCalls. */
  caller: ToolCaller & { calls?: readonly ToolCallRecord[] };
  engine: InvestigateResult;
  /** The provider, resolved once by src/investigation/plan.ts (auto included). */
  config: ProviderConfig;
  /** Redact what goes to a non-loopback model (true unless --no-redact). */
  redact: boolean;
  transcriptPath?: string;
  onProgress: (line: string) => void;
  limits?: Partial<LoopLimits>;
  /** Print [Tool #n] lines for the model's calls (default true; off when the router's events are printed already). */
  toolLines?: boolean;
  /** Stream model responses (default false). */
  stream?: boolean;
  /** Injected network for tests. */
  fetch?: FetchFn;
}

function describeRedactions(counts: Record<string, number>): string | null {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (!entries.length) return null;
  return `redacted before sending to the model: ${entries.map(([k, n]) => `${n} ${k}`).join(', ')}`;
}

/** The report of a model-led investigation. */
export async function runLlmAnalyst(args: LlmAnalystArgs): Promise<Report> {
  const { config } = args;
  const label = `${config.kind}/${config.model}`;
  const redact = args.redact && !isLoopbackUrl(config.baseURL);
  const transcript = args.transcriptPath ? new Transcript(args.transcriptPath) : undefined;
  const redactions: Record<string, number> = {};
  const fetch = createWireFetch({
    label,
    urlSetting: PROVIDERS[config.kind].urlSetting,
    redact,
    transcript,
    redactions,
    baseFetch: args.fetch,
  });
  const provider = createProvider(config, fetch);
  const engine = args.engine.report;
  const calls = (): readonly ToolCallRecord[] => args.caller.calls ?? [];
  const limits: LoopLimits = { ...DEFAULT_LIMITS, ...args.limits };
  args.onProgress(
    `Model: ${label} at ${new URL(config.baseURL).origin} (redaction ${redact ? 'on' : 'off'}; at most ${limits.maxSteps} steps)`,
  );

  let outcome: Awaited<ReturnType<typeof runLoop>>;
  try {
    outcome = await runLoop({
      model: provider.languageModel,
      system: buildSystemPrompt(args.incident, args.caller.tools(), engine),
      prompt: buildUserPrompt(args.incident),
      caller: args.caller,
      limits,
      structuredOutput: provider.structuredOutput,
      stream: args.stream ?? false,
      onProgress: args.onProgress,
      toolLines: args.toolLines ?? true,
      isAnswer: (text) => {
        const raw = extractJsonObject(text);
        return !!raw && readAnswer(raw, engine.rootCause.category) !== null;
      },
    });
  } catch (err) {
    throw toPilotError(err, llmTarget(config));
  } finally {
    await transcript?.flush();
  }

  const warnings: string[] = [];
  if (outcome.stoppedBy !== 'answer')
    warnings.push(
      `the model was stopped by the ${outcome.stoppedBy === 'steps' ? `step limit (${limits.maxSteps})` : outcome.stoppedBy === 'time' ? `time limit (${Math.round(limits.wallTimeMs / 1000)} s)` : `token limit (${limits.maxTokens})`} and asked for its answer`,
    );
  const redacted = describeRedactions(redactions);
  if (redacted) warnings.push(redacted);

  const raw = extractJsonObject(outcome.text);
  const answer = raw ? readAnswer(raw, engine.rootCause.category) : null;
  if (!answer) return fallbackReport(engine, outcome.text, label, calls(), warnings);
  const grounded = await groundAnswer({
    answer,
    calls: calls(),
    results: outcome.results,
    caller: args.caller,
    window: engine.window,
  });
  return mergeReport(engine, grounded.answer, label, calls(), [...warnings, ...grounded.warnings]);
}
