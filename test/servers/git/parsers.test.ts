import { describe, expect, it } from 'vitest';
import { parseCommitsJson, JsonCommitSource } from '../../../src/servers/git/backends/commits-json.js';
import { parseDeploymentsJson } from '../../../src/servers/git/backends/deployments-json.js';

describe('parseCommitsJson', () => {
  it('sorts newest first, tolerates missing fields and reports bad entries by index', () => {
    const text = JSON.stringify([
      {
        sha: 'AAAA1111',
        date: '2025-01-01T10:00:00Z',
        message: 'old',
        files: [{ path: 'services/api/a.js', additions: 2, deletions: 1, patch: '@@ -1 +1 @@\n-a\n+b\n' }],
      },
      { sha: 'bbbb2222', date: '2025-01-02 09:30:00', files: ['services/web/x.html'] },
      { date: '2025-01-03T00:00:00Z', message: 'no sha' },
      { sha: 'cccc3333', date: 'yesterday' },
      'not an object',
      { sha: 'aaaa1111', date: '2025-01-04T00:00:00Z' },
    ]);
    const { commits, warnings } = parseCommitsJson(text);
    expect(commits.map((c) => c.sha)).toEqual(['bbbb2222', 'aaaa1111']);
    expect(commits[0]).toMatchObject({
      author: 'unknown',
      message: '',
      date: '2025-01-02T09:30:00Z',
      files: [{ path: 'services/web/x.html', additions: 0, deletions: 0 }],
    });
    expect(commits[1].files[0].patch).toContain('+b');
    expect(warnings.map((w) => w.where)).toEqual([
      'commits.json[2]',
      'commits.json[3]',
      'commits.json[4]',
      'commits.json[5]',
    ]);
    expect(warnings[0].message).toMatch(/missing sha/);
    expect(warnings[1].message).toMatch(/yesterday/);
    expect(warnings[3].message).toMatch(/duplicate/);
  });

  it('reports a file that is not JSON or not an array instead of throwing', () => {
    expect(parseCommitsJson('{oops').warnings[0].message).toMatch(/not valid JSON/);
    expect(parseCommitsJson('{"a":1}').warnings[0].message).toMatch(/array/);
  });

  it('resolves unique prefixes and rejects ambiguous or too short ones', async () => {
    const { commits } = parseCommitsJson(
      JSON.stringify([
        { sha: 'abcd1111ee', date: '2025-01-01T00:00:00Z' },
        { sha: 'abcd2222ff', date: '2025-01-02T00:00:00Z' },
      ]),
    );
    const src = new JsonCommitSource(commits);
    expect((await src.show('abcd1'))?.sha).toBe('abcd1111ee');
    expect(await src.show('ffff')).toBeNull();
    await expect(src.show('abcd')).rejects.toThrow(/ambiguous/);
    await expect(src.show('abc')).rejects.toThrow(/at least 4/);
  });
});

describe('parseDeploymentsJson', () => {
  it('maps fields to core deployments, newest first, and skips bad entries with their index', () => {
    const text = JSON.stringify([
      {
        id: 'd1',
        service: 'api',
        version: 'v1',
        environment: 'production',
        commit: 'ABC123',
        started_at: '2025-01-01T10:00:00Z',
        finished_at: '2025-01-01T10:02:00Z',
        status: 'succeeded',
      },
      { id: 'd2', service: 'api', version: 'v2', started_at: '2025-01-02T10:00:00Z' },
      { id: 'd3', version: 'v3', started_at: '2025-01-03T10:00:00Z' },
      { id: 'd4', service: 'web', started_at: 'soon' },
    ]);
    const { deployments, warnings } = parseDeploymentsJson(text);
    expect(deployments.map((d) => d.id)).toEqual(['d2', 'd1']);
    expect(deployments[1]).toEqual({
      id: 'd1',
      service: 'api',
      version: 'v1',
      environment: 'production',
      commit: 'abc123',
      startedAt: '2025-01-01T10:00:00Z',
      finishedAt: '2025-01-01T10:02:00Z',
      status: 'succeeded',
    });
    expect(deployments[0].commit).toBeUndefined();
    expect(warnings).toEqual([
      { where: 'deployments.json[2]', message: 'missing service; entry skipped' },
      { where: 'deployments.json[3]', message: 'started_at "soon" is not ISO 8601; entry skipped' },
    ]);
  });
});
