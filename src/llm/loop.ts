// The one bounded investigation loop: tool steps under step/time/token limits, then an answer step without tools.
import {
  generateText,
  NoObjectGeneratedError,
  Output,
  stepCountIs,
  streamText,
  type LanguageModel,
  type ModelMessage,
  type StepResult,
  type ToolSet,
} from 'ai';
import { isPilotError, PilotError } from '../core/errors.js';
import type { ToolCaller, ToolResult } from '../core/tool-caller.js';
import { answerSchema } from './answer.js';
import { buildFinalPrompt } from './prompts/final.js';
import { buildToolset } from './toolset.js';

export interface LoopLimits {
  /** Model requests in all, the answer step included (default 15). */
  maxSteps: number;
  /** Wall time for the tool steps; the answer step gets answerTimeMs more (defaults 120 s, 60 s). */
  wallTimeMs: number;
  answerTimeMs: number;
  /** Total tokens (input + output) over the tool steps, from the provider's usage (default 200k). */
  maxTokens: number;
  /** Characters of one tool result sent to the model (default 6000). */
  resultBudget: number;
}

export const DEFAULT_LIMITS: LoopLimits = {
  maxSteps: 15,
  wallTimeMs: 120_000,
  answerTimeMs: 60_000,
  maxTokens: 200_000,
  resultBudget: 6000,
};

export interface LoopInput {
  model: LanguageModel;
  system: string;
  prompt: string;
  caller: ToolCaller;
  limits: LoopLimits;
  /** Ask for the answer with a JSON schema (structured output). */
  structuredOutput: boolean;
  /** Stream responses (the same loop; text arrives as it is generated). */
  stream: boolean;
  onProgress: (line: string) => void;
  /** Print [Tool #n] lines for each call (else only rejected calls and notes). */
  toolLines: boolean;
  /** Parses the final text; false sends one more, tool-less answer step. */
  isAnswer: (text: string) => boolean;
  now?: () => number;
}

export interface LoopOutcome {
  /** The model's final text (the answer, JSON or prose). */
  text: string;
  results: ToolResult[];
  steps: number;
  tokens: number;
  /** Why the tool steps ended: the model answered, or a limit. */
  stoppedBy: 'answer' | 'steps' | 'time' | 'tokens';
}

interface CallParams {
  model: LanguageModel;
  system: string;
  messages: ModelMessage[];
  tools?: ToolSet;
  stopWhen?: Array<(o: { steps: Array<StepResult<ToolSet>> }) => boolean | PromiseLike<boolean>>;
  output?: ReturnType<typeof Output.object>;
  abortSignal: AbortSignal;
  onStepFinish?: (step: StepResult<ToolSet>) => void;
}

/** Output tokens of one model request: a tool step or the JSON answer, both far shorter. */
const MAX_OUTPUT_TOKENS = 8192;

interface CallResult {
  text: string;
}

/**
 * One request seam for streaming and not: the same parameters, the same result. The SDK retries 429/5xx itself,
 * honouring Retry-After.
 */
async function callModel(params: CallParams, stream: boolean): Promise<CallResult> {
  // Set explicitly: a model the SDK does not know otherwise gets a guessed limit, and a warning on stderr.
  const p = { maxOutputTokens: MAX_OUTPUT_TOKENS, ...params };
  if (!stream) {
    try {
      const r = await generateText(p);
      return { text: r.text };
    } catch (err) {
      // Structured output that did not parse: keep the text for the tolerant reader.
      if (NoObjectGeneratedError.isInstance(err)) return { text: err.text ?? '' };
      throw err;
    }
  }
  let failure: unknown;
  const r = streamText({
    ...p,
    onError: ({ error }) => {
      failure ??= error;
    },
  });
  await r.consumeStream();
  if (failure !== undefined) throw failure;
  return { text: await r.text };
}

function tokensOf(steps: Array<StepResult<ToolSet>>): number {
  return steps.reduce(
    (sum, s) => sum + (s.usage.totalTokens ?? (s.usage.inputTokens ?? 0) + (s.usage.outputTokens ?? 0)),
    0,
  );
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

export async function runLoop(input: LoopInput): Promise<LoopOutcome> {
  const now = input.now ?? Date.now;
  const started = now();
  const { limits } = input;
  const results: ToolResult[] = [];
  const tools = buildToolset(input.caller, {
    resultBudget: limits.resultBudget,
    onProgress: input.toolLines ? input.onProgress : () => {},
    results,
  });
  const messages: ModelMessage[] = [{ role: 'user', content: input.prompt }];
  let done: Array<StepResult<ToolSet>> = [];
  let stoppedBy: LoopOutcome['stoppedBy'] = 'steps';
  let text = '';

  const overTime = () => now() - started >= limits.wallTimeMs;
  const overTokens = (steps: Array<StepResult<ToolSet>>) => tokensOf(steps) >= limits.maxTokens;
  if (limits.maxSteps > 1) {
    const wall = AbortSignal.timeout(Math.max(1, limits.wallTimeMs));
    try {
      const r = await callModel(
        {
          model: input.model,
          system: input.system,
          messages,
          tools,
          stopWhen: [stepCountIs(limits.maxSteps - 1), () => overTime(), ({ steps }) => overTokens(steps)],
          abortSignal: wall,
          onStepFinish: (step) => {
            done = [...done, step];
            for (const call of step.toolCalls) {
              if (call.invalid)
                input.onProgress(
                  `[Tool] ${call.toolName}: rejected, sent back to the model (${((call.error as Error | undefined)?.message ?? 'invalid call').replace(/\s*\n\s*/g, ' ')})`,
                );
            }
          },
        },
        input.stream,
      );
      text = r.text;
    } catch (err) {
      if (!(isAbort(err) && wall.aborted)) throw err;
    }
    const last = done.at(-1);
    if (last && last.toolCalls.length === 0 && last.finishReason !== 'length') stoppedBy = 'answer';
    else if (overTokens(done)) stoppedBy = 'tokens';
    else if (overTime() || wall.aborted) stoppedBy = 'time';
    // Continue from everything the completed steps said and received (a cut-off step is dropped). Since ai@7 a
    // step's response.messages are that step's own, so every step's are added, in order.
    messages.push(...done.flatMap((s) => s.response.messages));
  }
  if (stoppedBy === 'answer' && input.isAnswer(text))
    return { text, results, steps: done.length, tokens: tokensOf(done), stoppedBy };

  const reason = {
    answer: 'That was not the JSON answer asked for.',
    steps: `You have used the ${limits.maxSteps - 1} tool steps allowed.`,
    time: 'The time for this investigation is up.',
    tokens: 'The token budget for this investigation is used up.',
  }[stoppedBy];
  messages.push({ role: 'user', content: buildFinalPrompt(reason) });
  try {
    const r = await callModel(
      {
        model: input.model,
        system: input.system,
        messages,
        output: input.structuredOutput ? Output.object({ schema: answerSchema }) : undefined,
        abortSignal: AbortSignal.timeout(limits.answerTimeMs),
      },
      input.stream,
    );
    text = r.text;
  } catch (err) {
    if (isPilotError(err)) throw err;
    if (isAbort(err))
      throw new PilotError('timeout', `the model gave no answer within ${Math.round(limits.answerTimeMs / 1000)} s`, {
        hint: 'try a faster model, or raise the time limit',
      });
    throw err;
  }
  return { text, results, steps: done.length + 1, tokens: tokensOf(done), stoppedBy };
}
