// Prometheus and Datadog backends against loopback fakes: step choice, auth errors without secrets, query_prometheus.
import { afterEach, describe, expect, it } from 'vitest';
import { PilotError } from '../../../../src/core/errors.js';
import {
  alignRange,
  chooseStep,
  createPrometheusBackend,
} from '../../../../src/servers/metrics/backends/prometheus.js';
import { createDatadogClient, DatadogMetricsBackend } from '../../../../src/servers/metrics/backends/datadog.js';
import { createQueryPrometheusTool } from '../../../../src/servers/metrics/query-prometheus.js';
import { startLoopback, type Loopback } from '../../../fakes/loopback.js';
import { startDatadogFake } from '../../../fakes/datadog.js';

let fakes: Loopback[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

/** The few Prometheus API paths the backend uses, with bearer-token auth. */
async function startPrometheusFake(token: string): Promise<Loopback> {
  const matrix = {
    resultType: 'matrix',
    result: [
      {
        metric: { __name__: 'up', job: 'api' },
        values: [
          [1700000000, '1'],
          [1700000060, '0'],
        ],
      },
    ],
  };
  const fake = await startLoopback(
    (req) => {
      if (req.path === '/api/v1/status/buildinfo') return { json: { status: 'success', data: { version: '2.53.0' } } };
      if (req.path === '/api/v1/query_range' || req.path === '/api/v1/query') {
        if ((req.query.get('query') ?? '').includes('('))
          return {
            status: 400,
            json: { status: 'error', errorType: 'bad_data', error: 'parse error: unclosed left parenthesis' },
          };
        return {
          json: {
            status: 'success',
            data: req.path.endsWith('range')
              ? matrix
              : { resultType: 'vector', result: [{ metric: { job: 'api' }, value: [1700000060, '0'] }] },
          },
        };
      }
      if (req.path === '/api/v1/label/__name__/values') return { json: { status: 'success', data: ['up'] } };
      return { status: 404, text: 'not found' };
    },
    { authorized: (r) => r.headers.authorization === `Bearer ${token}` },
  );
  fakes.push(fake);
  return fake;
}

describe('Prometheus backend', () => {
  it('keeps every series under 11,000 points and aligns evaluation times to the step', () => {
    expect(chooseStep({ from: 0, to: 6 * 3600_000 })).toBe(60);
    expect(chooseStep({ from: 0, to: 30 * 86400_000 })).toBeGreaterThanOrEqual(Math.ceil((30 * 86400) / 10999));
    expect(alignRange({ from: 61_000, to: 240_000 }, 60)).toEqual({ start: 120, end: 180 });
  });

  it('fetches with query_range and the selector; query_prometheus runs instant and range queries', async () => {
    const fake = await startPrometheusFake('tok-abc-123');
    const prom = createPrometheusBackend({ url: fake.url, token: 'tok-abc-123' });
    const series = await prom.fetch(
      { name: 'up', labels: { job: 'api' } },
      { from: 1699999990_000, to: 1700000100_000 },
    );
    expect(series).toEqual([
      {
        name: 'up',
        labels: { job: 'api' },
        points: [
          [1700000000, 1],
          [1700000060, 0],
        ],
      },
    ]);
    const q = fake.requests.find((r) => r.path === '/api/v1/query_range')!;
    expect(q.query.get('query')).toBe('up{job="api"}');
    expect(q.query.get('step')).toBe('60');
    const tool = createQueryPrometheusTool(prom);
    const instant = (await tool.run({ query: 'up' }, {})) as { kind: string; series: unknown[] };
    expect(instant.kind).toBe('instant');
    expect(instant.series).toHaveLength(1);
    const range = (await tool.run(
      { query: 'up', start: '2023-11-14T22:00:00Z', end: '2023-11-14T23:00:00Z', step: '1m' },
      {},
    )) as { kind: string; window: { stepSeconds: number } };
    expect(range).toMatchObject({ kind: 'range', window: { stepSeconds: 60 } });
    await expect(tool.run({ query: 'sum(up' }, {})).rejects.toThrow(/unclosed left parenthesis/);
    expect((await prom.probe()).version).toBe('2.53.0');
  });

  it('401 names PROMETHEUS_TOKEN and never shows the token', async () => {
    const fake = await startPrometheusFake('right');
    const prom = createPrometheusBackend({ url: fake.url, token: 'secret-token-xyz', retries: 0 });
    const err = (await prom.fetch({ name: 'up' }, { from: 0, to: 120_000 }).catch((e: unknown) => e)) as PilotError;
    expect(err.code).toBe('unauthorized');
    expect(err.hint).toContain('PROMETHEUS_TOKEN');
    expect(`${err.message}${err.hint}${JSON.stringify(await prom.health())}`).not.toContain('secret-token-xyz');
    expect((await prom.probe()).authenticated).toBe(false);
  });
});

describe('Datadog backend (official client)', () => {
  it('403 names DD_API_KEY/DD_APP_KEY and never shows the keys', async () => {
    const fake = await startDatadogFake({ series: [], deployments: [] }, { apiKey: 'good', appKey: 'good-app' });
    fakes.push(fake);
    const dd = new DatadogMetricsBackend(
      createDatadogClient({ apiKey: 'dd-leak-api-1', appKey: 'dd-leak-app-2', baseUrl: fake.url, retries: 0 }),
    );
    const err = (await dd.fetch({ name: 'x' }, { from: 0, to: 60_000 }).catch((e: unknown) => e)) as PilotError;
    expect(err.code).toBe('forbidden');
    expect(err.message).toContain('Datadog at');
    expect(err.hint).toContain('DD_API_KEY/DD_APP_KEY');
    const text = `${err.message}${err.hint}${JSON.stringify(await dd.health())}`;
    expect(text).not.toContain('dd-leak-api-1');
    expect(text).not.toContain('dd-leak-app-2');
  });
});
