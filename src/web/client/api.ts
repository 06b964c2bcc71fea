// Talking to the service: JSON over fetch with the bearer token when one is stored, and the events stream read
// with fetch (not EventSource) so that it can carry the Authorization header too.
const TOKEN_KEY = 'incident-pilot-token';

export class AuthRequired extends Error {
  constructor(message: string) {
    super(message);
  }
}

export function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage off (private mode): the token lives only as long as this page
  }
  memoryToken = token || null;
}

let memoryToken: string | null = null;

function authHeaders(): Record<string, string> {
  const token = readToken() ?? memoryToken;
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function errorOf(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { message?: string } };
    return body.error?.message ?? `HTTP ${res.status}`;
  } catch {
    return text.slice(0, 200) || `HTTP ${res.status}`;
  }
}

export async function requestJson<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers: {
      accept: 'application/json',
      ...authHeaders(),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  if (res.status === 401) throw new AuthRequired(await errorOf(res));
  if (!res.ok) throw new Error(await errorOf(res));
  return (await res.json()) as T;
}

export interface StreamEvent {
  type: string;
  id: string | null;
  data: Record<string, unknown>;
}

/** Parses one server-sent-events block ("event:", "data:", "id:" lines); comments and empty blocks give null. */
export function parseEventBlock(block: string): StreamEvent | null {
  let type = 'message';
  let id: string | null = null;
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  }
  if (!data.length) return null;
  try {
    return { type, id, data: JSON.parse(data.join('\n')) as Record<string, unknown> };
  } catch {
    return { type, id, data: { text: data.join('\n') } };
  }
}

/** Follows an investigation's events until the stream ends or signal aborts; reconnects after Last-Event-ID. */
export async function followEvents(id: string, onEvent: (e: StreamEvent) => void, signal: AbortSignal): Promise<void> {
  let lastId: string | null = null;
  for (let attempt = 0; attempt < 5 && !signal.aborted; attempt++) {
    let ended = false;
    try {
      const res = await fetch(`/api/investigations/${encodeURIComponent(id)}/events`, {
        headers: { accept: 'text/event-stream', ...authHeaders(), ...(lastId ? { 'last-event-id': lastId } : {}) },
        signal,
      });
      if (res.status === 401) throw new AuthRequired(await errorOf(res));
      if (!res.ok || !res.body) throw new Error(await errorOf(res));
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut: number;
        while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, '');
          const event = parseEventBlock(block);
          if (!event) continue;
          if (event.id) lastId = event.id;
          onEvent(event);
          if (event.type === 'done') ended = true;
        }
      }
    } catch (err) {
      if (err instanceof AuthRequired || signal.aborted) throw err;
    }
    if (ended) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
