// A scripted OpenAI-compatible server: POST /v1/chat/completions (tools, tool_calls with JSON-string arguments; SSE
// when stream is true).
import type { ServerResponse } from 'node:http';
import {
  isError,
  sendJson,
  startFake,
  type FakeServer,
  type RecordedRequest,
  type Script,
  type ScriptStep,
} from '../llm/fake-model-server.js';

export interface FakeOpenAi extends FakeServer {
  chats(): RecordedRequest[];
}

const PATH = '/v1/chat/completions';

function respond(req: RecordedRequest, step: ScriptStep, res: ServerResponse, apiKey?: string): void {
  if (apiKey !== undefined && req.headers.authorization !== `Bearer ${apiKey}`) {
    return sendJson(res, 401, {
      error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' },
    });
  }
  if (isError(step)) return sendJson(res, step.status, step.body, step.headers);
  const model = String(req.body?.model ?? '');
  const calls =
    'toolCalls' in step
      ? step.toolCalls.map((c, i) => ({
          id: `call_${Date.now()}_${i}`,
          type: 'function',
          function: { name: c.name, arguments: c.rawArguments ?? JSON.stringify(c.args) },
        }))
      : [];
  const finish_reason = calls.length ? 'tool_calls' : 'stop';
  const usage = {
    prompt_tokens: step.usage?.input ?? 100,
    completion_tokens: step.usage?.output ?? 20,
    total_tokens: (step.usage?.input ?? 100) + (step.usage?.output ?? 20),
  };
  const base = { id: 'chatcmpl-fake', created: Math.floor(Date.now() / 1000), model };
  if (!req.body?.stream) {
    const message = { role: 'assistant', content: step.text ?? null, ...(calls.length ? { tool_calls: calls } : {}) };
    return sendJson(res, 200, {
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message, finish_reason }],
      usage,
    });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (delta: unknown, finish: string | null) =>
    res.write(
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
    );
  chunk({ role: 'assistant', content: '' }, null);
  const text = step.text ?? '';
  const half = Math.ceil(text.length / 2);
  for (const piece of [text.slice(0, half), text.slice(half)].filter(Boolean)) chunk({ content: piece }, null);
  calls.forEach((c, index) => {
    chunk(
      { tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } }] },
      null,
    );
    chunk({ tool_calls: [{ index, function: { arguments: c.function.arguments } }] }, null);
  });
  chunk({}, finish_reason);
  res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`);
  res.end('data: [DONE]\n\n');
}

/** apiKey: when given, other keys get OpenAI's 401. */
export async function startFakeOpenAi(script: Script, opts: { apiKey?: string } = {}): Promise<FakeOpenAi> {
  const fake = await startFake(
    (r) => r.method === 'POST' && r.path === PATH,
    script,
    (req, step, res) => respond(req, step, res, opts.apiKey),
  );
  return { ...fake, chats: () => fake.requests.filter((r) => r.path === PATH) };
}
