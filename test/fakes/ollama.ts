// A scripted Ollama: POST /api/chat (tools, message.tool_calls with object arguments; NDJSON when stream is true), GET
// /api/tags.
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

export interface FakeOllama extends FakeServer {
  /** The /api/chat requests, in order. */
  chats(): RecordedRequest[];
}

function message(step: Exclude<ScriptStep, { status: number }>) {
  return {
    role: 'assistant',
    content: step.text ?? '',
    ...('toolCalls' in step
      ? { tool_calls: step.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.args } })) }
      : {}),
  };
}

function respond(req: RecordedRequest, step: ScriptStep, res: ServerResponse, models?: string[]): void {
  const model = String(req.body?.model ?? '');
  if (models && !models.includes(model))
    return sendJson(res, 404, { error: `model "${model}" not found, try pulling it first` });
  if (isError(step)) return sendJson(res, step.status, step.body, step.headers);
  const usage = { prompt_eval_count: step.usage?.input ?? 100, eval_count: step.usage?.output ?? 20 };
  const created_at = new Date().toISOString();
  const done_reason = 'stop';
  if (req.body?.stream === false) {
    return sendJson(res, 200, { model, created_at, message: message(step), done: true, done_reason, ...usage });
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  const msg = message(step);
  // Text in two pieces, then the tool calls, then the closing line with the counts.
  const text = msg.content;
  const half = Math.ceil(text.length / 2);
  for (const piece of [text.slice(0, half), text.slice(half)].filter(Boolean)) {
    res.write(
      `${JSON.stringify({ model, created_at, message: { role: 'assistant', content: piece }, done: false })}\n`,
    );
  }
  if (msg.tool_calls)
    res.write(
      `${JSON.stringify({ model, created_at, message: { role: 'assistant', content: '', tool_calls: msg.tool_calls }, done: false })}\n`,
    );
  res.end(
    `${JSON.stringify({ model, created_at, message: { role: 'assistant', content: '' }, done: true, done_reason, ...usage })}\n`,
  );
}

/** models: the names it knows (others get Ollama's 404 "model not found"); all when omitted. */
export async function startFakeOllama(script: Script, opts: { models?: string[] } = {}): Promise<FakeOllama> {
  const fake = await startFake(
    (r) => r.method === 'POST' && r.path === '/api/chat',
    script,
    (req, step, res) => respond(req, step, res, opts.models),
    (req, res) => {
      if (req.path === '/api/tags')
        return sendJson(res, 200, { models: (opts.models ?? []).map((name) => ({ name, model: name })) });
      return sendJson(res, 404, { error: '404 page not found' });
    },
  );
  return { ...fake, chats: () => fake.requests.filter((r) => r.path === '/api/chat') };
}
