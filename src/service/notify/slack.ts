// Slack out: the Web API through the official @slack/web-api client (its base URL from SLACK_API_URL), and incoming
// webhooks. Retries are ours (notify/retry.ts): the client is told not to retry and to report 429 with its Retry-After.
import { ErrorCode, LogLevel, WebClient, type Logger as SlackLogger } from '@slack/web-api';
import { parseRetryAfter, scrubSecrets } from '../../core/http.js';
import { postJson } from './post-json.js';
import { DeliveryError } from './retry.js';

export interface SlackMessage {
  /** Fallback text for notifications and screen readers. */
  text: string;
  blocks: unknown[];
}

/**
 * Slack's `ok: false` errors that a later attempt may get past; every other one is final (channel_not_found,
 * invalid_auth, ...).
 */
const TRANSIENT_ERRORS = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
]);

/** The client's own logging is dropped: our delivery records say what happened, without its request dumps. */
const quietLogger: SlackLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

/** Maps what @slack/web-api throws to a DeliveryError. */
function toDeliveryError(err: unknown, secrets: readonly string[]): DeliveryError {
  const e = err as {
    code?: string;
    message?: string;
    retryAfter?: number;
    statusCode?: number;
    headers?: Record<string, string>;
    data?: { error?: string };
    original?: Error;
  };
  const said = (m: string) => scrubSecrets(`Slack: ${m}`, secrets);
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return new DeliveryError(
        said(`rate limited (429, Retry-After ${e.retryAfter} s)`),
        true,
        (e.retryAfter ?? 1) * 1000,
      );
    case ErrorCode.HTTPError: {
      return new DeliveryError(
        said(`HTTP ${e.statusCode}`),
        (e.statusCode ?? 0) >= 500 || e.statusCode === 408,
        parseRetryAfter(e.headers?.['retry-after']),
      );
    }
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      return new DeliveryError(said(code), TRANSIENT_ERRORS.has(code));
    }
    case ErrorCode.RequestError: {
      const o = e.original as (Error & { cause?: { code?: string } }) | undefined;
      const why =
        o?.name === 'TimeoutError' || o?.name === 'AbortError'
          ? 'no answer in time'
          : (o?.cause?.code ?? o?.message ?? 'request failed');
      return new DeliveryError(said(why), true);
    }
    default:
      return new DeliveryError(said(e.message ?? String(err)), true);
  }
}

export class SlackApi {
  private readonly client: WebClient;

  constructor(
    token: string,
    apiUrl: string,
    timeoutMs: number,
    private readonly secrets: readonly string[],
  ) {
    this.client = new WebClient(token, {
      slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: timeoutMs,
      logger: quietLogger,
      allowAbsoluteUrls: false,
    });
  }

  /** chat.postMessage; returns the channel id and ts (what chat.update and threads need). */
  async post(channel: string, msg: SlackMessage, threadTs?: string): Promise<{ channel: string; ts: string }> {
    try {
      const res = await this.client.chat.postMessage({
        channel,
        text: msg.text,
        blocks: msg.blocks as never,
        unfurl_links: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      return { channel: res.channel ?? channel, ts: res.ts ?? '' };
    } catch (err) {
      throw toDeliveryError(err, this.secrets);
    }
  }

  async update(channel: string, ts: string, msg: SlackMessage): Promise<void> {
    try {
      await this.client.chat.update({ channel, ts, text: msg.text, blocks: msg.blocks as never });
    } catch (err) {
      throw toDeliveryError(err, this.secrets);
    }
  }
}

/** An incoming webhook: the channel is fixed by the URL; Slack answers `ok` (200) or an error word. */
export async function postSlackWebhook(
  url: string,
  msg: SlackMessage,
  timeoutMs: number,
  secrets: readonly string[],
): Promise<void> {
  await postJson(url, JSON.stringify({ text: msg.text, blocks: msg.blocks }), {
    label: 'Slack incoming webhook',
    timeoutMs,
    secrets,
  });
}
