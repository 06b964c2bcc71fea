// An alert storm: 200 distinct groups posted at once all become investigations that run under the concurrency cap and
// finish (none lost), against the service `serve` runs, in this process; past the pending cap, against the real
// `serve` (whose runs wait on server subprocesses, so posts outpace them), what is shed is recorded, counted and
// retried by a repeat notification.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getJson,
  postJson,
  startServe,
  startServiceInProcess,
  tempDir,
  TOKENS,
  waitFor,
  type Serve,
  type Service,
} from '../helpers.js';
import {
  ALERT_TOKENS_ENV,
  alertmanagerPayload,
  AM_TOKEN,
  investigationsOf,
  metricValue,
  writeServiceConfig,
} from './helpers.js';

/** A small incident bundle, so that each of the many investigations is quick. */
function smallBundle(): string {
  const dir = tempDir('ip-storm-data-');
  mkdirSync(join(dir, 'logs'));
  const lines: string[] = [];
  for (let m = 0; m < 30; m++) {
    const t = new Date(Date.UTC(2025, 2, 1, 10, m)).toISOString();
    lines.push(JSON.stringify({ timestamp: t, level: 'info', service: 'api', message: `GET /v1/items/${m} 200` }));
    if (m >= 20)
      lines.push(
        JSON.stringify({
          timestamp: t,
          level: 'error',
          service: 'api',
          message: `upstream db timed out after ${900 + m}ms`,
        }),
      );
  }
  writeFileSync(join(dir, 'logs', 'api.jsonl'), lines.join('\n') + '\n');
  writeFileSync(
    join(dir, 'deployments.json'),
    JSON.stringify([
      {
        id: 'd1',
        service: 'api',
        version: 'v9',
        environment: 'production',
        started_at: '2025-03-01T10:17:00Z',
        finished_at: '2025-03-01T10:18:00Z',
        status: 'succeeded',
      },
    ]),
  );
  return dir;
}

/** The most intervals open at one time; an interval ending at the instant another starts does not overlap it. */
function maxOverlap(intervals: Array<[number, number]>): number {
  const edges = intervals.flatMap(([start, end]) => [
    { at: start, step: 1 },
    { at: end, step: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let open = 0;
  let most = 0;
  for (const e of edges) most = Math.max(most, (open += e.step));
  return most;
}

const groupPayload = (i: number) =>
  alertmanagerPayload({ alertname: `Storm${i}` }, [
    {
      labels: { alertname: `Storm${i}`, service: 'api' },
      summary: `storm alert ${i}`,
      startsAt: '2025-03-01T10:21:00Z',
      fingerprint: `storm-${i}`,
    },
  ]);

describe('an alert storm', () => {
  let serve: Service;
  const data = smallBundle();

  beforeAll(async () => {
    serve = await startServiceInProcess(['--data', data, '--db', `${tempDir('ip-storm-')}/db.sqlite`], {
      INCIDENT_PILOT_TOKENS: ALERT_TOKENS_ENV,
      INCIDENT_PILOT_RATE_LIMIT: '100000',
      INCIDENT_PILOT_CONCURRENCY: '3',
    });
  }, 60_000);

  afterAll(async () => {
    await serve?.stop();
  });

  it('runs 200 distinct groups posted at once under the cap, and loses none', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        postJson(`${serve.url}/api/alerts/alertmanager`, groupPayload(i), AM_TOKEN),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(202));
    expect(new Set(answers.map((a) => a.body.outcome))).toEqual(new Set(['started']));
    const ids = new Set(answers.map((a) => a.body.investigation));
    expect(ids.size).toBe(200);
    // The service stays up and answers while the backlog drains.
    expect((await getJson(`${serve.url}/health`)).status).toBe(200);
    await waitFor(
      'all 200 to finish',
      async () => {
        const all = await investigationsOf(serve.url, TOKENS.viewer);
        return all.filter((i) => ids.has(i.id) && i.status === 'done').length === 200 ? true : undefined;
      },
      240_000,
      1000,
    );
    // How many ran at once, from the runs' own start and end times rather than by polling, which can miss every run
    // on a busy machine. A run's times lie inside its slot under the cap, and the next run starts only after the slot
    // is freed, so at an equal millisecond the end counts first.
    const runs = (await investigationsOf(serve.url, TOKENS.viewer)).filter((r) => ids.has(r.id));
    expect(runs.every((r) => r.startedAt && r.finishedAt)).toBe(true);
    const overlap = maxOverlap(runs.map((r) => [Date.parse(r.startedAt!), Date.parse(r.finishedAt!)]));
    expect(overlap).toBeGreaterThan(0);
    expect(overlap).toBeLessThanOrEqual(3);
    expect(
      await metricValue(serve.url, 'incident_pilot_alerts_total', { source: 'alertmanager', outcome: 'started' }),
    ).toBe(200);
  }, 300_000);
});

describe('past the pending cap', () => {
  let serve: Serve;

  beforeAll(async () => {
    serve = await startServe(['--data', smallBundle(), '--db', `${tempDir('ip-shed-')}/db.sqlite`], {
      INCIDENT_PILOT_TOKENS: ALERT_TOKENS_ENV,
      INCIDENT_PILOT_RATE_LIMIT: '100000',
      INCIDENT_PILOT_CONCURRENCY: '1',
      INCIDENT_PILOT_CONFIG: writeServiceConfig({ alerts: { maxPending: 20 } }),
    });
  }, 60_000);

  afterAll(async () => {
    await serve?.stop();
  });

  it('sheds what is over, shows it, and starts it on a repeat once there is room', async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        postJson(`${serve.url}/api/alerts/alertmanager`, groupPayload(1000 + i), AM_TOKEN),
      ),
    );
    const shed = answers.filter((a) => a.body.outcome === 'shed');
    const started = answers.filter((a) => a.body.outcome === 'started');
    expect(shed.length + started.length).toBe(60);
    expect(shed.length).toBeGreaterThan(0);
    expect(started.length).toBeGreaterThanOrEqual(20);
    expect(await metricValue(serve.url, 'incident_pilot_alerts_total', { outcome: 'shed' })).toBe(shed.length);
    // Shed alerts are investigations too: failed, saying why, findable by fingerprint.
    const one = shed[0].body.investigation;
    const rec = await getJson(`${serve.url}/api/investigations/${one}`, TOKENS.viewer);
    expect(rec.body).toMatchObject({ status: 'failed' });
    expect(rec.body.error).toMatch(/^shed: .*alerts\.maxPending 20/);
    await waitFor(
      'the started ones to finish',
      async () => {
        const all = await investigationsOf(serve.url, TOKENS.viewer);
        const ids = new Set(started.map((a) => a.body.investigation));
        return all.filter((i) => ids.has(i.id) && i.status === 'done').length === started.length ? true : undefined;
      },
      180_000,
      1000,
    );
    const index = answers.indexOf(shed[0]);
    const retry = await postJson(`${serve.url}/api/alerts/alertmanager`, groupPayload(1000 + index), AM_TOKEN);
    expect(retry.body.outcome).toBe('started');
    expect(retry.body.investigation).not.toBe(one);
    const byFingerprint = (await getJson(`${serve.url}/api/investigations?alert=storm-${1000 + index}`, TOKENS.viewer))
      .body.investigations;
    expect(byFingerprint.map((i: { id: string }) => i.id).sort()).toEqual([one, retry.body.investigation].sort());
  }, 240_000);
});
