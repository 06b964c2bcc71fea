// A Slack fake on loopback with the real paths and shapes: the Web API (POST /api/chat.postMessage, /api/chat.update,
// /api/auth.test; form or JSON bodies; bearer token; 200 {ok:false,error} for API errors, 429 + Retry-After when rate
// limited), incoming webhooks (POST /services/T/B/X: "ok" or an error word with 400/403/404/410) and slash-command
// response_url (POST /commands/...). A script of failures (429, 500, a hang past the client's timeout, an ok:false
// error) is played before normal answers.
import { startLoopback, type FakeReply, type FakeRequest, type Loopback } from './loopback.js';

export interface SlackPost {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  threadTs: string | null;
  /** Later versions from chat.update, oldest first. */
  updates: Array<{ text: string; blocks: unknown[] }>;
}

export type SlackFailure =
  | { kind: '429'; retryAfter: number }
  | { kind: '500' }
  | { kind: 'hang'; ms: number }
  | { kind: 'error'; error: string };

export interface SlackFake extends Loopback {
  apiUrl: string;
  /** Incoming-webhook URL the fake accepts. */
  webhookUrl: string;
  /** A slash command's response_url. */
  responseUrl: string;
  posts: SlackPost[];
  webhookPosts: Array<{ text: string; blocks: unknown[] }>;
  responses: unknown[];
  /** Every Web API call: method and when it came (ms), failures included. */
  calls: Array<{ method: string; at: number }>;
  /** Plays these answers, in order, to the next Web API calls. */
  script(...failures: SlackFailure[]): void;
  /** The posts and their updates in one text, for assertions on what a reader would see. */
  textOf(post: SlackPost): string;
}

export interface SlackFakeOptions {
  token: string;
  /** Channels that do not exist (channel_not_found). */
  missingChannels?: string[];
}

function bodyOf(req: FakeRequest): Record<string, unknown> {
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/json')) return JSON.parse(req.body || '{}') as Record<string, unknown>;
  const form = Object.fromEntries(new URLSearchParams(req.body));
  // Form bodies carry arrays and objects JSON-encoded, as the Web API documents.
  for (const k of ['blocks', 'attachments'])
    if (typeof form[k] === 'string') (form as Record<string, unknown>)[k] = JSON.parse(form[k]);
  return form;
}

/**
 * Blocks Slack would refuse: not an array, a block without a type, a header over 150 characters, a section over 3000.
 */
function invalidBlocks(blocks: unknown): boolean {
  if (blocks === undefined) return false;
  if (!Array.isArray(blocks) || blocks.length > 50) return true;
  return blocks.some((b) => {
    const block = b as { type?: string; text?: { text?: string } };
    if (!block?.type) return true;
    if (block.type === 'header' && (block.text?.text ?? '').length > 150) return true;
    return block.type === 'section' && (block.text?.text ?? '').length > 3000;
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSlackFake(opts: SlackFakeOptions): Promise<SlackFake> {
  const posts: SlackPost[] = [];
  const webhookPosts: SlackFake['webhookPosts'] = [];
  const responses: unknown[] = [];
  const calls: SlackFake['calls'] = [];
  const pending: SlackFailure[] = [];
  let clock = 1_700_000_000;
  const channelId = (name: string) =>
    /^[CGD][A-Z0-9]+$/.test(name)
      ? name
      : `C${Buffer.from(name.replace(/^#/, '')).toString('hex').slice(0, 10).toUpperCase()}`;
  const missing = new Set((opts.missingChannels ?? []).map(channelId));

  const webApi = async (method: string, req: FakeRequest): Promise<FakeReply> => {
    calls.push({ method, at: Date.now() });
    const failure = pending.shift();
    if (failure?.kind === '429')
      return {
        status: 429,
        headers: { 'retry-after': String(failure.retryAfter) },
        json: { ok: false, error: 'ratelimited' },
      };
    if (failure?.kind === '500') return { status: 500, text: 'Internal Server Error' };
    if (failure?.kind === 'hang') {
      // Longer than the client waits: it has given up by then, and nothing is posted.
      await sleep(failure.ms);
      return { status: 200, json: { ok: false, error: 'request_timeout' } };
    }
    if (failure?.kind === 'error') return { json: { ok: false, error: failure.error } };
    const auth = String(req.headers.authorization ?? '');
    if (!auth) return { json: { ok: false, error: 'not_authed' } };
    if (auth !== `Bearer ${opts.token}`) return { json: { ok: false, error: 'invalid_auth' } };
    const body = bodyOf(req);
    if (method === 'auth.test')
      return {
        json: {
          ok: true,
          url: 'https://fake.slack.test/',
          team: 'Fake',
          user: 'incident-pilot',
          team_id: 'T0FAKE',
          user_id: 'U0BOT',
        },
      };
    const channel = channelId(String(body.channel ?? ''));
    if (!body.channel || missing.has(channel)) return { json: { ok: false, error: 'channel_not_found' } };
    if (!body.text && !body.blocks) return { json: { ok: false, error: 'no_text' } };
    if (invalidBlocks(body.blocks)) return { json: { ok: false, error: 'invalid_blocks' } };
    if (method === 'chat.postMessage') {
      const threadTs = body.thread_ts ? String(body.thread_ts) : null;
      if (threadTs && !posts.some((p) => p.ts === threadTs && p.channel === channel))
        return { json: { ok: false, error: 'thread_not_found' } };
      const ts = `${clock++}.000100`;
      const post: SlackPost = {
        channel,
        ts,
        text: String(body.text ?? ''),
        blocks: (body.blocks as unknown[]) ?? [],
        threadTs,
        updates: [],
      };
      posts.push(post);
      return {
        json: {
          ok: true,
          channel,
          ts,
          message: {
            type: 'message',
            text: post.text,
            blocks: post.blocks,
            ts,
            ...(threadTs ? { thread_ts: threadTs } : {}),
          },
        },
      };
    }
    if (method === 'chat.update') {
      const post = posts.find((p) => p.ts === String(body.ts) && p.channel === String(body.channel));
      if (!post)
        return {
          json: {
            ok: false,
            error: /^[CGD][A-Z0-9]+$/.test(String(body.channel)) ? 'message_not_found' : 'channel_not_found',
          },
        };
      post.updates.push({ text: String(body.text ?? ''), blocks: (body.blocks as unknown[]) ?? [] });
      return {
        json: {
          ok: true,
          channel: post.channel,
          ts: post.ts,
          text: body.text,
          message: { text: body.text, blocks: body.blocks },
        },
      };
    }
    return { json: { ok: false, error: 'unknown_method' } };
  };

  const loop = await startLoopback(async (req) => {
    const api = /^\/api\/([\w.]+)$/.exec(req.path);
    if (api && req.method === 'POST') return webApi(api[1], req);
    if (req.path === '/services/T0FAKE/B0FAKE/secretpath' && req.method === 'POST') {
      let body: { text?: string; blocks?: unknown[] };
      try {
        body = JSON.parse(req.body) as typeof body;
      } catch {
        return { status: 400, text: 'invalid_payload' };
      }
      if (!body.text && !body.blocks) return { status: 400, text: 'no_text' };
      if (invalidBlocks(body.blocks)) return { status: 400, text: 'invalid_blocks' };
      webhookPosts.push({ text: body.text ?? '', blocks: body.blocks ?? [] });
      return { text: 'ok', headers: { 'content-type': 'text/html' } };
    }
    if (req.path.startsWith('/services/')) return { status: 404, text: 'no_service' };
    if (req.path.startsWith('/commands/') && req.method === 'POST') {
      responses.push(JSON.parse(req.body || '{}'));
      return { json: { ok: true } };
    }
    return { status: 404, text: 'not found' };
  });

  return {
    ...loop,
    apiUrl: `${loop.url}/api/`,
    webhookUrl: `${loop.url}/services/T0FAKE/B0FAKE/secretpath`,
    responseUrl: `${loop.url}/commands/T0FAKE/1234/abcd`,
    posts,
    webhookPosts,
    responses,
    calls,
    script: (...failures) => pending.push(...failures),
    textOf: (post) => JSON.stringify([post.text, post.blocks, ...post.updates.map((u) => [u.text, u.blocks])]),
  };
}
