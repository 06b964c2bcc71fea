// The whole engine over live backends: the public scenarios analysed with logs from Loki or Elasticsearch, commits and
// deployments from GitHub or Datadog events, and metrics from Datadog (fakes on loopback, loaded from the scenario)
// name the same root cause as the file run. The first scenario's live run has its servers as real subprocesses
// (startServers with isolate, each reaching the fakes from its own process); the other runs start them in process
// over MCP pairs (the default).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServers } from '../../src/client/start.js';
import { toIso } from '../../src/core/time.js';
import { investigate } from '../../src/engine/investigate.js';
import type { SourceOptions } from '../../src/servers/types.js';
import { startDatadogFake } from '../fakes/datadog.js';
import { startElasticsearchFake } from '../fakes/elasticsearch.js';
import { startGitHubFake } from '../fakes/github.js';
import { startLokiFake } from '../fakes/loki.js';
import type { Loopback } from '../fakes/loopback.js';
import { loadGit, loadLogEntries, loadSeries } from '../fakes/scenario-data.js';
import { SHARED_SCENARIOS } from '../e2e/helpers.js';

const SCENARIOS = [
  { name: 'checkout-db-pool', incident: '500 errors on checkout API' },
  { name: 'orders-db-timeout', incident: 'database timeout errors' },
];
const work = mkdtempSync(join(tmpdir(), 'ip-engine-live-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the scenario with only the listed parts (what no fake serves). */
function partialCopy(source: string, name: string, keep: string[]): string {
  const dir = join(work, name);
  for (const part of keep) {
    try {
      cpSync(join(source, part), join(dir, part), { recursive: true });
    } catch {
      // the scenario has no such part
    }
  }
  return dir;
}

async function rootCause(source: SourceOptions, incident: string, until: string, subprocesses = false) {
  const servers = ['logs', 'metrics', 'git'];
  const router = await startServers({ source, servers, isolate: subprocesses });
  try {
    return (await investigate(incident, router, { until })).report.rootCause;
  } finally {
    await router.close();
  }
}

describe.each(SCENARIOS)('engine over live backends: $name', (s) => {
  const source = join(SHARED_SCENARIOS, s.name);

  it('Loki + GitHub + Datadog metrics, and Elasticsearch + Datadog deployment events, give the file result', async () => {
    const entries = await loadLogEntries(source);
    const until = toIso(entries[entries.length - 1].ts + 60_000);
    const git = await loadGit(source);
    const fakes: Loopback[] = [];
    try {
      const expected = await rootCause({ dataDir: source, env: {}, until }, s.incident, until);
      expect(expected.deployment).not.toBeNull();

      const loki = await startLokiFake(entries, { tenant: 'ops' });
      const github = await startGitHubFake(git, { token: 'ghp_test_token' });
      const dd = await startDatadogFake(
        { series: await loadSeries(source), deployments: git.deployments },
        { apiKey: 'dd-api-1234', appKey: 'dd-app-5678' },
      );
      fakes.push(loki, github, dd);
      const ddEnv = { DD_API_KEY: 'dd-api-1234', DD_APP_KEY: 'dd-app-5678', DD_API_URL: dd.url };
      const first = await rootCause(
        {
          dataDir: partialCopy(source, `${s.name}-a`, ['incident.txt', 'k8s']),
          env: {
            LOKI_URL: loki.url,
            LOKI_TENANT: 'ops',
            GITHUB_TOKEN: 'ghp_test_token',
            GITHUB_API_URL: github.url,
            ...ddEnv,
          },
          extra: { github: 'acme/shop' },
          until,
        },
        s.incident,
        until,
        s === SCENARIOS[0],
      );
      expect([first.deployment, first.service]).toEqual([expected.deployment, expected.service]);
      expect(loki.requests.some((r) => r.path === '/loki/api/v1/query_range')).toBe(true);
      expect(github.requests.some((r) => r.path.endsWith('/deployments'))).toBe(true);
      expect(dd.requests.some((r) => r.path === '/api/v1/query')).toBe(true);

      const es = await startElasticsearchFake(entries);
      fakes.push(es);
      const second = await rootCause(
        {
          dataDir: partialCopy(source, `${s.name}-b`, ['metrics', 'repo.bundle', 'commits.json', 'k8s']),
          env: { ELASTICSEARCH_URL: es.url, ...ddEnv },
          until,
        },
        s.incident,
        until,
      );
      expect([second.deployment, second.service]).toEqual([expected.deployment, expected.service]);
      expect(dd.requests.some((r) => r.path === '/api/v1/events')).toBe(true);
    } finally {
      await Promise.all(fakes.map((f) => f.close()));
    }
  }, 600_000);
});
