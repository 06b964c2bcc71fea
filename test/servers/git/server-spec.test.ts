import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGitBackend, gitServer } from '../../../src/servers/git/index.js';
import { capPatches } from '../../../src/servers/git/tools.js';
import { metricsServer } from '../../../src/servers/metrics/index.js';

const root = mkdtempSync(join(tmpdir(), 'gm-spec-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('git server spec', () => {
  it('is configured by any git part of the bundle or by GitHub settings', () => {
    const only = join(root, 'deploys-only');
    mkdirSync(only);
    writeFileSync(join(only, 'deployments.json'), '[]');
    expect(gitServer.isConfigured({ dataDir: only, env: {} })).toBe(true);
    expect(gitServer.isConfigured({ dataDir: root, env: {} })).toBe(false);
    expect(gitServer.isConfigured({ env: { GITHUB_TOKEN: 't' }, extra: { github: 'o/r' } })).toBe(true);
    expect(gitServer.isConfigured({ env: { GITHUB_TOKEN: 't' } })).toBe(false);
    expect(metricsServer.isConfigured({ env: { PROMETHEUS_URL: 'http://p' } })).toBe(true);
    expect(metricsServer.isConfigured({ dataDir: only, env: {} })).toBe(false);
  });

  it('fails with a config error naming what to provide when there is no history', async () => {
    await expect(createGitBackend({ dataDir: root, env: {} })).rejects.toThrow(/no git history found/);
  });

  it('reports deployments-only data in health and warnings in get_deployments', async () => {
    const dir = join(root, 'bad-deploys');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'deployments.json'),
      JSON.stringify([
        { id: 'd1', service: 'api', version: 'v1', commit: 'abcd1234', started_at: '2025-01-01T00:00:00Z' },
        { id: 'd2' },
      ]),
    );
    const instance = await gitServer.create({ dataDir: dir, env: {} });
    const health = await instance.checkHealth();
    expect(health.map((h) => h.name)).toEqual(['commits', 'deployments', 'data warnings']);
    const tool = instance.tools.find((t) => t.name === 'get_deployments')!;
    const out = await tool.run(tool.input.parse({}), {});
    expect(out.deployments[0]).toMatchObject({ id: 'd1', commits: [], previousVersion: null });
    expect(out.warnings.map((w: { where: string }) => w.where)).toEqual(['deployments.json[1]', 'deployments.json d1']);
    await instance.close();
  });
});

describe('capPatches', () => {
  it('cuts patches at the total budget and says so', () => {
    const commit = {
      sha: 'a',
      author: 'x',
      date: '2025-01-01T00:00:00Z',
      message: 'm',
      files: [
        { path: 'a', additions: 1, deletions: 0, patch: 'x'.repeat(30) },
        { path: 'b', additions: 1, deletions: 0, patch: 'y'.repeat(30) },
        { path: 'c', additions: 1, deletions: 0, patch: 'z' },
      ],
    };
    const { files, truncated } = capPatches(commit, 40);
    expect(truncated).toBe(true);
    expect(files[0].patch).toBe('x'.repeat(30));
    expect(files[1].patch).toMatch(/^y{10}\n\.\.\. \(patch cut/);
    expect(files[2].patch).toBeUndefined();
    expect(capPatches(commit).truncated).toBe(false);
  });
});
