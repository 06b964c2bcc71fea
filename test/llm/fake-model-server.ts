// A scripted model server on loopback: records every request; each fake (Ollama, OpenAI, Anthropic) renders the script
// in its protocol.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (or the raw text when it is not JSON). */
  body: any;
}

export interface ScriptedToolCall {
  name: string;
  args: Record<string, unknown>;
  /** Send these exact characters as the arguments (malformed calls, for OpenAI). */
  rawArguments?: string;
}

export type ScriptStep =
  | { toolCalls: ScriptedToolCall[]; text?: string; usage?: { input: number; output: number } }
  | { text: string; usage?: { input: number; output: number } }
  | { status: number; body: unknown; headers?: Record<string, string> };

/** A list consumed one step per model request, or a function of the request and its number. */
export type Script = ScriptStep[] | ((req: RecordedRequest, n: number) => ScriptStep);

export function isError(step: ScriptStep): step is { status: number; body: unknown; headers?: Record<string, string> } {
  return 'status' in step;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a server whose handler sees the parsed request and the next script step for model requests. */
export async function startFake(
  isModelRequest: (req: RecordedRequest) => boolean,
  script: Script,
  respond: (req: RecordedRequest, step: ScriptStep, res: ServerResponse) => void,
  other: (req: RecordedRequest, res: ServerResponse) => void = (_req, res) =>
    sendJson(res, 404, { error: 'not found' }),
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // keep the text
      }
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body,
      };
      requests.push(recorded);
      if (!isModelRequest(recorded)) return other(recorded, res);
      const step = typeof script === 'function' ? script(recorded, n) : script[n];
      n++;
      if (!step) return sendJson(res, 500, { error: `fake: script exhausted at request ${n}` });
      respond(recorded, step, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
