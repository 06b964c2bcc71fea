// Ollama (local or Ollama Cloud) through ollama-ai-provider-v2: native /api/chat, tools, `format` for JSON schemas.
import type { LanguageModel } from 'ai';
import { createOllama } from 'ollama-ai-provider-v2';
import type { ProviderConfig } from '../config.js';
import type { FetchFn } from '../wire.js';

export function createOllamaModel(config: ProviderConfig, fetch: FetchFn): LanguageModel {
  const provider = createOllama({
    baseURL: config.baseURL,
    // Ollama Cloud (https://ollama.com) takes the key as a bearer token.
    headers: config.apiKey ? { Authorization: `Bearer ${config.apiKey}` } : undefined,
    fetch,
  });
  return provider(config.model);
}
