// PostgreSQL store with a throwaway cluster (Debian's postgresql): the store contract, and the service `serve` runs
// (in this process) answering clear 503s while the database is stopped and recovering when it returns. Skips when
// PostgreSQL is absent.
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPilotError } from '../../src/core/errors.js';
import { createPostgresStore } from '../../src/service/store/postgres.js';
import { getJson, startServiceInProcess, tempDir, TOKENS, TOKENS_ENV, waitFor, type Service } from './helpers.js';
import { findPgBin, missingTools, needsTitle } from '../helpers/tools.js';

const MISSING = missingTools('test/service/postgres.test.ts', ['postgresql']);
const PG_BIN = findPgBin();

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** postgres refuses to run as root: run its tools as the postgres user then. */
function pg(tool: string, args: string[]): string {
  const asRoot = process.getuid?.() === 0;
  const [cmd, all] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', `${PG_BIN}/${tool}`, ...args]]
    : [`${PG_BIN}/${tool}`, args];
  return execFileSync(cmd, all as string[], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe.skipIf(!PG_BIN)(needsTitle(MISSING, 'PostgreSQL store'), () => {
  let dir: string;
  let port: number;
  let url: string;
  const startDb = () =>
    pg('pg_ctl', [
      '-D',
      `${dir}/data`,
      '-l',
      `${dir}/log`,
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
      'start',
    ]);
  const stopDb = () => pg('pg_ctl', ['-D', `${dir}/data`, '-m', 'fast', '-w', 'stop']);

  beforeAll(async () => {
    dir = tempDir('ip-pg-');
    chmodSync(dir, 0o777);
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
    port = await freePort();
    pg('initdb', ['-D', `${dir}/data`, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    startDb();
    url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }, 60_000);

  afterAll(() => {
    try {
      stopDb();
    } catch {
      // already stopped
    }
  });

  it('stores investigations and ordered events, and finds abandoned runs by heartbeat', async () => {
    const store = createPostgresStore(url);
    await store.init();
    const now = new Date().toISOString();
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    const base = {
      incident: 'x',
      since: null,
      until: null,
      llm: 'engine',
      createdBy: 'me',
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      error: null,
      report: null,
      culprit: null,
      confidence: null,
    };
    await store.create({ ...base, id: 'fresh', status: 'running', owner: 'other', heartbeatAt: now });
    await store.create({ ...base, id: 'stale', status: 'running', owner: 'other', heartbeatAt: old });
    await store.create({ ...base, id: 'mine', status: 'queued', owner: 'me', heartbeatAt: now });
    expect(await store.appendEvent('fresh', 'step', { m: 1 })).toBe(1);
    expect(await store.appendEvent('fresh', 'done', { m: 2 })).toBe(2);
    expect((await store.events('fresh', 1)).map((e) => e.type)).toEqual(['done']);
    await store.update('fresh', { status: 'done', culprit: 'api v2', confidence: 0.5 });
    expect(await store.failAbandoned('interrupted', { staleMs: 60_000, owner: 'me' })).toBe(2);
    expect((await store.get('stale'))!.status).toBe('failed');
    expect((await store.get('mine'))!.status).toBe('failed');
    expect((await store.get('fresh'))!).toMatchObject({ status: 'done', culprit: 'api v2', confidence: 0.5 });
    expect((await store.list(10)).length).toBe(3);
    await store.close();
  });

  it('maps a database that refuses writes (read-only) to a clear 503, caught by the write probe', async () => {
    const store = createPostgresStore(`${url}?options=${encodeURIComponent('-c default_transaction_read_only=on')}`);
    try {
      await store.ping();
      const err = await store.probeWrite().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isPilotError(err) && err.code).toBe('backend_unavailable');
      expect((err as Error).message).toMatch(
        /PostgreSQL store at .* is unavailable: cannot execute INSERT in a read-only transaction/,
      );
    } finally {
      await store.close();
    }
  });

  it('serve answers clear 503s while the database is down and recovers when it returns', async () => {
    const serve: Service = await startServiceInProcess(['--data', tempDir('ip-empty-')], {
      INCIDENT_PILOT_TOKENS: TOKENS_ENV,
      DATABASE_URL: url,
    });
    try {
      expect((await getJson(`${serve.url}/api/investigations`, TOKENS.viewer)).status).toBe(200);
      stopDb();
      const down = await getJson(`${serve.url}/api/investigations`, TOKENS.viewer);
      expect(down.status).toBe(503);
      expect(down.body.error.message).toMatch(
        /PostgreSQL store at postgres:\/\/127\.0\.0\.1:\d+\/postgres is unavailable/,
      );
      const ready = await getJson(`${serve.url}/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body.store.ok).toBe(false);
      expect((await getJson(`${serve.url}/health`)).status).toBe(200);
      startDb();
      await waitFor(
        'the store to recover',
        async () =>
          (await getJson(`${serve.url}/api/investigations`, TOKENS.viewer)).status === 200 ? true : undefined,
        20_000,
        250,
      );
      await waitFor(
        '/ready to recover',
        async () => ((await getJson(`${serve.url}/ready`)).status === 200 ? true : undefined),
        5000,
        100,
      );
    } finally {
      await serve.stop();
    }
  }, 60_000);
});
