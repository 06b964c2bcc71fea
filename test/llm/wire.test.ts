import { describe, expect, it } from 'vitest';
import { errorMessageOf, retryAfterMs } from '../../src/llm/wire.js';
import { createWireFetch } from '../../src/llm/wire.js';

describe('retryAfterMs', () => {
  it('reads seconds, an HTTP date and retry-after-ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }))).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    const now = Date.parse('2025-01-15T14:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 15 Jan 2025 14:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({}))).toBeNull();
  });
});

describe('errorMessageOf', () => {
  it('reads the OpenAI, Anthropic and Ollama error shapes', () => {
    expect(errorMessageOf('{"error":{"message":"bad key","type":"x"}}')).toBe('bad key');
    expect(errorMessageOf('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')).toBe('Overloaded');
    expect(errorMessageOf('{"error":"model \\"x\\" not found, try pulling it first"}')).toBe('model "x" not found, try pulling it first');
    expect(errorMessageOf('Bad Gateway')).toBe('Bad Gateway');
  });
});

describe('createWireFetch', () => {
  it('gives up at once when Retry-After asks for longer than the bound', async () => {
    let n = 0;
    const base: typeof fetch = async () => {
      n++;
      return new Response('{"error":{"message":"later"}}', { status: 429, headers: { 'retry-after': '3600' } });
    };
    const wired = createWireFetch({ label: 'openai/m', redact: false, baseFetch: base, sleep: async () => {} });
    await expect(wired('http://h/v1/chat/completions', { method: 'POST', body: '{}' })).rejects.toMatchObject({ code: 'rate_limited' });
    expect(n).toBe(1);
  });

  it('retries a 503 and passes the success through', async () => {
    const statuses = [503, 200];
    const base: typeof fetch = async () => new Response('{}', { status: statuses.shift() });
    const waits: number[] = [];
    const wired = createWireFetch({ label: 'x/m', redact: false, baseFetch: base, sleep: async (ms) => void waits.push(ms), backoffMs: () => 5 });
    expect((await wired('http://h/x', {})).status).toBe(200);
    expect(waits).toEqual([5]);
  });

  it('redacts the JSON body it sends, string by string, and a non-JSON body as text', async () => {
    const seen: string[] = [];
    const base: typeof fetch = async (_u, init) => {
      seen.push(String(init?.body));
      return new Response('{}');
    };
    const redactions: Record<string, number> = {};
    const wired = createWireFetch({ label: 'x/m', redact: true, baseFetch: base, redactions });
    await wired('http://h/x', { method: 'POST', body: JSON.stringify({ messages: [{ content: 'mail ann@example.org now' }] }) });
    await wired('http://h/x', { method: 'POST', body: 'ann@example.org' });
    expect(JSON.parse(seen[0]!).messages[0].content).toBe('mail [REDACTED_EMAIL] now');
    expect(seen[1]).toBe('[REDACTED_EMAIL]');
    expect(redactions.email).toBe(2);
  });
});
