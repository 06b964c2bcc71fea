// Restarts of the real `serve` process: investigations survive, a SIGKILLed run is marked failed, SIGTERM drains;
// the rate limit answers 429 (the service in this process); a public bind without auth is refused; the store and audit file default to a
// per-user state folder.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHECKOUT,
  getJson,
  postJson,
  runServe,
  startServe,
  startServiceInProcess,
  tempDir,
  TOKENS,
  TOKENS_ENV,
  waitFor,
  type Serve,
  type Service,
} from './helpers.js';

const running: Serve[] = [];
const inProcess: Service[] = [];
afterEach(async () => {
  await Promise.all([...running.splice(0).map((s) => s.stop('SIGKILL')), ...inProcess.splice(0).map((s) => s.stop())]);
});

async function start(args: string[], env: Record<string, string>): Promise<Serve> {
  const s = await startServe(args, env);
  running.push(s);
  return s;
}

type Summary = { id: string; status: string; error?: string | null };

async function statuses(url: string): Promise<Summary[]> {
  return (await getJson(`${url}/api/investigations`, TOKENS.viewer)).body.investigations;
}

describe('serve: refusals', () => {
  it('refuses a public bind without auth configured, with a clear message and exit 2', async () => {
    const run = runServe(['--host', '0.0.0.0', '--port', '0', '--data', tempDir('ip-empty-')]);
    const { code } = await run.exited;
    expect(code).toBe(2);
    expect(run.stderr()).toMatch(/refusing to listen on 0\.0\.0\.0 without authentication/);
    expect(run.stderr()).toMatch(/INCIDENT_PILOT_TOKENS/);
  });

  it('answers 429 with Retry-After past the rate limit, per IP and per token', async () => {
    // The service's own limiter, not the process: in this process.
    const s = await startServiceInProcess(['--data', tempDir('ip-empty-'), '--db', `${tempDir('ip-db-')}/db.sqlite`], {
      INCIDENT_PILOT_TOKENS: TOKENS_ENV,
      INCIDENT_PILOT_RATE_LIMIT: '5',
    });
    inProcess.push(s);
    const codes: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${s.url}/api/investigations`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } });
      codes.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await res.text();
    }
    expect(codes.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(codes.slice(5)).toEqual([429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Probes are never rate limited: the platform must always be able to see the service.
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
  });
});

describe('serve: default paths', () => {
  it('keeps its store and audit file in the state folder, not the working directory', async () => {
    const cwd = tempDir('ip-cwd-');
    const state = tempDir('ip-xdg-');
    const s = await startServe(
      ['--data', CHECKOUT],
      { INCIDENT_PILOT_TOKENS: TOKENS_ENV, XDG_STATE_HOME: state, INCIDENT_PILOT_AUDIT_LOG: '' },
      45_000,
      { cwd },
    );
    running.push(s);
    expect(
      (await postJson(`${s.url}/api/investigations`, { incident: 'checkout errors' }, TOKENS.operator)).status,
    ).toBe(202);
    const audit = `${state}/incident-pilot/incident-pilot-audit.jsonl`;
    // Created, then written: wait for the line itself.
    await waitFor(
      'the audit line',
      async () =>
        existsSync(audit) && /"tool":"investigation.create"/.test(readFileSync(audit, 'utf8')) ? true : undefined,
      10_000,
    );
    expect(existsSync(`${state}/incident-pilot/incident-pilot.db`)).toBe(true);
    expect(readdirSync(cwd)).toEqual([]);
  }, 60_000);
});

describe('serve: restarts', () => {
  it('keeps investigations across restarts; a SIGKILL-interrupted run is failed; SIGTERM drains or fails, never loses', async () => {
    const db = `${tempDir('ip-db-')}/db.sqlite`;
    const env = {
      INCIDENT_PILOT_TOKENS: TOKENS_ENV,
      INCIDENT_PILOT_CONCURRENCY: '1',
      INCIDENT_PILOT_DRAIN_TIMEOUT_MS: '200',
    };
    const args = ['--data', CHECKOUT, '--db', db];

    // 1. One finished investigation.
    let s = await start(args, env);
    const first = (await postJson(`${s.url}/api/investigations`, { incident: 'checkout errors' }, TOKENS.operator)).body
      .id as string;
    await waitFor(
      'the first run',
      async () =>
        (await getJson(`${s.url}/api/investigations/${first}`, TOKENS.viewer)).body.status === 'done'
          ? true
          : undefined,
      60_000,
      200,
    );

    // 2. Several more, killed with SIGKILL while one runs.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (await postJson(`${s.url}/api/investigations`, { incident: `checkout errors ${i}` }, TOKENS.operator)).body.id,
      );
    await waitFor(
      'a run to start',
      async () => ((await statuses(s.url)).some((x) => x.status === 'running') ? true : undefined),
      30_000,
      20,
    );
    await s.stop('SIGKILL');

    s = await start(args, env);
    const afterKill = await statuses(s.url);
    expect(afterKill.find((x) => x.id === first)?.status).toBe('done');
    const interrupted = ids.map((id) => afterKill.find((x) => x.id === id)!);
    expect(interrupted.every((x) => x.status === 'done' || x.status === 'failed')).toBe(true);
    expect(interrupted.some((x) => x.status === 'failed')).toBe(true);
    const failedOne = interrupted.find((x) => x.status === 'failed')!;
    expect((await getJson(`${s.url}/api/investigations/${failedOne.id}`, TOKENS.viewer)).body.error).toMatch(
      /interrupted by a restart/,
    );
    const firstRecord = await getJson(`${s.url}/api/investigations/${first}`, TOKENS.viewer);
    expect(firstRecord.body.report.rootCause.deployment).toBeTruthy();

    // 3. SIGTERM with runs queued: it exits cleanly and every run ends done or failed.
    const more: string[] = [];
    for (let i = 0; i < 3; i++)
      more.push(
        (await postJson(`${s.url}/api/investigations`, { incident: `checkout errors again ${i}` }, TOKENS.operator))
          .body.id,
      );
    const exit = await s.stop('SIGTERM');
    expect(exit.code).toBe(0);
    s = await start(args, env);
    const afterTerm = await statuses(s.url);
    for (const id of more) expect(['done', 'failed']).toContain(afterTerm.find((x) => x.id === id)?.status);
    expect(afterTerm.length).toBe(7);
  }, 180_000);
});
