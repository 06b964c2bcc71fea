// GET /api/investigations: each row says when its run started and finished (null while it has not).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/report/schema.js';
import { hashToken } from '../../src/service/auth.js';
import { loadServiceConfig } from '../../src/service/config.js';
import type { InvestigationRunner } from '../../src/service/investigations.js';
import { startService, type RunningService } from '../../src/service/service.js';
import type { ToolBackend } from '../../src/service/supervisor.js';

const TOKEN = 'operator-token-1234';
const emptyBackend: ToolBackend = {
  tools: () => [],
  call: async () => ({ content: [] }),
  status: () => [],
  checkReady: async () => [],
  stop: async () => {},
};
const devNull = { write: () => true } as unknown as NodeJS.WritableStream;
const RUN_MS = 120;

function fakeReport(incident: string): Report {
  const root = {
    summary: 's',
    category: 'code_bug' as const,
    service: 'api',
    deployment: 'v2',
    commit: null,
    dependency: null,
    confidence: 0.5,
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
  } as unknown as Report;
}

let service: RunningService | undefined;
afterEach(async () => {
  await service?.shutdown('test');
  service = undefined;
});

describe('investigation list', () => {
  it('rows carry startedAt and finishedAt: both set once done, null while queued', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ip-list-'));
    const env = {
      INCIDENT_PILOT_TOKENS: `${TOKEN}:operator`,
      INCIDENT_PILOT_AUDIT_LOG: join(dir, 'audit.jsonl'),
      INCIDENT_PILOT_CONCURRENCY: '1',
      INCIDENT_PILOT_DRAIN_TIMEOUT_MS: '0',
    };
    const config = loadServiceConfig({ host: '127.0.0.1', port: 0, db: join(dir, 'db.sqlite') }, env, hashToken);
    let release: () => void = () => {};
    const blocked = new Promise<void>((r) => (release = r));
    let runs = 0;
    // The first run takes RUN_MS; the second waits behind it (concurrency 1) until the test lets it go.
    const runner: InvestigationRunner = async (input) => {
      runs++;
      await (runs === 1 ? new Promise((r) => setTimeout(r, RUN_MS)) : blocked);
      return fakeReport(input.incident);
    };
    service = await startService({
      config,
      source: { env: {} },
      backend: emptyBackend,
      runner,
      logDestination: devNull,
    });
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const start = async (incident: string) =>
      (
        (await (
          await fetch(`${service!.url}/api/investigations`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ incident }),
          })
        ).json()) as { id: string }
      ).id;
    const list = async () =>
      (
        (await (await fetch(`${service!.url}/api/investigations`, { headers })).json()) as {
          investigations: Array<Record<string, unknown>>;
        }
      ).investigations;
    const first = await start('first');
    const second = await start('second');
    let rows = await list();
    // The second starts a moment after the first is stored done: wait for both states.
    for (
      let i = 0;
      i < 100 &&
      (rows.find((r) => r.id === first)?.status !== 'done' || rows.find((r) => r.id === second)?.status !== 'running');
      i++
    ) {
      await new Promise((r) => setTimeout(r, 20));
      rows = await list();
    }
    const done = rows.find((r) => r.id === first)!;
    expect(done.status).toBe('done');
    const took = Date.parse(done.finishedAt as string) - Date.parse(done.startedAt as string);
    expect(took).toBeGreaterThanOrEqual(RUN_MS - 20);
    expect(Date.parse(done.startedAt as string)).toBeGreaterThanOrEqual(Date.parse(done.createdAt as string));
    const running = rows.find((r) => r.id === second)!;
    expect(running).toMatchObject({ status: 'running', finishedAt: null });
    expect(typeof running.startedAt).toBe('string');
    release();
  });
});
