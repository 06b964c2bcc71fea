// POSTs a JSON message to a webhook URL (Slack incoming webhook, Teams Workflows, our generic webhook) and maps the
// answer to a DeliveryError: 429 and 5xx and timeouts may be retried, other refusals are final.
import { createRetryingFetch, parseRetryAfter, scrubSecrets, type FetchLike } from '../../core/http.js';
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
  fetch?: FetchLike;
}

export async function postJson(
  url: string,
  body: string,
  opts: PostOptions,
): Promise<{ status: number; text: string }> {
  const where = `${opts.label} at ${webhookHost(url)}`;
  // The one HTTP stack (core/http.ts), with no retries of its own: notify/retry.ts owns them. Only the origin goes in
  // its messages: a webhook's path and query are its secret.
  let origin = url;
  try {
    origin = new URL(url).origin;
  } catch {
    // checked at start-up; keep the value for the message
  }
  const send = createRetryingFetch({
    backend: opts.label,
    baseUrl: origin,
    urlSetting: 'the webhook URL',
    secrets: [...opts.secrets, url],
    retries: 0,
    timeoutMs: opts.timeoutMs,
    fetch: opts.fetch,
  });
  let res: Response;
  try {
    res = await send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...opts.headers },
      body,
      redirect: 'error',
    });
  } catch (err) {
    const said = (err as Error).message;
    const why = /no answer within/.test(said)
      ? `no answer within ${opts.timeoutMs} ms`
      : `cannot connect (${/cannot connect \(([^)]*)\)/.exec(said)?.[1] ?? 'network error'})`;
    throw new DeliveryError(scrubSecrets(`${where}: ${why}`, [...opts.secrets, url]), true);
  }
  const text = await res.text().catch(() => '');
  if (res.ok) return { status: res.status, text };
  const detail = scrubSecrets(text.trim().slice(0, 200), opts.secrets);
  const message = `${where}: HTTP ${res.status}${detail ? `: ${detail}` : ''}`;
  if (res.status === 429) throw new DeliveryError(message, true, parseRetryAfter(res.headers));
  throw new DeliveryError(message, res.status >= 500 || res.status === 408);
}
