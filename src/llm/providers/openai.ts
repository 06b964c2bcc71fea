// Any OpenAI-compatible server (OpenAI, vLLM, llama.cpp, LM Studio, OpenRouter) through @ai-sdk/openai-compatible.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { ProviderConfig } from '../config.js';
import type { FetchFn } from '../wire.js';

export function createOpenAiModel(config: ProviderConfig, fetch: FetchFn): LanguageModel {
  const provider = createOpenAICompatible({
    name: 'openai',
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    // response_format json_schema: supported by OpenAI, vLLM, llama.cpp and LM Studio; others fall back to tolerant
    // parsing.
    supportsStructuredOutputs: true,
    includeUsage: true,
    fetch,
  });
  return provider.chatModel(config.model);
}
