import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PilotError } from '../../src/core/errors.js';
import { runLlmAnalyst, type LlmAnalystArgs } from '../../src/llm/analyst.js';
import { resolveProvider } from '../../src/llm/config.js';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai.js';
import type { RecordedRequest, Script } from './fake-model-server.js';
import { answerJson, engineResult, standardCaller } from './helpers.js';

const cwd = mkdtempSync(join(tmpdir(), 'llm-openai-'));
let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function analyze(
  script: Script,
  extra: Partial<LlmAnalystArgs> = {},
  opts: { apiKey?: string; key?: string } = {},
) {
  fake = await startFakeOpenAi(script, { apiKey: opts.apiKey });
  const caller = standardCaller();
  const lines: string[] = [];
  const env = { OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: opts.key ?? 'sk-test', OPENAI_MODEL: 'gpt-test' };
  const report = await runLlmAnalyst({
    incident: '500 errors on checkout API',
    caller,
    engine: engineResult(),
    config: resolveProvider(env, 'openai')!,
    redact: true,
    onProgress: (l) => lines.push(l),
    ...extra,
  });
  return { report, caller, lines, chats: fake.chats() };
}

/** The tool messages of a request (OpenAI: role "tool"). */
function toolMessages(req: RecordedRequest): string[] {
  return req.body.messages
    .filter((m: { role: string }) => m.role === 'tool')
    .map((m: { content: string }) => m.content);
}

for (const stream of [false, true]) {
  describe(`openai /v1/chat/completions (${stream ? 'SSE' : 'JSON'})`, () => {
    it('runs several tool calls of one step and sends both results back', async () => {
      const { report, chats, caller } = await analyze(
        [
          {
            toolCalls: [
              { name: 'search_logs', args: { pattern: 'pool' } },
              { name: 'get_deployments', args: {} },
            ],
          },
          { text: `Here it is:\n\`\`\`json\n${answerJson()}\n\`\`\`` },
        ],
        { stream },
      );
      expect(chats).toHaveLength(2);
      expect(chats[0]!.headers.authorization).toBe('Bearer sk-test');
      expect(chats[0]!.body.tools.map((t: { function: { name: string } }) => t.function.name)).toContain('search_logs');
      expect(toolMessages(chats[1]!).join('\n')).toMatch(
        /\[call \d\] Found 412 matches[\s\S]*\[call \d\] 2 deployments|\[call \d\] 2 deployments[\s\S]*\[call \d\] Found 412/,
      );
      expect(caller.calls).toHaveLength(2);
      expect(report?.analyst).toBe('llm:openai/gpt-test');
      expect(report?.rootCause.deployment).toBe('v2.4.1');
    });
  });
}

describe('the loop answers mistakes as tool errors the model can correct', () => {
  it('an unknown tool name', async () => {
    const { chats, caller, report } = await analyze([
      { toolCalls: [{ name: 'read_minds', args: {} }] },
      { text: answerJson() },
    ]);
    expect(toolMessages(chats[1]!).join('\n')).toMatch(/read_minds/);
    expect(toolMessages(chats[1]!).join('\n')).toMatch(/unavailable tool|search_logs/);
    // Only the grounding check of v2.4.1 reached a server.
    expect(caller.calls.map((c) => c.tool)).toEqual(['get_deployments']);
    expect(report?.rootCause.deployment).toBe('v2.4.1');
  });

  it('invalid arguments (missing and unknown keys), checked before any call', async () => {
    const { chats, caller } = await analyze([
      { toolCalls: [{ name: 'search_logs', args: { patern: 'pool' } }] },
      { text: answerJson() },
    ]);
    const sent = toolMessages(chats[1]!).join('\n');
    expect(sent).toContain('pattern: required');
    expect(sent).toContain('patern: unknown argument');
    expect(caller.calls.map((c) => c.tool)).not.toContain('search_logs');
  });

  it('malformed tool-call JSON', async () => {
    const { chats, caller, report } = await analyze([
      { toolCalls: [{ name: 'search_logs', args: {}, rawArguments: '{"pattern": "pool"' }] },
      { text: answerJson() },
    ]);
    expect(toolMessages(chats[1]!).join('\n')).toMatch(
      /Invalid input for tool search_logs: (AI_JSONParseError: )?JSON parsing failed/,
    );
    expect(caller.calls.map((c) => c.tool)).not.toContain('search_logs');
    expect(report?.analyst).toBe('llm:openai/gpt-test');
  });
});

describe('limits', () => {
  it('a model that never stops gets a last step without tools that asks for the answer', async () => {
    const script: Script = (req) =>
      req.body.tools ? { toolCalls: [{ name: 'get_metrics', args: {} }] } : { text: answerJson() };
    const { chats, report, caller } = await analyze(script, { limits: { maxSteps: 4 } });
    expect(chats).toHaveLength(4);
    expect(chats.slice(0, 3).every((c) => Array.isArray(c.body.tools))).toBe(true);
    const last = chats[3]!;
    expect(last.body.tools).toBeUndefined();
    expect(last.body.messages.at(-1).content).toMatch(/used the 3 tool steps allowed[\s\S]*final answer/);
    // Structured output: the answer's JSON schema is sent.
    expect(last.body.response_format?.type).toBe('json_schema');
    // Every tool result of the earlier steps is still in the conversation.
    expect(toolMessages(last)).toHaveLength(3);
    expect(caller.calls.filter((c) => c.tool === 'get_metrics')).toHaveLength(3);
    expect(report?.warnings?.join('\n')).toMatch(/stopped by the step limit \(4\)/);
  });

  it('the token budget ends the tool steps', async () => {
    const script: Script = (req) =>
      req.body.tools
        ? { toolCalls: [{ name: 'get_metrics', args: {} }], usage: { input: 900, output: 200 } }
        : { text: answerJson() };
    const { chats, report } = await analyze(script, { limits: { maxTokens: 2000 } });
    expect(chats).toHaveLength(3);
    expect(chats[2]!.body.tools).toBeUndefined();
    expect(report?.warnings?.join('\n')).toMatch(/token limit/);
  });

  it('prose that is no JSON, twice: the engine report with the model text and a warning', async () => {
    const { report, chats } = await analyze([
      { text: 'I think it is the database.' },
      { text: 'Still the database, really.' },
    ]);
    expect(chats).toHaveLength(2);
    expect(report?.analyst).toBe('engine');
    expect(report?.rootCause).toEqual(engineResult().report.rootCause);
    expect(report?.narrative).toBe('Still the database, really.');
    expect(report?.warnings?.join('\n')).toMatch(/gave no answer that could be read/);
  });
});

describe('grounding in the flow', () => {
  it('drops uncited evidence and an invented sha', async () => {
    const answer = answerJson({
      rootCause: {
        summary: 'bad commit',
        category: 'code_bug',
        service: 'checkout-api',
        deployment: null,
        commit: 'fedcba9876543',
        dependency: null,
        confidence: 0.95,
      },
      evidence: [
        { source: 'logs', tool: 'search_logs', call: 0, summary: 'cited' },
        { source: 'metrics', tool: 'get_error_rates', call: null, summary: 'never called' },
      ],
    });
    const { report } = await analyze([
      { toolCalls: [{ name: 'search_logs', args: { pattern: 'x' } }] },
      { text: answer },
    ]);
    expect(report?.evidence.map((e) => e.summary)).toEqual(['cited']);
    expect(report?.rootCause.commit).toBeNull();
    expect(report?.rootCause.confidence).toBeLessThanOrEqual(0.3);
    expect(report?.warnings?.join('\n')).toMatch(/evidence dropped[\s\S]*commit fedcba9876543/);
    expect(report?.diff).toBeUndefined();
  });
});

describe('http failures', () => {
  it('401 is unauthorized, one line', async () => {
    const err = await analyze([{ text: answerJson() }], {}, { apiKey: 'sk-right', key: 'sk-wrong' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PilotError);
    expect((err as PilotError).code).toBe('unauthorized');
    expect((err as PilotError).message).toMatch(/401 Unauthorized: Incorrect API key provided/);
  });

  it('401 while streaming is the same one line', async () => {
    const err = await analyze(
      [{ text: answerJson() }],
      { stream: true },
      { apiKey: 'sk-right', key: 'sk-wrong' },
    ).catch((e: unknown) => e);
    expect((err as PilotError).code).toBe('unauthorized');
  });

  it('429 is retried by the AI SDK after the Retry-After wait, then succeeds', async () => {
    const started = Date.now();
    const { report, chats } = await analyze([
      {
        status: 429,
        body: { error: { message: 'slow down', type: 'rate_limit' } },
        headers: { 'retry-after-ms': '300' },
      },
      { text: answerJson() },
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(chats).toHaveLength(2);
    expect(report?.rootCause.deployment).toBe('v2.4.1');
  });

  it("429 is rate_limited, with the server's words, when the retries run out", async () => {
    const err = await analyze(() => ({
      status: 429,
      body: { error: { message: 'quota' } },
      headers: { 'retry-after-ms': '5' },
    })).catch((e: unknown) => e);
    expect((err as PilotError).code).toBe('rate_limited');
    expect((err as PilotError).message).toMatch(/429 Too Many Requests: quota/);
    // The first request and the SDK's two retries.
    expect(fake?.chats()).toHaveLength(3);
  });

  it('a request past its time limit is a timeout', async () => {
    fake = await startFakeOpenAi([]);
    const never: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const err = await runLlmAnalyst({
      incident: 'x',
      caller: standardCaller(),
      engine: engineResult(),
      redact: true,
      onProgress: () => {},
      config: resolveProvider({ OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_MODEL: 'm' }, 'openai')!,
      fetch: never,
      limits: { wallTimeMs: 200, answerTimeMs: 200 },
    }).catch((e: unknown) => e);
    expect((err as PilotError).code).toBe('timeout');
  });
});

describe('redaction and transcript', () => {
  it('redacts what goes to a remote host and writes the exchanged bodies', async () => {
    fake = await startFakeOpenAi([
      { toolCalls: [{ name: 'search_logs', args: { pattern: 'pool' } }] },
      { text: answerJson() },
    ]);
    const target = fake.url;
    // A remote name on the wire, routed to the fake: redaction is on for non-loopback hosts.
    const reroute: typeof fetch = (url, init) => fetch(String(url).replace('http://llm.example.com', target), init);
    const transcriptPath = join(cwd, 'transcript.jsonl');
    const report = await runLlmAnalyst({
      incident: 'errors for bob@example.com',
      caller: standardCaller(),
      engine: engineResult(),
      redact: true,
      onProgress: () => {},
      config: resolveProvider(
        {
          OPENAI_BASE_URL: 'http://llm.example.com/v1',
          OPENAI_MODEL: 'm',
          OPENAI_API_KEY: 'sk-abcdefghijklmnopqrstuvwx',
        },
        'openai',
      )!,
      fetch: reroute,
      transcriptPath,
    });
    const sent = JSON.stringify(fake.chats().map((c) => c.body));
    expect(sent).not.toContain('bob@example.com');
    expect(sent).not.toContain('10.1.2.3');
    expect(sent).toContain('[REDACTED_EMAIL]');
    expect(report?.warnings?.join('\n')).toMatch(/redacted before sending to the model: .*email/);
    const lines = readFileSync(transcriptPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['request', 'response', 'request', 'response']);
    expect(lines[2].body).toBe(JSON.stringify(fake.chats()[1]!.body));
    expect(JSON.parse(lines[3].body).choices[0].message.content).toBe(answerJson());
    expect(lines[0].headers.authorization).not.toContain('abcdefghijklmnop');
  });

  it('sends the text as is to a loopback host, or with --no-redact', async () => {
    fake = await startFakeOpenAi([
      { toolCalls: [{ name: 'search_logs', args: { pattern: 'pool' } }] },
      { text: answerJson() },
    ]);
    await runLlmAnalyst({
      incident: 'errors for bob@example.com',
      caller: standardCaller(),
      engine: engineResult(),
      redact: true,
      onProgress: () => {},
      config: resolveProvider({ OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_MODEL: 'm' }, 'openai')!,
    });
    expect(JSON.stringify(fake.chats().map((c) => c.body))).toContain('bob@example.com');
  });
});
