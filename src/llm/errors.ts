// Any failure from the provider libraries as one PilotError: a clear line and the right exit code, never a stack.
import { APICallError, RetryError } from 'ai';
import { isPilotError, PilotError } from '../core/errors.js';
import { statusError, type HttpTarget } from '../core/http.js';
import { PROVIDERS, type ProviderConfig } from './config.js';
import { errorMessageOf } from './wire.js';

/** The model server as an HTTP target of the one status table, with the hints a model's failures need. */
export type LlmTarget = Pick<HttpTarget, 'backend' | 'baseUrl' | 'authSettings' | 'urlSetting' | 'secrets' | 'hints'>;

export function llmTarget(config: ProviderConfig): LlmTarget {
  const label = `${config.kind}/${config.model}`;
  return {
    backend: label,
    baseUrl: config.baseURL,
    authSettings: `the API key (${PROVIDERS[config.kind].keySetting})`,
    urlSetting: PROVIDERS[config.kind].urlSetting,
    secrets: [config.apiKey],
    hints: {
      400: 'the model may not support tool calling; try another model',
      404:
        config.kind === 'ollama'
          ? `pull it first (ollama pull ${config.model}) or pass --model`
          : 'check --model and the base URL',
      429: 'the retries ran out; wait and try again, or use another model',
    },
  };
}

export function toPilotError(err: unknown, target: LlmTarget): PilotError {
  const label = target.backend;
  if (isPilotError(err)) return err;
  if (RetryError.isInstance(err)) return toPilotError(err.lastError, target);
  if (err instanceof Error && isPilotError(err.cause)) return err.cause;
  if (APICallError.isInstance(err)) {
    const said = err.responseBody ? errorMessageOf(err.responseBody) : err.message;
    if (err.statusCode === undefined)
      return new PilotError('backend_unavailable', `${label}: ${said}`, { hint: 'is the model server running?' });
    return statusError(target, err.statusCode, said);
  }
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) {
    return new PilotError('timeout', `${label}: the request was cut off by the time limit`);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new PilotError('internal', `${label}: ${message.split('\n')[0]}`);
}
