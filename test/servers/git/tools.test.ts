// The git tools through a real MCP client, on the public scenarios read in place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitServer } from '../../../src/servers/git/index.js';
import type { ServerInstance } from '../../../src/servers/types.js';
import { connectTools, type ToolClient } from '../../helpers/mcp-pair.js';
import { SHARED_SCENARIOS } from '../../helpers/paths.js';

const SCENARIOS = SHARED_SCENARIOS;

interface DeploymentRow {
  id: string;
  version: string;
  previousVersion: string | null;
  commits: string[];
}
interface Match {
  sha: string;
  matchedIn: string[];
  snippets: string[];
}

describe('git tools on a repo.bundle scenario (checkout-db-pool)', () => {
  let instance: ServerInstance;
  let tools: ToolClient;
  beforeAll(async () => {
    instance = await gitServer.create({ dataDir: `${SCENARIOS}/checkout-db-pool`, env: {} });
    tools = await connectTools('git', instance.tools);
  });
  afterAll(async () => {
    await tools.close();
    await instance.close();
  });

  it('lists its tools (with check_git_environment) as read-only with output schemas', async () => {
    const { tools: listed } = await tools.client.listTools();
    expect(listed.map((t) => t.name).sort()).toEqual([
      'check_git_environment',
      'get_commit',
      'get_deployments',
      'get_recent_commits',
      'search_commits',
    ]);
    for (const t of listed) {
      expect(t.annotations?.readOnlyHint).toBe(true);
      expect(t.outputSchema?.type).toBe('object');
    }
  });

  it('get_deployments gives each deployment its previous version and the commits it shipped', async () => {
    const res = await tools.call('get_deployments', { service: 'checkout-api' });
    expect(res.isError).toBe(false);
    const deployments = res.structured.deployments as DeploymentRow[];
    expect(deployments.map((d) => d.version).slice(0, 3)).toEqual(['v2.4.2', 'v2.4.1', 'v2.3.9']);
    expect(deployments[0]).toMatchObject({
      id: 'deploy-1025',
      previousVersion: 'v2.4.1',
      commits: ['c5e556f0ec39fc4c78c5e80bdc47e6d41bec3902'],
    });
    expect(deployments[1]).toMatchObject({
      id: 'deploy-1023',
      previousVersion: 'v2.3.9',
      commits: ['66e5df83c15beb374b570645d7f52885c086a520', '1d22d4be3008383933faf09a71ab0c9163836b7c'],
    });
    expect(res.text).toContain('v2.3.9 -> v2.4.1');
  });

  it('search_commits finds a diff line with its sign', async () => {
    const res = await tools.call('search_commits', { query: 'POOL_MAX 35' });
    const matches = res.structured.matches as Match[];
    expect(matches.map((m) => m.sha)).toEqual(['c5e556f0ec39fc4c78c5e80bdc47e6d41bec3902']);
    expect(matches[0].matchedIn).toContain('diff');
    expect(matches[0].snippets).toContain('+  pool_max: 35');
    const onlyMessages = await tools.call('search_commits', { query: 'pool_max', in: ['message'] });
    expect(onlyMessages.structured.total).toBe(0);
    expect(onlyMessages.structured.note).toMatch(/pool_max/);
  });

  it('get_commit returns the message and patch for a short sha', async () => {
    const res = await tools.call('get_commit', { sha: '66e5df8' });
    expect(res.isError).toBe(false);
    expect(res.structured).toMatchObject({
      sha: '66e5df83c15beb374b570645d7f52885c086a520',
      services: ['checkout-api'],
      truncated: false,
    });
    const files = res.structured.files as Array<{ path: string; patch?: string }>;
    expect(files[0].patch).toMatch(/^@@/);
    expect(files.some((f) => f.patch?.includes('+  for (const item of cart.items)'))).toBe(true);
  });

  it('get_recent_commits filters by service and path prefix, newest first', async () => {
    const res = await tools.call('get_recent_commits', { service: 'frontend', limit: 2 });
    const commits = res.structured.commits as Array<{ shortSha: string; services: string[]; date: string }>;
    expect(commits).toHaveLength(2);
    expect(commits.every((c) => c.services.includes('frontend'))).toBe(true);
    expect(Date.parse(commits[0].date)).toBeGreaterThan(Date.parse(commits[1].date));
    expect(res.structured.total as number).toBeGreaterThan(2);
    const byPath = await tools.call('get_recent_commits', { path: 'services/checkout-api/config/' });
    expect((byPath.structured.commits as Array<{ shortSha: string }>)[0].shortSha).toBe('c5e556f');
  });
});

describe('git tools on a commits.json scenario (orders-db-timeout)', () => {
  let instance: ServerInstance;
  let tools: ToolClient;
  beforeAll(async () => {
    instance = await gitServer.create({ dataDir: `${SCENARIOS}/orders-db-timeout`, env: {} });
    tools = await connectTools('git', instance.tools);
  });
  afterAll(async () => {
    await tools.close();
    await instance.close();
  });

  it('get_deployments computes shipped commits by date order', async () => {
    const res = await tools.call('get_deployments', { limit: 2 });
    const [latest, second] = res.structured.deployments as DeploymentRow[];
    expect(latest).toMatchObject({
      id: 'deploy-1019',
      previousVersion: 'v3.0.9',
      commits: ['95865519ca5de8be13d8bc8c74c44584601e063b'],
    });
    expect(second).toMatchObject({
      id: 'deploy-1018',
      version: 'v1.18.0',
      previousVersion: 'v1.17.9',
      commits: [
        '06120253d2f93601fbb50a2da4c36ab6ced12133',
        'bf3a85776907cf4fba81c5f4584ea9da96644cb1',
        'f941d3e3e2bbfb24d16591e7a3bdcf1a3c0a9d57',
      ],
    });
    expect(res.structured.total).toBe(20);
  });

  it('search_commits and get_commit read patches from commits.json', async () => {
    const found = await tools.call('search_commits', { query: 'delete from orders' });
    const matches = found.structured.matches as Match[];
    expect(matches).toHaveLength(1);
    expect(matches[0].snippets[0]).toMatch(/^\+\s+await db\.query\('DELETE FROM orders/);
    const shown = await tools.call('get_commit', { sha: '0612' });
    expect((shown.structured.files as Array<{ patch?: string }>)[0].patch).toContain('DELETE FROM orders');
  });

  it('explains empty results and bad requests instead of failing silently', async () => {
    const none = await tools.call('get_deployments', { service: 'no-such-service' });
    expect(none.isError).toBe(false);
    expect(none.structured.deployments).toEqual([]);
    expect(none.structured.note).toMatch(/orders-api/);
    const unknown = await tools.call('get_commit', { sha: 'ffff0000' });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/no commit ffff0000/);
    const badSha = await tools.call('get_commit', { sha: 'xyz!' });
    expect(badSha.isError).toBe(true);
    expect(badSha.text).toMatch(/hex/);
    const badTime = await tools.call('get_recent_commits', { since: 'last tuesday' });
    expect(badTime.isError).toBe(true);
    expect(badTime.text).toMatch(/since/);
  });
});
