import { afterEach, describe, expect, it } from 'vitest';
import { PilotError } from '../../src/core/errors.js';
import { runLlmAnalyst, type LlmAnalystArgs } from '../../src/llm/analyst.js';
import { resolveProvider } from '../../src/llm/config.js';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama.js';
import { answerJson, engineResult, standardCaller } from './helpers.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function analyze(env: Record<string, string>, extra: Partial<LlmAnalystArgs> = {}) {
  const caller = standardCaller();
  const lines: string[] = [];
  const report = await runLlmAnalyst({
    incident: '500 errors on checkout API',
    caller,
    engine: engineResult(),
    config: resolveProvider(env, 'ollama')!,
    redact: true,
    onProgress: (l) => lines.push(l),
    ...extra,
  });
  return { report, caller, lines };
}

const SCRIPT = () => [
  { toolCalls: [{ name: 'search_logs', args: { pattern: 'pool' } }] },
  { toolCalls: [{ name: 'get_deployments', args: {} }] },
  { text: answerJson() },
];

for (const stream of [false, true]) {
  describe(`ollama /api/chat (${stream ? 'streaming NDJSON' : 'single JSON'})`, () => {
    it('offers the tools, runs each call, sends each result back in the next request, and reports what the model concluded', async () => {
      fake = await startFakeOllama(SCRIPT());
      const { report, caller, lines } = await analyze(
        { OLLAMA_HOST: fake.url, OLLAMA_MODEL: 'qwen-test', OLLAMA_API_KEY: 'secret-key' },
        { stream },
      );
      const chats = fake.chats();
      expect(chats).toHaveLength(3);
      expect(chats[0]!.body.stream).toBe(stream);
      expect(chats[0]!.body.tools.map((t: { function: { name: string } }) => t.function.name).sort()).toEqual([
        'get_commit',
        'get_deployments',
        'get_metrics',
        'search_logs',
      ]);
      expect(chats[0]!.headers.authorization).toBe('Bearer secret-key');
      expect(chats[0]!.body.model).toBe('qwen-test');
      // The engine's pre-analysis is in the system prompt.
      expect(chats[0]!.body.messages[0].content).toContain('Connection pool exhaustion in checkout-api after v2.4.1');
      const toolMsgs = (i: number) =>
        chats[i]!.body.messages.filter((m: { role: string }) => m.role === 'tool').map(
          (m: { content: string }) => m.content,
        );
      expect(toolMsgs(1).join('\n')).toContain('[call 0] Found 412 matches for "pool"');
      expect(toolMsgs(2).join('\n')).toContain('[call 1] 2 deployments');
      expect(caller.calls.map((c) => c.tool)).toEqual(['search_logs', 'get_deployments']);
      expect(report?.analyst).toBe('llm:ollama/qwen-test');
      expect(report?.rootCause).toMatchObject({
        deployment: 'v2.4.1',
        summary: 'Pool exhaustion after v2.4.1',
        confidence: 0.9,
      });
      expect(report?.evidence).toEqual([
        { source: 'logs', tool: 'search_logs', call: 0, summary: '412 pool exhausted errors', ref: null },
      ]);
      expect(report?.timeline).toEqual(engineResult().report.timeline);
      expect(report?.toolCalls).toHaveLength(2);
      expect(lines).toContain('[Tool #1] search_logs (LOGS server)');
      expect(lines).toContain('  Arguments: {"pattern":"pool"}');
      expect(lines).toContain('  Result: Found 412 matches for "pool"');
    });
  });
}

describe('ollama answer step', () => {
  it('asks for the answer with the JSON schema in `format` and no tools when the model answers in prose', async () => {
    fake = await startFakeOllama([{ text: 'It is the pool, I believe.' }, { text: answerJson() }]);
    const { report } = await analyze({ OLLAMA_HOST: fake.url });
    const last = fake.chats()[1]!;
    expect(last.body.tools).toBeUndefined();
    expect(last.body.format?.type).toBe('object');
    expect(Object.keys(last.body.format.properties)).toContain('rootCause');
    expect(last.body.messages.at(-1).content).toMatch(/not the JSON answer[\s\S]*final answer/);
    expect(report?.analyst).toBe('llm:ollama/qwen3-coder-next');
    // It cited call 0, which was never made.
    expect(report?.evidence).toEqual([]);
  });
});

describe('ollama failures', () => {
  it('an unknown model is not_found, naming the pull', async () => {
    fake = await startFakeOllama(SCRIPT(), { models: ['llama3'] });
    const err = await analyze({ OLLAMA_HOST: fake.url, OLLAMA_MODEL: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PilotError);
    expect((err as PilotError).code).toBe('not_found');
    expect((err as PilotError).message).toContain('model "nope" not found');
    expect((err as PilotError).hint).toContain('ollama pull nope');
  });

  it('an unreachable host is backend_unavailable', async () => {
    fake = await startFakeOllama([]);
    const url = fake.url;
    await fake.close();
    fake = undefined;
    const err = await analyze({ OLLAMA_HOST: url }).catch((e: unknown) => e);
    expect((err as PilotError).code).toBe('backend_unavailable');
    expect((err as PilotError).message).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });
});
