import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Commit, Deployment } from '../../../src/core/types.js';
import { openFileGitBackend } from '../../../src/servers/git/backends/file.js';
import { findPreviousDeployment, findShippedCommits } from '../../../src/servers/git/shipped.js';
import { createTinyRepo } from './tiny-repo.js';

const commit = (sha: string, date: string, ...paths: string[]): Commit => ({
  sha,
  author: 'a',
  date,
  message: sha,
  files: paths.map((path) => ({ path, additions: 1, deletions: 0 })),
});
const deploy = (
  id: string,
  service: string,
  commitSha: string | undefined,
  startedAt: string,
  extra: Partial<Deployment> = {},
): Deployment => ({
  id,
  service,
  version: id,
  startedAt,
  ...(commitSha ? { commit: commitSha } : {}),
  ...extra,
});

// Newest first, as backends return them.
const COMMITS = [
  commit('e5e5e5e5', '2025-01-01T14:00:00Z', 'services/api/b.js'),
  commit('d4d4d4d4', '2025-01-01T13:00:00Z', 'services/api/a.js'),
  commit('c3c3c3c3', '2025-01-01T12:00:00Z', 'services/web/x.html'),
  commit('b2b2b2b2', '2025-01-01T11:00:00Z', 'services/api/a.js', 'README.md'),
  commit('a1a1a1a1', '2025-01-01T10:00:00Z', 'services/api/a.js', 'services/web/x.html'),
];
const KNOWN = new Set(['api', 'web']);

describe('findPreviousDeployment', () => {
  it("picks the same service's latest earlier deployment in the same environment, skipping failed ones", () => {
    const all = [
      deploy('d5', 'api', 'e5e5e5e5', '2025-01-01T15:00:00Z', { environment: 'production' }),
      deploy('d4', 'api', 'd4d4d4d4', '2025-01-01T14:30:00Z', { environment: 'production', status: 'failed' }),
      deploy('d3', 'api', 'd4d4d4d4', '2025-01-01T14:00:00Z', { environment: 'staging' }),
      deploy('d2', 'web', 'c3c3c3c3', '2025-01-01T13:30:00Z', { environment: 'production' }),
      deploy('d1', 'api', 'b2b2b2b2', '2025-01-01T11:30:00Z', { environment: 'production' }),
    ];
    expect(findPreviousDeployment(all[0], all)?.id).toBe('d1');
    expect(findPreviousDeployment(all[4], all)).toBeUndefined();
  });
});

describe('findShippedCommits by commit date (no graph)', () => {
  it("ships the service's commits after the previous deployment's commit up to and including its own", async () => {
    const prev = deploy('d1', 'api', 'b2b2b2b2', '2025-01-01T11:30:00Z');
    const cur = deploy('d2', 'api', 'e5e5e5e5', '2025-01-01T15:00:00Z');
    expect((await findShippedCommits(cur, prev, COMMITS, KNOWN)).shas).toEqual(['e5e5e5e5', 'd4d4d4d4']);
  });

  it('accepts short shas in deployments, ships nothing on a redeploy, and warns when the commit is unknown', async () => {
    const prev = deploy('d1', 'api', 'd4d4', '2025-01-01T13:30:00Z');
    expect(
      (await findShippedCommits(deploy('d2', 'api', 'd4d4d4', '2025-01-01T14:30:00Z'), prev, COMMITS, KNOWN)).shas,
    ).toEqual([]);
    const unknown = await findShippedCommits(
      deploy('d3', 'api', 'ffffffff', '2025-01-01T15:00:00Z'),
      prev,
      COMMITS,
      KNOWN,
    );
    expect(unknown.shas).toEqual([]);
    expect(unknown.warning).toMatch(/ffffffff.*not in the history/);
    expect(
      (await findShippedCommits(deploy('d4', 'api', undefined, '2025-01-01T15:00:00Z'), prev, COMMITS, KNOWN)).warning,
    ).toMatch(/names no commit/);
  });

  it('ships the whole history of the service for its first deployment', async () => {
    expect(
      (await findShippedCommits(deploy('d1', 'web', 'c3c3c3c3', '2025-01-01T12:30:00Z'), undefined, COMMITS, KNOWN))
        .shas,
    ).toEqual(['c3c3c3c3', 'a1a1a1a1']);
  });
});

describe('findShippedCommits over a real commit graph', () => {
  let root: string;
  let shas: string[];
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gm-shipped-test-'));
    shas = createTinyRepo(join(root, 'repo'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("uses git rev-list prev..commit filtered by the service's paths", async () => {
    const backend = await openFileGitBackend(root);
    const commits = await backend.commits();
    const prev = deploy('d1', 'api', shas[0], '2025-01-01T10:30:00Z');
    const cur = deploy('d2', 'api', shas[3], '2025-01-01T13:30:00Z');
    const viaGraph = await findShippedCommits(cur, prev, commits, KNOWN, (from, to) => backend.commitRange(from, to));
    expect(viaGraph.shas).toEqual([shas[3], shas[1]]);
    // A rollback to an older commit ships nothing.
    const rollback = await findShippedCommits(
      deploy('d3', 'api', shas[1], '2025-01-01T14:00:00Z'),
      cur,
      commits,
      KNOWN,
      (from, to) => backend.commitRange(from, to),
    );
    expect(rollback.shas).toEqual([]);
    await backend.close();
  });
});
