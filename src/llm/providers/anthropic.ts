// Anthropic's Messages API through @ai-sdk/anthropic.
import { createAnthropic } from '@ai-sdk/anthropic';
import type { LanguageModel } from 'ai';
import type { ProviderConfig } from '../config.js';
import type { FetchFn } from '../wire.js';

export function createAnthropicModel(config: ProviderConfig, fetch: FetchFn): LanguageModel {
  const provider = createAnthropic({ baseURL: config.baseURL, apiKey: config.apiKey, fetch });
  return provider(config.model);
}
