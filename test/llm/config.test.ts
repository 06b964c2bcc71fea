import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/core/errors.js';
import { loadLlmEnv, resolveProvider } from '../../src/llm/config.js';

describe('resolveProvider', () => {
  it('auto picks ollama, then openai, then anthropic, else null', () => {
    expect(resolveProvider({}, 'auto')).toBeNull();
    expect(
      resolveProvider(
        { ANTHROPIC_API_KEY: 'k', ANTHROPIC_MODEL: 'claude', OPENAI_API_KEY: 'o', OPENAI_MODEL: 'gpt' },
        'auto',
      )?.kind,
    ).toBe('openai');
    expect(
      resolveProvider({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_MODEL: 'claude', OLLAMA_MODEL: 'llama3' }, 'auto')?.kind,
    ).toBe('ollama');
    expect(resolveProvider({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_MODEL: 'claude' }, 'auto')?.kind).toBe('anthropic');
  });

  it('gives Ollama its defaults and its /api root', () => {
    expect(resolveProvider({}, 'ollama')).toEqual({
      kind: 'ollama',
      model: 'qwen3-coder-next',
      baseURL: 'http://localhost:11434/api',
      apiKey: undefined,
    });
    expect(resolveProvider({ OLLAMA_HOST: 'https://ollama.com/', OLLAMA_API_KEY: 'x' }, 'ollama', 'm')).toMatchObject({
      baseURL: 'https://ollama.com/api',
      apiKey: 'x',
      model: 'm',
    });
  });

  it('names what is missing', () => {
    const line = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return describeError(err);
      }
      return 'no error';
    };
    expect(line(() => resolveProvider({ OPENAI_BASE_URL: 'http://h/v1' }, 'openai'))).toMatch(
      /openai needs a model.*--model NAME or set OPENAI_MODEL/,
    );
    expect(line(() => resolveProvider({}, 'anthropic'))).toMatch(/ANTHROPIC_API_KEY/);
    expect(line(() => resolveProvider({ OLLAMA_HOST: 'ftp://x' }, 'ollama'))).toMatch(/OLLAMA_HOST=ftp:\/\/x/);
    expect(line(() => resolveProvider({}, 'gemini'))).toMatch(/unknown provider/);
  });
});

describe('loadLlmEnv', () => {
  it('reads .env from the working directory; the environment wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-env-'));
    writeFileSync(
      join(dir, '.env'),
      'OLLAMA_HOST=https://ollama.com\nOLLAMA_MODEL=from-file\nOLLAMA_API_KEY=filekey\n',
    );
    const env = loadLlmEnv(dir, { OLLAMA_MODEL: 'from-env' });
    expect(env).toMatchObject({
      OLLAMA_HOST: 'https://ollama.com',
      OLLAMA_MODEL: 'from-env',
      OLLAMA_API_KEY: 'filekey',
    });
    expect(loadLlmEnv(join(dir, 'none'), { A: '1' })).toEqual({ A: '1' });
  });
});
