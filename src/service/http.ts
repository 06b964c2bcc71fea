// Small HTTP helpers for node:http: bounded JSON bodies and uniform JSON errors.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeError, HTTP_STATUSES, isPilotError, PilotError } from '../core/errors.js';
import type { Principal, Role } from './roles.js';

/** One route of the service: its metrics label, the least role that may call it, and its handler. */
export interface Route {
  label: string;
  role?: Role;
  handle(
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
    url: URL,
    match: RegExpExecArray,
  ): Promise<void>;
}

export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const text = (await readRawBody(req, limitBytes)).toString('utf8');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PilotError('bad_input', `request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** The body as sent (signatures are computed over these exact bytes), within the size limit. */
export async function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limitBytes)
    throw new PilotError('bad_input', `request body of ${declared} bytes is over the ${limitBytes}-byte limit`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) {
      req.destroy();
      throw new PilotError('bad_input', `request body is over the ${limitBytes}-byte limit`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function statusOf(err: unknown): number {
  return isPilotError(err) ? HTTP_STATUSES[err.code] : 500;
}

export function sendError(res: ServerResponse, err: unknown, headers: Record<string, string> = {}): void {
  const status = statusOf(err);
  const code = isPilotError(err) ? err.code : 'internal';
  const message = status === 500 && !isPilotError(err) ? 'internal error' : describeError(err);
  if (status === 401) headers = { 'www-authenticate': 'Bearer realm="incident-pilot"', ...headers };
  sendJson(res, status, { error: { code, message } }, headers);
}
