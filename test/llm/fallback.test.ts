// The LLM fallback of the one investigation pipeline: any provider failure gives the engine's report with one
// warning naming the provider and the reason, redacted.
import { describe, expect, it } from 'vitest';
import { describeLlmFailure, runLlmWithFallback } from '../../src/llm/fallback.js';
import { PilotError } from '../../src/core/errors.js';
import { resolveProvider } from '../../src/llm/config.js';
import { engineResult, standardCaller } from './helpers.js';

function args(env: Record<string, string>, fetch: typeof globalThis.fetch) {
  const lines: string[] = [];
  return {
    lines,
    args: {
      incident: '500 errors',
      caller: standardCaller(),
      engine: engineResult(),
      config: resolveProvider(env, 'openai')!,
      redact: true,
      onProgress: (l: string) => lines.push(l),
      fetch,
      sleep: async () => {},
    },
  };
}

describe('runLlmWithFallback', () => {
  it('returns the engine report with a warning when the provider refuses the key', async () => {
    const refuse = (async () =>
      new Response(JSON.stringify({ error: { message: 'Incorrect API key provided: sk-wron*********cdef' } }), {
        status: 401,
        headers: { 'content-type': 'application/json' },
      })) as typeof fetch;
    const { args: a, lines } = args(
      {
        OPENAI_BASE_URL: 'http://llm.example.com/v1',
        OPENAI_MODEL: 'gpt-x',
        OPENAI_API_KEY: 'sk-wrong-abcdefghijklmnop',
      },
      refuse,
    );
    const out = await runLlmWithFallback(a);
    expect(out.report.analyst).toBe('engine');
    expect(out.report.rootCause).toEqual(engineResult().report.rootCause);
    expect(out.failure).toBe(
      "the LLM investigator (openai/gpt-x) failed, so this is the engine's analysis: openai/gpt-x at http://llm.example.com/v1: 401 Unauthorized: Incorrect API key provided: sk-wron*********cdef; check the API key (OPENAI_API_KEY)",
    );
    expect(out.report.warnings).toContain(out.failure);
    expect(JSON.stringify(out)).not.toContain('sk-wrong-abcdefghijklmnop');
    expect(lines.some((l) => l.startsWith('Warning: the LLM investigator (openai/gpt-x) failed'))).toBe(true);
  });

  it('returns the engine report with a warning when the server cannot be reached', async () => {
    const down = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as typeof fetch;
    const out = await runLlmWithFallback(
      args({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_MODEL: 'm' }, down).args,
    );
    expect(out.failure).toMatch(/\(openai\/m\) failed.*cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
  });

  it('redacts secrets a provider echoes in its message', () => {
    const text = describeLlmFailure(
      'openai/m',
      new PilotError('unauthorized', 'openai/m: refused token=abcdef0123456789 for bob@example.com'),
    );
    expect(text).toBe(
      "the LLM investigator (openai/m) failed, so this is the engine's analysis: refused token=[REDACTED] for [REDACTED_EMAIL]",
    );
  });
});
