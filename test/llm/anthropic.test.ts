import { afterEach, describe, expect, it } from 'vitest';
import { PilotError } from '../../src/core/errors.js';
import { runLlmAnalyst } from '../../src/llm/analyst.js';
import { resolveProvider } from '../../src/llm/config.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic.js';
import { answerJson, engineResult, standardCaller } from './helpers.js';

let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function run(key: string, stream = false) {
  const caller = standardCaller();
  const env = { ANTHROPIC_API_KEY: key, ANTHROPIC_MODEL: 'claude-test', ANTHROPIC_BASE_URL: `${fake!.url}/v1` };
  return {
    caller,
    done: runLlmAnalyst({
      incident: '500 errors on checkout API',
      caller,
      engine: engineResult(),
      config: resolveProvider(env, 'anthropic')!,
      redact: true,
      onProgress: () => {},
      stream,
    }),
  };
}

for (const stream of [false, true]) {
  describe(`anthropic /v1/messages (${stream ? 'SSE events' : 'JSON'})`, () => {
    it('sends the key and version headers, offers the tools, returns tool_use results as tool_result blocks', async () => {
      fake = await startFakeAnthropic(
        [
          { text: 'Checking the logs.', toolCalls: [{ name: 'search_logs', args: { pattern: 'pool' } }] },
          { text: `Done.\n${answerJson()}` },
        ],
        { apiKey: 'ak-test' },
      );
      const { caller, done } = run('ak-test', stream);
      const report = await done;
      const reqs = fake.messages();
      expect(reqs).toHaveLength(2);
      expect(reqs[0]!.headers['x-api-key']).toBe('ak-test');
      expect(reqs[0]!.headers['anthropic-version']).toBeTruthy();
      expect(reqs[0]!.body.stream ?? false).toBe(stream);
      // Set by us for every request: an unknown model would otherwise get the SDK's guess, and a warning on stderr.
      expect(reqs.map((r) => r.body.max_tokens)).toEqual([8192, 8192]);
      expect(reqs[0]!.body.tools.map((t: { name: string }) => t.name)).toContain('get_deployments');
      const blocks = reqs[1]!.body.messages.flatMap((m: { content: unknown }) =>
        Array.isArray(m.content) ? m.content : [],
      );
      const result = blocks.find((b: { type: string }) => b.type === 'tool_result');
      expect(JSON.stringify(result)).toContain('[call 0] Found 412 matches');
      expect(caller.calls[0]).toMatchObject({ tool: 'search_logs', arguments: { pattern: 'pool' } });
      expect(report?.analyst).toBe('llm:anthropic/claude-test');
      expect(report?.rootCause.deployment).toBe('v2.4.1');
    });
  });
}

describe('anthropic failures', () => {
  it("a wrong key is unauthorized with the server's message", async () => {
    fake = await startFakeAnthropic([{ text: answerJson() }], { apiKey: 'ak-right' });
    const err = await run('ak-wrong').done.catch((e: unknown) => e);
    expect((err as PilotError).code).toBe('unauthorized');
    expect((err as PilotError).message).toContain('invalid x-api-key');
  });

  it('an unknown model (404 not_found_error) is not_found', async () => {
    fake = await startFakeAnthropic(
      [{ status: 404, body: { type: 'error', error: { type: 'not_found_error', message: 'model: claude-test' } } }],
      { apiKey: 'k' },
    );
    const err = await run('k').done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PilotError);
    expect((err as PilotError).code).toBe('not_found');
    expect((err as PilotError).message).toContain('model: claude-test');
  });
});
