// REST for investigations: start (operator), list, read, and follow progress as server-sent events.
import { ANALYSTS } from './engine-runner.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { PilotError } from '../core/errors.js';
import { parseDuration, parseTimeArg, toIso } from '../core/time.js';
import { sendJson } from './http.js';
import type { InvestigationQueue } from './investigations.js';
import type { Principal } from './roles.js';
import type { Store } from './store/store.js';
import type { UiInfo } from '../web/ui-info.js';

const startSchema = z.strictObject({
  incident: z.string().trim().min(1).max(4000),
  since: z.string().max(100).optional(),
  until: z.string().max(100).optional(),
  llm: z.string().max(200).optional(),
});

/** A time relative to "now" (2h, now-2h, now): the service cannot place it until the run knows its data's end. */
function isRelative(text: string): boolean {
  const t = text.trim();
  return t === 'now' || t.startsWith('now-') || parseDuration(t) !== null;
}

/** since/until must each read as a time, and since must come before until: else 400 naming the field. */
function checkWindow(since: string | undefined, until: string | undefined): void {
  const now = Date.now();
  const hint = 'use ISO 8601 (2025-01-15T14:45:00Z), epoch seconds, or a duration before now such as 2h';
  const read = (field: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    try {
      return parseTimeArg(text, now, `body.${field}`);
    } catch {
      throw new PilotError('bad_input', `body.${field}: cannot read "${text.slice(0, 100)}" as a time`, { hint });
    }
  };
  const from = read('since', since);
  const to = read('until', until);
  // Two relative times share one "now"; an absolute and a relative one are placed by the run, against the data.
  const comparable = since !== undefined && until !== undefined && isRelative(since) === isRelative(until);
  if (comparable && from !== undefined && to !== undefined && from >= to) {
    throw new PilotError('bad_input', `body.since (${toIso(from)}) must be before body.until (${toIso(to)})`);
  }
}

export async function startInvestigation(
  res: ServerResponse,
  body: unknown,
  principal: Principal,
  queue: InvestigationQueue,
): Promise<void> {
  const parsed = startSchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PilotError('bad_input', `body.${issue.path.join('.') || '(root)'}: ${issue.message}`, {
      hint: 'send {"incident": "...", "since"?: "...", "until"?: "...", "llm"?: "engine"}',
    });
  }
  checkWindow(parsed.data.since, parsed.data.until);
  const llm = parsed.data.llm ?? 'engine';
  if (!(ANALYSTS as readonly string[]).includes(llm)) {
    sendJson(res, 400, {
      error: { code: 'bad_input', message: `body.llm: "${llm}" is unknown; use one of ${ANALYSTS.join(', ')}` },
    });
    return;
  }
  const rec = await queue.submit(
    { incident: parsed.data.incident, since: parsed.data.since, until: parsed.data.until, llm },
    principal,
  );
  sendJson(
    res,
    202,
    { id: rec.id, status: rec.status, href: `/api/investigations/${rec.id}` },
    { location: `/api/investigations/${rec.id}` },
  );
}

export async function listInvestigations(res: ServerResponse, url: URL, store: Store, ui?: UiInfo): Promise<void> {
  const limit = Math.min(500, Math.max(1, Number(url.searchParams.get('limit') ?? 100) || 100));
  sendJson(res, 200, { investigations: await store.list(limit), ...(ui ? { ui } : {}) });
}

export async function getInvestigation(res: ServerResponse, id: string, store: Store): Promise<void> {
  const rec = await store.get(id);
  if (!rec) throw new PilotError('not_found', `no investigation "${id}"`);
  const { owner: _owner, heartbeatAt: _hb, ...visible } = rec;
  sendJson(res, 200, visible);
}

const TERMINAL = new Set(['done', 'failed']);

/** Replays stored events after Last-Event-ID, then streams new ones until the run ends or the client leaves. */
export async function streamEvents(
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  store: Store,
  queue: InvestigationQueue,
): Promise<void> {
  const rec = await store.get(id);
  if (!rec) throw new PilotError('not_found', `no investigation "${id}"`);
  let last = Number(req.headers['last-event-id'] ?? 0) || 0;
  let closed = false;
  let wake: (() => void) | undefined;
  const unsubscribe = queue.subscribe(id, () => wake?.());
  req.on('close', () => {
    closed = true;
    wake?.();
  });
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(': connected\n\n');
  try {
    let sawDone = false;
    while (!closed) {
      // Polling the store as well as waking on local events lets any replica stream any run.
      const events = await store.events(id, last).catch(() => []);
      for (const e of events) {
        res.write(
          `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify({ ...(e.data as object), time: e.time })}\n\n`,
        );
        last = e.seq;
        if (e.type === 'done') sawDone = true;
      }
      if (sawDone) break;
      const now = await store.get(id).catch(() => undefined);
      if (now && TERMINAL.has(now.status) && !events.length) {
        // The done event follows the final status by a moment; give it that moment before speaking for it.
        await new Promise((r) => setTimeout(r, 300));
        const late = await store.events(id, last).catch(() => []);
        for (const e of late) {
          res.write(
            `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify({ ...(e.data as object), time: e.time })}\n\n`,
          );
          last = e.seq;
          if (e.type === 'done') sawDone = true;
        }
        if (sawDone) break;
        // Ended without a done event (interrupted by a restart or a shutdown): say so and stop.
        res.write(`event: done\ndata: ${JSON.stringify({ status: now.status, error: now.error })}\n\n`);
        break;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    unsubscribe();
    res.end();
  }
}
