// Two `serve` replicas on one real PostgreSQL: the same alert posted to both makes one investigation (a unique key in
// the database), either replica shows any run with its live events, and a replica killed with SIGKILL mid-investigation
// leaves the run to the other through its expiring lease: finished once, answered once. Skips without PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopback, type Loopback } from '../../fakes/loopback.js';
import { startSlackFake, type SlackFake } from '../../fakes/slack.js';
import { auth, CHECKOUT, getJson, postJson, startServe, TOKENS, waitFor, type Serve } from '../helpers.js';
import {
  ALERT_TOKENS_ENV,
  alertmanagerPayload,
  AM_TOKEN,
  investigationsOf,
  metricValue,
  SLACK_TOKEN,
} from './helpers.js';
import { openPostgresSql } from '../../../src/service/alerts/sql.js';
import { AlertStore } from '../../../src/service/alerts/store.js';
import { findPgBin, startPostgres, type PgCluster } from './pg.js';
import { missingTools, needsTitle } from '../../helpers/tools.js';

const MISSING = missingTools('test/service/alerts/replicas.test.ts', ['postgresql']);
const PG_BIN = findPgBin();

/**
 * A Prometheus that knows no metrics and answers slowly while `delayMs` says so: runs last long enough to be killed.
 */
async function startSlowPrometheus(): Promise<Loopback & { setDelay(ms: number): void }> {
  let delayMs = 0;
  const loop = await startLoopback(async (req) => {
    await new Promise((r) => setTimeout(r, delayMs));
    if (req.path === '/api/v1/status/buildinfo') return { json: { status: 'success', data: { version: '2.42.0' } } };
    if (req.path === '/api/v1/query_range' || req.path === '/api/v1/query')
      return { json: { status: 'success', data: { resultType: 'matrix', result: [] } } };
    if (req.path === '/api/v1/metadata') return { json: { status: 'success', data: {} } };
    return { json: { status: 'success', data: [] } };
  });
  return { ...loop, setDelay: (ms) => (delayMs = ms) };
}

async function events(url: string, id: string): Promise<Array<{ type: string; data: any }>> {
  const res = await fetch(`${url}/api/investigations/${id}/events`, { headers: auth(TOKENS.viewer) });
  const text = await res.text();
  return text
    .split('\n\n')
    .map((block) => ({ type: /^event: (.+)$/m.exec(block)?.[1] ?? '', data: /^data: (.+)$/m.exec(block)?.[1] }))
    .filter((e) => e.type && e.data)
    .map((e) => ({ type: e.type, data: JSON.parse(e.data!) }));
}

const payload = (name: string, fingerprint: string) =>
  alertmanagerPayload({ alertname: name }, [
    {
      labels: { alertname: name, service: 'checkout-api' },
      summary: '500 errors on checkout API',
      startsAt: '2025-01-15T14:46:00Z',
      fingerprint,
    },
  ]);

describe.skipIf(!PG_BIN)(needsTitle(MISSING, 'two replicas on one PostgreSQL'), () => {
  let pg: PgCluster;
  let prom: Awaited<ReturnType<typeof startSlowPrometheus>>;
  let slack: SlackFake;
  let a: Serve;
  let b: Serve;

  beforeAll(async () => {
    pg = await startPostgres(PG_BIN!);
    prom = await startSlowPrometheus();
    slack = await startSlackFake({ token: SLACK_TOKEN });
    const env = {
      INCIDENT_PILOT_TOKENS: ALERT_TOKENS_ENV,
      INCIDENT_PILOT_RATE_LIMIT: '100000',
      DATABASE_URL: pg.url,
      PROMETHEUS_URL: prom.url,
      INCIDENT_PILOT_LEASE_SECONDS: '3',
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      SLACK_CHANNEL: '#incidents',
    };
    [a, b] = await Promise.all([startServe(['--data', CHECKOUT], env), startServe(['--data', CHECKOUT], env)]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await slack?.close();
    await prom?.close();
    pg?.stop();
  });

  it('lets one claim of an open alert group win in the database, whichever connection makes it', async () => {
    const stores = [new AlertStore(openPostgresSql(pg.url)), new AlertStore(openPostgresSql(pg.url))];
    await Promise.all(stores.map((s) => s.init()));
    const now = new Date().toISOString();
    const alert = {
      text: 't',
      startsAt: Date.now(),
      status: 'firing' as const,
      endsAt: null,
      labels: {},
      component: null,
      groupKey: 'g',
      fingerprints: ['x'],
      alertname: null,
    };
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        stores[i % 2].insertGroup({
          investigationId: `claim-${i}`,
          openKey: 'alertmanager:race',
          baseKey: 'alertmanager:race',
          source: 'alertmanager',
          status: 'firing',
          alert,
          fingerprints: ['x'],
          repeats: 0,
          replyChannel: null,
          createdAt: now,
          updatedAt: now,
          resolvedAt: null,
        }),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(
      (await stores[0].sql.all('SELECT COUNT(*) AS n FROM alert_groups WHERE base_key = ?', ['alertmanager:race']))[0]
        .n,
    ).toBe('1');
    await Promise.all(stores.map((s) => s.close()));
  });

  it('makes one investigation of one alert group posted to both at once', async () => {
    const body = payload('BothReplicas', 'fp-both');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postJson(`${(i % 2 ? a : b).url}/api/alerts/alertmanager`, body, AM_TOKEN)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(202));
    const ids = new Set(answers.map((r) => r.body.investigation));
    expect(ids.size).toBe(1);
    expect(answers.filter((r) => r.body.outcome === 'started')).toHaveLength(1);
    for (const s of [a, b]) {
      const found = await getJson(`${s.url}/api/investigations?alert=fp-both`, TOKENS.viewer);
      expect(found.body.investigations.map((i: { id: string }) => i.id)).toEqual([...ids]);
    }
    expect(
      (await investigationsOf(a.url, TOKENS.viewer)).filter((i) => i.incident === '500 errors on checkout API'),
    ).toHaveLength(1);
  }, 60_000);

  it('shows a run started on one replica, live events included, from the other', async () => {
    const started = await postJson(`${a.url}/api/alerts/alertmanager`, payload('SeenFromB', 'fp-seen'), AM_TOKEN);
    const id = started.body.investigation;
    // Streamed from B while A runs it: the stream ends with A's done event.
    const streamed = await events(b.url, id);
    expect(streamed.map((e) => e.type)).toContain('tool_call');
    expect(streamed.at(-1)).toMatchObject({ type: 'done', data: { status: 'done' } });
    expect((await getJson(`${b.url}/api/investigations/${id}`, TOKENS.viewer)).body.status).toBe('done');
  }, 60_000);

  it('finishes on the other replica, once, the run of a replica killed with SIGKILL mid-investigation', async () => {
    prom.setDelay(1500);
    const started = await postJson(`${a.url}/api/alerts/alertmanager`, payload('KilledMidRun', 'fp-killed'), AM_TOKEN);
    expect(started.body.outcome).toBe('started');
    const id = started.body.investigation;
    const ownerA = await waitFor(
      'A to be running it',
      async () => {
        const evs = await getJson(`${b.url}/api/investigations/${id}`, TOKENS.viewer);
        if (evs.body.status !== 'running') return undefined;
        return (await fetchEventsSoFar(b.url, id)).find((e) => e.type === 'status')?.data.owner as string | undefined;
      },
      20_000,
      100,
    );
    await waitFor(
      'a tool call in flight',
      async () => ((await fetchEventsSoFar(b.url, id)).some((e) => e.type === 'tool_call') ? true : undefined),
      20_000,
      50,
    );
    a.child.kill('SIGKILL');
    await a.exited;
    prom.setDelay(0);
    const final = await waitFor(
      'B to finish it',
      async () => {
        const r = await getJson(`${b.url}/api/investigations/${id}`, TOKENS.viewer);
        return ['done', 'failed'].includes(r.body.status) ? r.body : undefined;
      },
      60_000,
      250,
    );
    expect(final.status).toBe('done');
    expect(final.report.rootCause.deployment).toBe('v2.4.1');
    const all = await events(b.url, id);
    const owners = all.filter((e) => e.type === 'status' && e.data.status === 'running').map((e) => e.data.owner);
    expect(owners).toHaveLength(2);
    expect(owners[0]).toBe(ownerA);
    expect(owners[1]).not.toBe(ownerA);
    expect(all.filter((e) => e.type === 'done')).toHaveLength(1);
    expect(await metricValue(b.url, 'incident_pilot_investigation_takeovers_total')).toBe(1);
    // One thread: the root A posted is updated by B with the answer, and no second root appears.
    await waitFor(
      'the answer in Slack',
      async () =>
        slack.posts.some(
          (p) =>
            /KilledMidRun|checkout/.test(p.text) && p.updates.some((u) => /v2\.4\.1/.test(JSON.stringify(u.blocks))),
        )
          ? true
          : undefined,
      20_000,
      100,
    );
    const deliveries = (await getJson(`${b.url}/api/investigations/${id}/alert`, TOKENS.viewer)).body.deliveries;
    expect(deliveries.filter((d: { kind: string }) => d.kind === 'root')).toHaveLength(1);
    expect(
      deliveries.filter((d: { kind: string; status: string }) => d.kind === 'result' && d.status === 'sent'),
    ).toHaveLength(1);
  }, 90_000);
});

/** The events stored so far (the stream would wait for the end). */
async function fetchEventsSoFar(url: string, id: string): Promise<Array<{ type: string; data: any }>> {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/investigations/${id}/events`, {
    headers: auth(TOKENS.viewer),
    signal: controller.signal,
  });
  const reader = res.body!.getReader();
  let text = '';
  const deadline = Date.now() + 400;
  while (Date.now() < deadline) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now())),
    ]);
    if (!chunk || chunk.done) break;
    text += new TextDecoder().decode(chunk.value);
  }
  controller.abort();
  return text
    .split('\n\n')
    .map((block) => ({ type: /^event: (.+)$/m.exec(block)?.[1] ?? '', data: /^data: (.+)$/m.exec(block)?.[1] }))
    .filter((e) => e.type && e.data)
    .map((e) => ({ type: e.type, data: JSON.parse(e.data!) }));
}
