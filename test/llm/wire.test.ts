import { describe, expect, it } from 'vitest';
import { errorMessageOf } from '../../src/llm/wire.js';
import { createWireFetch } from '../../src/llm/wire.js';

describe('errorMessageOf', () => {
  it('reads the OpenAI, Anthropic and Ollama error shapes', () => {
    expect(errorMessageOf('{"error":{"message":"bad key","type":"x"}}')).toBe('bad key');
    expect(errorMessageOf('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')).toBe(
      'Overloaded',
    );
    expect(errorMessageOf('{"error":"model \\"x\\" not found, try pulling it first"}')).toBe(
      'model "x" not found, try pulling it first',
    );
    expect(errorMessageOf('Bad Gateway')).toBe('Bad Gateway');
  });
});

describe('createWireFetch', () => {
  it("passes statuses through untouched, once: retrying them is the AI SDK's", async () => {
    let n = 0;
    const base: typeof fetch = async () => {
      n++;
      return new Response('{"error":{"message":"later"}}', { status: 429, headers: { 'retry-after': '1' } });
    };
    const wired = createWireFetch({ label: 'openai/m', redact: false, baseFetch: base });
    const res = await wired('http://h/v1/chat/completions', { method: 'POST', body: '{}' });
    expect(res.status).toBe(429);
    expect(n).toBe(1);
  });

  it('names the server it cannot reach', async () => {
    const down: typeof fetch = async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    };
    const wired = createWireFetch({ label: 'x/m', redact: false, baseFetch: down });
    await expect(wired('http://127.0.0.1:9/x', {})).rejects.toMatchObject({
      code: 'backend_unavailable',
      message: 'x/m: cannot reach http://127.0.0.1:9 (ECONNREFUSED)',
    });
  });

  it('redacts the JSON body it sends, string by string, and a non-JSON body as text', async () => {
    const seen: string[] = [];
    const base: typeof fetch = async (_u, init) => {
      seen.push(String(init?.body));
      return new Response('{}');
    };
    const redactions: Record<string, number> = {};
    const wired = createWireFetch({ label: 'x/m', redact: true, baseFetch: base, redactions });
    await wired('http://h/x', {
      method: 'POST',
      body: JSON.stringify({ messages: [{ content: 'mail ann@example.org now' }] }),
    });
    await wired('http://h/x', { method: 'POST', body: 'ann@example.org' });
    expect(JSON.parse(seen[0]!).messages[0].content).toBe('mail [REDACTED_EMAIL] now');
    expect(seen[1]).toBe('[REDACTED_EMAIL]');
    expect(redactions.email).toBe(2);
  });
});
