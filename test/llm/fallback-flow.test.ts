// analyze --llm when the model fails (a refused key, an unknown model, no server): the CLI's own flow (runAnalysis
// from the CLI's options, the one pipeline's LLM analyst) in process, servers over MCP pairs. The spawned CLI's
// fallback keeps one end-to-end run (anthropic, in test/e2e/llm.test.ts); these cases need no process of their own.
import { describe, expect, it } from 'vitest';
import { runAnalysis, toAnalyzeOptions } from '../../src/cli/analyze.js';
import { startFakeOllama } from '../fakes/ollama.js';
import { startFakeOpenAi } from '../fakes/openai.js';
import { scenario } from '../helpers/paths.js';

const DATA = scenario('checkout-db-pool');
const SCRIPT = () => [{ toolCalls: [{ name: 'search_logs', args: { pattern: 'pool' } }] }, { text: '{}' }];

/** `analyze "500 errors on checkout API" --llm <llm> [--model m] --data DATA --json` with this environment. */
async function analyze(llm: string, model: string | undefined, env: Record<string, string>) {
  let stderr = '';
  const options = toAnalyzeOptions(
    '500 errors on checkout API',
    { data: DATA, json: true, llm, model, redact: true },
    {},
  );
  const { report, invalid } = await runAnalysis(options, {
    stdout: { write: () => true },
    stderr: { write: (s: string) => ((stderr += s), true) },
    env,
  });
  return { report, invalid, stderr };
}

/** The engine's report and one warning naming the provider and why; no key, no stack. */
function checkFallback(out: Awaited<ReturnType<typeof analyze>>, provider: string, why: RegExp, secret?: string): void {
  expect(out.invalid).toEqual([]);
  expect(out.stderr).not.toMatch(/\n\s+at /);
  expect(out.report.analyst).toBe('engine');
  expect(out.report.rootCause.deployment).toBe('v2.4.1');
  const warning = (out.report.warnings ?? []).find((w: string) => w.startsWith('the LLM investigator'));
  expect(warning, JSON.stringify(out.report.warnings)).toBeDefined();
  expect(warning).toContain(`(${provider})`);
  expect(warning).toMatch(why);
  expect(out.stderr).toContain(`the LLM investigator (${provider}) failed`);
  if (secret) expect(`${JSON.stringify(out.report)}${out.stderr}`).not.toContain(secret);
}

describe('analyze --llm falls back to the engine', () => {
  it('openai refuses the key (401)', async () => {
    const fake = await startFakeOpenAi(SCRIPT(), { apiKey: 'sk-right' });
    try {
      checkFallback(
        await analyze('openai', 'M', { OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'sk-wrong-key-0123456789' }),
        'openai/M',
        /401/,
        'sk-wrong-key-0123456789',
      );
    } finally {
      await fake.close();
    }
  }, 60_000);

  it('ollama does not know the model (404)', async () => {
    const fake = await startFakeOllama(SCRIPT(), { models: ['llama3.2'] });
    try {
      checkFallback(
        await analyze('ollama', undefined, { OLLAMA_HOST: fake.url, OLLAMA_MODEL: 'no-such-model' }),
        'ollama/no-such-model',
        /not found/,
      );
    } finally {
      await fake.close();
    }
  }, 60_000);

  it('the model server is unreachable', async () => {
    // A port that was just free: nothing listens there now.
    const fake = await startFakeOllama(SCRIPT());
    const url = fake.url;
    await fake.close();
    checkFallback(await analyze('ollama', 'm1', { OLLAMA_HOST: url }), 'ollama/m1', /cannot reach/);
  }, 60_000);
});
