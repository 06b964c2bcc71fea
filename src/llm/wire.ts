// The fetch every provider is given: redacts what leaves, records the transcript, bounds each request's time and
// names an unreachable server. Statuses pass through: the AI SDK retries 429/5xx itself (honouring Retry-After) and
// errors.ts maps what remains through the one status table (core/http.ts).
import { PilotError } from '../core/errors.js';
import { redactJson, redactText } from './redact.js';
import type { Transcript } from './transcript.js';

export type FetchFn = typeof globalThis.fetch;

export interface WireOptions {
  /** "ollama/qwen3" style, for messages. */
  label: string;
  /** The setting that points at the server (OPENAI_BASE_URL), named when it cannot be reached. */
  urlSetting?: string;
  redact: boolean;
  transcript?: Transcript;
  baseFetch?: FetchFn;
  /** One request's time limit (default 120 s). */
  requestTimeoutMs?: number;
  /** Counts of what redaction replaced, summed over requests. */
  redactions?: Record<string, number>;
}

/** The server's own words from an error body (OpenAI, Anthropic and Ollama shapes), short. */
export function errorMessageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    const e = parsed.error;
    if (typeof e === 'string') return e;
    if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string')
      return (e as { message: string }).message;
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: use the text itself
  }
  const line = body.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** Headers for the transcript: credentials masked (the file is for reading, not replaying). */
function maskedHeaders(headers: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(headers).forEach((value, key) => {
    out[key] = /^(authorization|x-api-key|api-key)$/i.test(key)
      ? value.replace(
          /([A-Za-z]+\s+)?(.{0,4}).*/,
          (_m, scheme: string | undefined, head: string) => `${scheme ?? ''}${head}…[masked]`,
        )
      : value;
  });
  return out;
}

export function createWireFetch(opts: WireOptions): FetchFn {
  const base = opts.baseFetch ?? globalThis.fetch;
  const timeoutMs = opts.requestTimeoutMs ?? 120_000;

  const prepareBody = (body: BodyInit | null | undefined): BodyInit | null | undefined => {
    if (!opts.redact || typeof body !== 'string') return body;
    try {
      const { value } = redactJson(JSON.parse(body), opts.redactions ?? {});
      return JSON.stringify(value);
    } catch {
      // Not JSON (no provider sends that today): redact the text as it is.
      const r = redactText(body);
      for (const [k, n] of Object.entries(r.counts))
        if (opts.redactions) opts.redactions[k] = (opts.redactions[k] ?? 0) + n;
      return r.text;
    }
  };

  const wired = async (input: Parameters<FetchFn>[0], init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const body = prepareBody(init?.body);
    opts.transcript?.write({
      type: 'request',
      url,
      method: init?.method ?? 'GET',
      headers: maskedHeaders(init?.headers),
      body: typeof body === 'string' ? body : null,
    });
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await base(url, { ...init, body, signal });
    } catch (err) {
      if (init?.signal?.aborted) throw err;
      if (timeout.aborted)
        throw new PilotError(
          'timeout',
          `${opts.label}: no answer from ${new URL(url).host} within ${Math.round(timeoutMs / 1000)} s`,
          { hint: 'the model may be loading or overloaded; try again or use a smaller model' },
        );
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new PilotError(
        'backend_unavailable',
        `${opts.label}: cannot reach ${new URL(url).origin} (${cause?.code ?? cause?.message ?? (err as Error).message})`,
        {
          hint: `is the model server running? check ${opts.urlSetting ?? 'the base URL setting'}`,
        },
      );
    }
    opts.transcript?.record(res.clone(), url);
    return res;
  };
  return wired as FetchFn;
}
