// POSTs a JSON message to a webhook URL (Slack incoming webhook, Teams Workflows, our generic webhook) and maps the
// answer to a DeliveryError: 429 and 5xx and timeouts may be retried, other refusals are final.
import { parseRetryAfter, scrubSecrets } from '../../core/http.js';
import { DeliveryError } from './retry.js';

/** A webhook URL's secret is its path and query: messages name the host only. */
export function webhookHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}

export interface PostOptions {
  /** Who answers, for messages ("Teams Workflows"). */
  label: string;
  timeoutMs: number;
  headers?: Record<string, string>;
  secrets: readonly string[];
  fetch?: typeof fetch;
}

export async function postJson(url: string, body: string, opts: PostOptions): Promise<{ status: number; text: string }> {
  const where = `${opts.label} at ${webhookHost(url)}`;
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...opts.headers },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${opts.timeoutMs} ms` : `cannot connect (${e.cause?.code ?? e.message})`;
    throw new DeliveryError(scrubSecrets(`${where}: ${why}`, opts.secrets), true);
  }
  const text = await res.text().catch(() => '');
  if (res.ok) return { status: res.status, text };
  const detail = scrubSecrets(text.trim().slice(0, 200), opts.secrets);
  const message = `${where}: HTTP ${res.status}${detail ? `: ${detail}` : ''}`;
  if (res.status === 429) throw new DeliveryError(message, true, parseRetryAfter(res.headers.get('retry-after')));
  throw new DeliveryError(message, res.status >= 500 || res.status === 408);
}
