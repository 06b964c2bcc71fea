// A scripted Anthropic Messages API: POST /v1/messages (x-api-key, anthropic-version; tool_use blocks; SSE events when
// stream is true).
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

export interface FakeAnthropic extends FakeServer {
  messages(): RecordedRequest[];
}

const PATH = '/v1/messages';

function apiError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { type: 'error', error: { type, message } });
}

function respond(req: RecordedRequest, step: ScriptStep, res: ServerResponse, apiKey: string): void {
  if (!req.headers['anthropic-version'])
    return apiError(res, 400, 'invalid_request_error', 'anthropic-version header is required');
  if (req.headers['x-api-key'] !== apiKey) return apiError(res, 401, 'authentication_error', 'invalid x-api-key');
  if (isError(step)) return sendJson(res, step.status, step.body, step.headers);
  const model = String(req.body?.model ?? '');
  const content: Array<Record<string, unknown>> = [];
  if (step.text) content.push({ type: 'text', text: step.text });
  if ('toolCalls' in step)
    step.toolCalls.forEach((c, i) =>
      content.push({ type: 'tool_use', id: `toolu_${i}_${Date.now()}`, name: c.name, input: c.args }),
    );
  const stop_reason = 'toolCalls' in step && step.toolCalls.length ? 'tool_use' : 'end_turn';
  const usage = { input_tokens: step.usage?.input ?? 100, output_tokens: step.usage?.output ?? 20 };
  const id = 'msg_fake';
  if (!req.body?.stream)
    return sendJson(res, 200, {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content,
      stop_reason,
      stop_sequence: null,
      usage,
    });
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const event = (name: string, data: Record<string, unknown>) =>
    res.write(`event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`);
  event('message_start', {
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: usage.input_tokens, output_tokens: 1 },
    },
  });
  content.forEach((block, index) => {
    if (block.type === 'text') {
      event('content_block_start', { index, content_block: { type: 'text', text: '' } });
      event('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
    } else {
      event('content_block_start', {
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      event('content_block_delta', {
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
      });
    }
    event('content_block_stop', { index });
  });
  event('message_delta', {
    delta: { stop_reason, stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  event('message_stop', {});
  res.end();
}

export async function startFakeAnthropic(script: Script, opts: { apiKey: string }): Promise<FakeAnthropic> {
  const fake = await startFake(
    (r) => r.method === 'POST' && r.path === PATH,
    script,
    (req, step, res) => respond(req, step, res, opts.apiKey),
  );
  return { ...fake, messages: () => fake.requests.filter((r) => r.path === PATH) };
}
