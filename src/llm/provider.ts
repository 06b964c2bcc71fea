// One interface over the model providers: a language model for the AI SDK, built with our fetch.
import type { LanguageModel } from 'ai';
import type { ProviderConfig, ProviderKind } from './config.js';
import { createAnthropicModel } from './providers/anthropic.js';
import { createOllamaModel } from './providers/ollama.js';
import { createOpenAiModel } from './providers/openai.js';
import type { FetchFn } from './wire.js';

export interface LlmProvider {
  kind: ProviderKind;
  model: string;
  /** "<provider>/<model>", as the report's analyst names it. */
  label: string;
  baseURL: string;
  /** True when the provider accepts a JSON schema for the answer (structured output). */
  structuredOutput: boolean;
  languageModel: LanguageModel;
}

const FACTORIES: Record<
  ProviderKind,
  { create: (c: ProviderConfig, fetch: FetchFn) => LanguageModel; structuredOutput: boolean }
> = {
  ollama: { create: createOllamaModel, structuredOutput: true },
  openai: { create: createOpenAiModel, structuredOutput: true },
  // Anthropic's schema support depends on the model (else the SDK forces a "json" tool): ask for JSON in prose and
  // parse it.
  anthropic: { create: createAnthropicModel, structuredOutput: false },
};

export function createProvider(config: ProviderConfig, fetch: FetchFn): LlmProvider {
  const factory = FACTORIES[config.kind];
  return {
    kind: config.kind,
    model: config.model,
    label: `${config.kind}/${config.model}`,
    baseURL: config.baseURL,
    structuredOutput: factory.structuredOutput,
    languageModel: factory.create(config, fetch),
  };
}
