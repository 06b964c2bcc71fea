import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileGitBackend } from '../../../src/servers/git/backends/file.js';
import { createBundle, createTinyRepo } from './tiny-repo.js';

let root: string;
let shas: string[];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gm-git-test-'));
  shas = createTinyRepo(join(root, 'working', 'repo'));
  createBundle(join(root, 'working', 'repo'), join(root, 'bundled', 'repo.bundle'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('git repository backend', () => {
  it('lists commits newest first with numstat and fixed dates', async () => {
    const backend = await openFileGitBackend(join(root, 'working'));
    const commits = await backend.commits();
    expect(commits.map((c) => c.sha)).toEqual([...shas].reverse());
    expect(commits[0]).toMatchObject({
      author: 'Test Author <test@example.com>',
      date: '2025-01-01T13:00:00Z',
      message: 'Raise pool size',
      files: [{ path: 'services/api/db.yaml', additions: 1, deletions: 1 }],
    });
    expect(commits[2].message).toBe('Add pool config\n\nSize the database pool.');
    expect(commits[3].files.map((f) => f.path).sort()).toEqual([
      'README.md',
      'services/api/app.js',
      'services/web/index.html',
    ]);
    const inWindow = await backend.commits({
      from: Date.parse('2025-01-01T11:00:00Z'),
      to: Date.parse('2025-01-01T13:00:00Z'),
    });
    expect(inWindow.map((c) => c.message.split('\n')[0])).toEqual(['Update footer', 'Add pool config']);
    expect(await backend.latest()).toBe(Date.parse('2025-01-01T13:00:00Z'));
    await backend.close();
  });

  it('fetches a commit with per-file patches by a short prefix', async () => {
    const backend = await openFileGitBackend(join(root, 'working'));
    const c = await backend.getCommit(shas[3].slice(0, 7));
    expect(c?.sha).toBe(shas[3]);
    expect(c?.files[0].patch).toMatch(/^@@ .* @@\n-pool_max: 30\n\+pool_max: 35\n$/);
    const first = await backend.getCommit(shas[0]);
    expect(first?.files.find((f) => f.path === 'README.md')?.patch).toContain('+# demo');
    expect(await backend.getCommit('0000000')).toBeNull();
    await backend.close();
  });

  it('gives each of several diffs asked at once (one git show for all) its own patches', async () => {
    const backend = await openFileGitBackend(join(root, 'working'));
    const [first, second, fourth] = await Promise.all([
      backend.getCommit(shas[0]),
      backend.getCommit(shas[1]),
      backend.getCommit(shas[3]),
    ]);
    expect(first?.files.find((f) => f.path === 'README.md')?.patch).toContain('+# demo');
    expect(second?.files[0].patch).toMatch(/^@@ .* @@\n\+pool_max: 30\n$/);
    expect(fourth?.files[0].patch).toMatch(/^@@ .* @@\n-pool_max: 30\n\+pool_max: 35\n$/);
    await backend.close();
  });

  it('walks the commit graph for a range', async () => {
    const backend = await openFileGitBackend(join(root, 'working'));
    expect(await backend.commitRange(shas[0], shas[3])).toEqual([shas[3], shas[2], shas[1]]);
    expect(await backend.commitRange(shas[3], shas[3])).toEqual([]);
    expect(await backend.commitRange('deadbeef', shas[3])).toBeNull();
    await backend.close();
  });

  it('walks merges as git rev-list does: what the previous commit reached through either parent is left out', async () => {
    const { execFileSync } = await import('node:child_process');
    const dir = join(root, 'merged', 'repo');
    createTinyRepo(dir);
    const git = (args: string[], date: string) =>
      execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      }).trim();
    git(['checkout', '--quiet', '-b', 'feature', 'HEAD~2'], '2025-01-01T14:00:00Z');
    git(['commit', '--quiet', '--allow-empty', '-m', 'feature work'], '2025-01-01T14:00:00Z');
    const feature = git(['rev-parse', 'HEAD'], '2025-01-01T14:00:00Z');
    git(['checkout', '--quiet', 'main'], '2025-01-01T15:00:00Z');
    git(['merge', '--quiet', '--no-ff', '-m', 'merge feature', 'feature'], '2025-01-01T15:00:00Z');
    const merge = git(['rev-parse', 'HEAD'], '2025-01-01T15:00:00Z');
    const expected = git(['rev-list', '--date-order', merge, `^${feature}`, '--'], '2025-01-01T15:00:00Z').split('\n');
    const backend = await openFileGitBackend(join(root, 'merged'));
    expect(await backend.commitRange(feature, merge)).toEqual(expected);
    expect(expected).toHaveLength(3);
    await backend.close();
  });

  it('reads a bundle through its clone', async () => {
    const backend = await openFileGitBackend(join(root, 'bundled'));
    expect((await backend.commits()).map((c) => c.sha)).toEqual([...shas].reverse());
    expect((await backend.getCommit(shas[1]))?.files[0].patch).toContain('+pool_max: 30');
    expect((await backend.health())[0]).toMatchObject({ name: 'commits (repo.bundle)', ok: true, detail: '4 commits' });
    await backend.close();
  });

  it('reports a corrupt bundle as a warning, not a crash', async () => {
    const dir = join(root, 'broken');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'repo.bundle'), 'not a bundle');
    const backend = await openFileGitBackend(dir);
    expect(backend.warnings()[0]).toMatchObject({ where: 'repo.bundle' });
    expect(await backend.commits()).toEqual([]);
    await backend.close();
  });
});
