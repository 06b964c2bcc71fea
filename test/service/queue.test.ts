// The investigation queue over the SQLite store: concurrency limit, events in order, failures, queue cap, drain.
import { afterEach, describe, expect, it } from 'vitest';
import { InvestigationQueue, type InvestigationRunner } from '../../src/service/investigations.js';
import { createSqliteStore } from '../../src/service/store/sqlite.js';
import type { Store } from '../../src/service/store/store.js';
import type { Report } from '../../src/report/schema.js';
import { tempDir } from './helpers.js';

const principal = { subject: 'token:test', role: 'operator' as const };

function fakeReport(incident: string): Report {
  const root = {
    summary: 's',
    category: 'code_bug' as const,
    service: 'api',
    deployment: 'v2',
    commit: 'abcdef1234567',
    dependency: null,
    confidence: 0.7,
  };
  return {
    incident,
    analyst: 'engine',
    window: { from: 'a', to: 'b' },
    onset: null,
    sources: {},
    rootCause: root,
    hypotheses: [root],
    timeline: [],
    evidence: [],
    recommendations: [],
    toolCalls: [],
  };
}

async function waitStatus(store: Store, id: string, status: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await store.get(id))?.status === status) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${id} never became ${status}`);
}

let queue: InvestigationQueue | undefined;
afterEach(async () => {
  await queue?.drain(0);
});

describe('InvestigationQueue', () => {
  it('runs at most `concurrency` at once and stores events and the report', async () => {
    const store = createSqliteStore(`${tempDir('ip-q-')}/db.sqlite`);
    await store.init();
    let running = 0;
    let peak = 0;
    const runner: InvestigationRunner = async (input, ctx) => {
      running++;
      peak = Math.max(peak, running);
      ctx.emit('step', { message: 'one' });
      ctx.emit('tool_call', { tool: 'get_deployments' });
      await new Promise((r) => setTimeout(r, 50));
      running--;
      return fakeReport(input.incident);
    };
    queue = new InvestigationQueue(store, runner, { concurrency: 2, maxQueued: 10, owner: 'me' });
    const recs = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => queue!.submit({ incident: `i${i}`, llm: 'engine' }, principal)),
    );
    for (const r of recs) await waitStatus(store, r.id, 'done');
    expect(peak).toBe(2);
    const done = await store.get(recs[0].id);
    expect(done).toMatchObject({
      status: 'done',
      culprit: 'api v2 abcdef123456',
      confidence: 0.7,
      createdBy: 'token:test',
    });
    expect(done!.report!.incident).toBe('i1');
    const events = await store.events(recs[0].id, 0);
    expect(events.map((e) => e.type)).toEqual(['status', 'step', 'tool_call', 'done']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(await store.events(recs[0].id, 2)).toHaveLength(2);
    expect((await store.list(10)).length).toBe(5);
  });

  it('marks a failing run failed with its message', async () => {
    const store = createSqliteStore(`${tempDir('ip-q-')}/db.sqlite`);
    await store.init();
    queue = new InvestigationQueue(store, async () => Promise.reject(new Error('no data')), {
      concurrency: 1,
      maxQueued: 10,
      owner: 'me',
    });
    const rec = await queue.submit({ incident: 'x', llm: 'engine' }, principal);
    await waitStatus(store, rec.id, 'failed');
    expect((await store.get(rec.id))!.error).toBe('no data');
  });

  it('refuses past the queue cap, and drain marks unfinished runs failed', async () => {
    const store = createSqliteStore(`${tempDir('ip-q-')}/db.sqlite`);
    await store.init();
    const forever: InvestigationRunner = () => new Promise(() => {});
    queue = new InvestigationQueue(store, forever, { concurrency: 1, maxQueued: 2, owner: 'me' });
    const a = await queue.submit({ incident: 'a', llm: 'engine' }, principal);
    await waitStatus(store, a.id, 'running');
    const b = await queue.submit({ incident: 'b', llm: 'engine' }, principal);
    await queue.submit({ incident: 'c', llm: 'engine' }, principal);
    await expect(queue.submit({ incident: 'd', llm: 'engine' }, principal)).rejects.toThrow(/queue is full/);
    const result = await queue.drain(50);
    expect(result.failed).toBe(3);
    expect((await store.get(a.id))!.status).toBe('failed');
    expect((await store.get(b.id))!.error).toMatch(/shutdown/);
    queue = undefined;
  });

  it('on start, marks runs left running or queued by a crash as failed', async () => {
    const path = `${tempDir('ip-q-')}/db.sqlite`;
    const store = createSqliteStore(path);
    await store.init();
    const stuck = new InvestigationQueue(store, () => new Promise(() => {}), {
      concurrency: 1,
      maxQueued: 5,
      owner: 'me',
    });
    const r = await stuck.submit({ incident: 'x', llm: 'engine' }, principal);
    await waitStatus(store, r.id, 'running');
    await store.close();
    const reopened = createSqliteStore(path);
    await reopened.init();
    expect(await reopened.failAbandoned('interrupted by a restart', { staleMs: 60_000, owner: 'me' })).toBe(1);
    expect(await reopened.get(r.id)).toMatchObject({ status: 'failed', error: 'interrupted by a restart' });
    await reopened.close();
  });
});
