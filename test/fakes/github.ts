// A GitHub REST fake on loopback: repo, commits (since/until/per_page/page), commit by sha (files with patch), compare,
// deployments with statuses, releases; token auth; 404/422 bodies as GitHub sends them.
import type { Commit, Deployment } from '../../src/core/types.js';
import { startLoopback, type FakeRequest, type FakeReply, type Loopback } from './loopback.js';

export interface GitHubFakeOptions {
  token: string;
  owner?: string;
  repo?: string;
  /** Serve deployments as releases instead (a repository without Deployments). */
  releasesOnly?: boolean;
}

function splitAuthor(author: string): { name: string; email: string | null } {
  const m = /^(.*?)\s*<([^>]+)>$/.exec(author);
  return m ? { name: m[1], email: m[2] } : { name: author, email: null };
}

export async function startGitHubFake(
  data: { commits: Commit[]; deployments: Deployment[] },
  opts: GitHubFakeOptions,
): Promise<Loopback> {
  const owner = opts.owner ?? 'acme';
  const repo = opts.repo ?? 'shop';
  const commits = [...data.commits].sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
  const deployments = [...data.deployments]
    .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))
    .map((d, i) => ({ d, id: 1000 + i }));
  const listItem = (c: Commit) => {
    const a = splitAuthor(c.author);
    return {
      sha: c.sha,
      commit: { author: { ...a, date: c.date }, committer: { ...a, date: c.date }, message: c.message },
      author: null,
      parents: [],
    };
  };
  const page = <T>(req: FakeRequest, all: T[]): T[] => {
    const per = Math.min(100, Number(req.query.get('per_page') ?? 30));
    const p = Number(req.query.get('page') ?? 1);
    return all.slice((p - 1) * per, p * per);
  };
  const find = (ref: string) => {
    const r = ref.toLowerCase();
    const hits = commits.filter((c) => c.sha.startsWith(r));
    return hits.length === 1 ? hits[0] : null;
  };
  const prefix = `/repos/${owner}/${repo}`;
  const route = (req: FakeRequest): FakeReply => {
    if (req.path === prefix)
      return {
        json: { id: 1, full_name: `${owner}/${repo}`, name: repo, owner: { login: owner }, default_branch: 'main' },
        headers: { 'x-github-api-version-selected': '2022-11-28' },
      };
    if (!req.path.startsWith(prefix))
      return { status: 404, json: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
    const rest = req.path.slice(prefix.length);
    if (rest === '/commits') {
      const since = req.query.get('since');
      const until = req.query.get('until');
      const kept = commits.filter(
        (c) =>
          (!since || Date.parse(c.date) >= Date.parse(since)) && (!until || Date.parse(c.date) <= Date.parse(until)),
      );
      return { json: page(req, kept).map(listItem) };
    }
    const one = /^\/commits\/([^/]+)$/.exec(rest);
    if (one) {
      const c = find(one[1]);
      if (!c)
        return /^[0-9a-f]+$/i.test(one[1])
          ? { status: 422, json: { message: `No commit found for SHA: ${one[1]}` } }
          : { status: 404, json: { message: 'Not Found' } };
      return {
        json: {
          ...listItem(c),
          stats: {
            additions: c.files.reduce((n, f) => n + f.additions, 0),
            deletions: c.files.reduce((n, f) => n + f.deletions, 0),
          },
          files: c.files.map((f) => ({
            filename: f.path,
            status: 'modified',
            additions: f.additions,
            deletions: f.deletions,
            changes: f.additions + f.deletions,
            ...(f.patch ? { patch: f.patch } : {}),
          })),
        },
      };
    }
    const cmp = /^\/compare\/(.+)\.\.\.(.+)$/.exec(rest);
    if (cmp) {
      const base = find(cmp[1]);
      const head = find(cmp[2]);
      if (!base || !head) return { status: 404, json: { message: 'Not Found' } };
      // A linear history: what lies after base up to head, oldest first as GitHub lists it.
      const between = commits
        .filter((c) => Date.parse(c.date) > Date.parse(base.date) && Date.parse(c.date) <= Date.parse(head.date))
        .reverse();
      return {
        json: {
          status: between.length ? 'ahead' : 'identical',
          ahead_by: between.length,
          behind_by: 0,
          total_commits: between.length,
          commits: between.map(listItem),
        },
      };
    }
    if (rest === '/deployments') {
      if (opts.releasesOnly) return { json: [] };
      return {
        json: page(req, deployments).map(({ d, id }) => ({
          id,
          sha: d.commit ?? '0'.repeat(40),
          ref: d.version,
          task: 'deploy',
          environment: d.environment ?? 'production',
          payload: { service: d.service, version: d.version },
          created_at: d.startedAt,
          updated_at: d.finishedAt ?? d.startedAt,
        })),
      };
    }
    const st = /^\/deployments\/(\d+)\/statuses$/.exec(rest);
    if (st) {
      const hit = deployments.find((x) => x.id === Number(st[1]));
      if (!hit) return { status: 404, json: { message: 'Not Found' } };
      const states = hit.d.finishedAt
        ? [{ id: hit.id * 10, state: hit.d.status === 'failed' ? 'failure' : 'success', created_at: hit.d.finishedAt }]
        : [];
      return { json: [...states, { id: hit.id * 10 - 1, state: 'in_progress', created_at: hit.d.startedAt }] };
    }
    if (rest === '/releases') {
      if (!opts.releasesOnly) return { json: [] };
      return {
        json: deployments.map(({ d, id }) => ({
          id,
          tag_name: `${d.service}@${d.version}`,
          name: d.version,
          draft: false,
          prerelease: false,
          target_commitish: d.commit ?? 'main',
          created_at: d.startedAt,
          published_at: d.startedAt,
        })),
      };
    }
    return { status: 404, json: { message: 'Not Found' } };
  };
  return startLoopback(route, {
    authorized: (r) =>
      r.headers.authorization === `token ${opts.token}` ||
      r.headers.authorization === `bearer ${opts.token}` ||
      r.headers.authorization === `Bearer ${opts.token}`,
  });
}
