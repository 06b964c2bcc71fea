// GitHub backend failures: a bad token names GITHUB_TOKEN and is never shown; a wrong repository names --github.
import { afterEach, describe, expect, it } from 'vitest';
import { PilotError } from '../../../../src/core/errors.js';
import { createGitHubBackend } from '../../../../src/servers/git/backends/github.js';
import { startGitHubFake } from '../../../fakes/github.js';
import type { Loopback } from '../../../fakes/loopback.js';

const COMMIT = {
  sha: 'a'.repeat(40),
  author: 'Ann <ann@x.dev>',
  date: '2025-01-01T10:00:00Z',
  message: 'Change',
  files: [{ path: 'services/api/a.ts', additions: 1, deletions: 0, patch: '@@ +1 @@' }],
};
let fakes: Loopback[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

describe('GitHub backend (Octokit)', () => {
  it('401 names GITHUB_TOKEN and never shows the token', async () => {
    const fake = await startGitHubFake({ commits: [COMMIT], deployments: [] }, { token: 'right' });
    fakes.push(fake);
    const gh = createGitHubBackend({
      token: 'ghp_leakytoken123',
      repository: 'acme/shop',
      apiUrl: fake.url,
      retries: 0,
    });
    const err = (await gh.commits().catch((e: unknown) => e)) as PilotError;
    expect(err.code).toBe('unauthorized');
    expect(err.hint).toContain('GITHUB_TOKEN');
    expect(`${err.message}${err.hint}${JSON.stringify(await gh.health())}`).not.toContain('ghp_leakytoken123');
  });

  it('404 on the repository names --github owner/repo; 5xx is retried', async () => {
    const fake = await startGitHubFake({ commits: [COMMIT], deployments: [] }, { token: 't' });
    fakes.push(fake);
    const wrong = createGitHubBackend({ token: 't', repository: 'acme/nope', apiUrl: fake.url, retries: 0 });
    const err = (await wrong.commits().catch((e: unknown) => e)) as PilotError;
    expect(err.code).toBe('not_found');
    expect(err.hint).toContain('--github owner/repo');
    const gh = createGitHubBackend({ token: 't', repository: 'acme/shop', apiUrl: fake.url, retries: 2, backoffMs: 5 });
    fake.failNext(2, { status: 502, text: 'bad gateway' });
    const commits = await gh.commits();
    expect(commits.map((c) => [c.sha, c.author, c.files[0].patch])).toEqual([[COMMIT.sha, COMMIT.author, '@@ +1 @@']]);
    expect(await gh.getCommit('bbbbbbbb')).toBeNull();
  });
});
