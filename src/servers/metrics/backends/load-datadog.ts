// The Datadog backend, loaded only when Datadog keys make it a backend: the client is a large module. The metrics
// and git servers configure it from the same DD_* variables.
import type { HttpSettings } from '../../../core/http.js';
import { checkHttpUrl } from '../../live-config.js';
import type { SourceOptions } from '../../types.js';

/** The Datadog backend module and a client configured from DD_API_KEY, DD_APP_KEY, DD_SITE and DD_API_URL. */
export async function connectDatadog(env: SourceOptions['env'], http: HttpSettings) {
  const datadog = await import('./datadog.js');
  const client = datadog.createDatadogClient({
    apiKey: env.DD_API_KEY ?? '',
    appKey: env.DD_APP_KEY,
    site: env.DD_SITE,
    baseUrl: env.DD_API_URL ? checkHttpUrl(env.DD_API_URL, 'DD_API_URL') : undefined,
    ...http,
  });
  return { datadog, client };
}
