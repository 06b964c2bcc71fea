// One git contract run against every git backend (bundle files, GitHub via its fake with Deployments or with releases,
// files + Datadog deployment events): the same tool results on the same public scenario data.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyTool } from '../../src/mcp/tool.js';
import type { GitBackend } from '../../src/servers/git/backend.js';
import { createGitBackend, createGitServerTools } from '../../src/servers/git/index.js';
import { startDatadogFake } from '../fakes/datadog.js';
import { startGitHubFake } from '../fakes/github.js';
import type { Loopback } from '../fakes/loopback.js';
import { loadGit } from '../fakes/scenario-data.js';
import { SHARED_SCENARIOS } from '../e2e/helpers.js';

const SOURCE = join(SHARED_SCENARIOS, 'search-slow');
const UNTIL = '2025-04-22T17:00:00Z';
const WINDOW = { since: '2025-04-20T00:00:00Z', until: UNTIL };
const commitsOnly = mkdtempSync(join(tmpdir(), 'ip-git-contract-'));
cpSync(join(SOURCE, 'commits.json'), join(commitsOnly, 'commits.json'));

interface Case {
  name: string;
  start?: (data: Awaited<ReturnType<typeof loadGit>>) => Promise<Loopback>;
  source: (fake?: Loopback) => { dataDir?: string; env: Record<string, string>; extra?: Record<string, string> };
}

const CASES: Case[] = [
  { name: 'file', source: () => ({ dataDir: SOURCE, env: {} }) },
  {
    name: 'github',
    start: (d) => startGitHubFake(d, { token: 'ghp_secret123' }),
    source: (f) => ({ env: { GITHUB_TOKEN: 'ghp_secret123', GITHUB_API_URL: f!.url }, extra: { github: 'acme/shop' } }),
  },
  {
    name: 'github releases',
    start: (d) => startGitHubFake(d, { token: 'ghp_secret123', releasesOnly: true }),
    source: (f) => ({ env: { GITHUB_TOKEN: 'ghp_secret123', GITHUB_API_URL: f!.url, GITHUB_REPOSITORY: 'acme/shop' } }),
  },
  {
    name: 'file+datadog',
    start: (d) =>
      startDatadogFake({ series: [], deployments: d.deployments }, { apiKey: 'dd-api-1234', appKey: 'dd-app-5678' }),
    source: (f) => ({
      dataDir: commitsOnly,
      env: { DD_API_KEY: 'dd-api-1234', DD_APP_KEY: 'dd-app-5678', DD_API_URL: f!.url },
    }),
  },
];

function tool(tools: AnyTool[], name: string): AnyTool {
  const t = tools.find((x) => x.name === name);
  if (!t) throw new Error(`no tool ${name}`);
  return t;
}

const baseline = new Map<string, unknown>();
afterAll(() => rmSync(commitsOnly, { recursive: true, force: true }));

describe.each(CASES)('git contract: $name', (c) => {
  let fake: Loopback | undefined;
  let backend: GitBackend;
  let tools: AnyTool[];

  beforeAll(async () => {
    fake = c.start ? await c.start(await loadGit(SOURCE)) : undefined;
    const opts = { ...c.source(fake), until: UNTIL };
    backend = await createGitBackend(opts, { retries: 1, backoffMs: 10 });
    tools = createGitServerTools(backend, opts);
  }, 60_000);

  afterAll(async () => {
    await backend.close();
    await fake?.close();
  });

  const same = (key: string, value: unknown) => {
    if (c.name === 'file') baseline.set(key, value);
    else expect(value).toEqual(baseline.get(key));
  };

  it('get_recent_commits lists the same commits and services', async () => {
    const r = (await tool(tools, 'get_recent_commits').run({ ...WINDOW }, {})) as {
      commits: Array<{ sha: string; message: string; services?: string[] }>;
    };
    expect(r.commits.length).toBeGreaterThan(2);
    same(
      'commits',
      r.commits.map((x) => [x.sha, x.message, x.services]),
    );
  });

  it('get_deployments gives the same deployments and what each shipped', async () => {
    const r = (await tool(tools, 'get_deployments').run({ ...WINDOW }, {})) as {
      deployments: Array<{
        service: string;
        version: string;
        startedAt: string;
        commit?: string | null;
        shipped?: Array<{ sha: string }>;
      }>;
    };
    expect(r.deployments.length).toBeGreaterThan(1);
    same(
      'deployments',
      r.deployments.map((d) => [
        d.service,
        d.version,
        d.startedAt,
        d.commit ?? null,
        (d.shipped ?? []).map((s) => s.sha),
      ]),
    );
  });

  it('get_commit returns the patch by a sha prefix', async () => {
    const r = (await tool(tools, 'get_commit').run({ sha: 'ee4a9272' }, {})) as {
      sha: string;
      author: string;
      date: string;
      services: string[];
      files: Array<{ path: string; patch?: string }>;
    };
    expect(r.sha).toBe('ee4a927236ebb2a59769796511a5344ec1116f7d');
    same('commit', [r.author, r.date, r.services, r.files.map((f) => [f.path, f.patch])]);
  });

  it('check_<server>_environment names the backend', async () => {
    const r = (await tool(tools, 'check_git_environment').run({}, {})) as { backend: string; reachable: boolean };
    expect(r.backend).toBe({ 'github releases': 'github', 'file+datadog': 'file+datadog-events' }[c.name] ?? c.name);
    expect(r.reachable).toBe(true);
  });
});
