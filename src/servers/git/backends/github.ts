// GitBackend over the GitHub REST API (github.com or Enterprise via GITHUB_API_URL) with the official Octokit client:
// commits with their files, compare for what a deployment shipped, deployments with statuses, or releases when there
// are none.
import { Octokit } from '@octokit/rest';
import { PilotError } from '../../../core/errors.js';
import {
  createRetryingFetch,
  redactUrl,
  scrubSecrets,
  statusError,
  type HttpSettings,
  type HttpTarget,
} from '../../../core/http.js';
import { toIso } from '../../../core/time.js';
import type { Commit, DataWarning, Deployment, TimeRange } from '../../../core/types.js';
import type { HealthCheck } from '../../types.js';
import type { GitBackend } from '../backend.js';

export interface GitHubConfig extends HttpSettings {
  token: string;
  /** owner/repo */
  repository: string;
  /** Default https://api.github.com; Enterprise: https://HOST/api/v3. */
  apiUrl?: string;
  /** Commits listed per call at most (pages of 100); default 500. */
  maxCommits?: number;
}

export interface BackendProbe {
  reachable: boolean;
  authenticated: boolean | null;
  version: string | null;
  detail: string;
}

const FINISHED = new Set(['success', 'failure', 'error', 'inactive']);
const DETAIL_CONCURRENCY = 4;

export class GitHubBackend implements GitBackend {
  readonly name = 'github';
  readonly octokit: Octokit;
  private readonly owner: string;
  private readonly repo: string;
  private readonly target: HttpTarget;
  private readonly details = new Map<string, Promise<Commit | null>>();
  private readonly problems: DataWarning[] = [];

  constructor(private readonly config: GitHubConfig) {
    const [owner, repo] = config.repository.split('/');
    if (!owner || !repo)
      throw new PilotError('config', `"${config.repository}" is not owner/repo`, {
        hint: 'pass --github owner/repo or set GITHUB_REPOSITORY',
      });
    this.owner = owner;
    this.repo = repo;
    const baseUrl = (config.apiUrl ?? 'https://api.github.com').replace(/\/$/, '');
    this.target = {
      ...config,
      backend: 'GitHub',
      baseUrl,
      authSettings: 'GITHUB_TOKEN',
      urlSetting: 'GITHUB_API_URL',
      secrets: [config.token],
    };
    this.octokit = new Octokit({
      auth: config.token,
      baseUrl,
      userAgent: 'incident-pilot',
      request: { fetch: createRetryingFetch(this.target) },
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
  }

  /** One Octokit call with errors mapped: 401/403 name GITHUB_TOKEN, 404 names the repository setting. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.mapError(err);
    }
  }

  private mapError(err: unknown): PilotError {
    if (err instanceof PilotError) return err;
    const e = err as { status?: number; message?: string; response?: { data?: unknown } };
    if (e.status === 404) {
      return new PilotError(
        'not_found',
        `GitHub at ${redactUrl(this.target.baseUrl)}: 404 Not Found for ${this.owner}/${this.repo}`,
        {
          hint: 'check --github owner/repo (or GITHUB_REPOSITORY), that GITHUB_TOKEN can read it, and GITHUB_API_URL for Enterprise',
        },
      );
    }
    if (typeof e.status === 'number' && e.status >= 400)
      return statusError(this.target, e.status, scrubSecrets(e.message ?? '', this.target.secrets));
    return new PilotError(
      'backend_unavailable',
      `GitHub at ${redactUrl(this.target.baseUrl)}: ${scrubSecrets(e.message ?? String(err), this.target.secrets)}`,
      { hint: 'check GITHUB_API_URL' },
    );
  }

  async commits(range?: TimeRange): Promise<Commit[]> {
    const max = this.config.maxCommits ?? 500;
    const shas: string[] = [];
    for (let page = 1; shas.length < max; page++) {
      const res = await this.call(() =>
        this.octokit.repos.listCommits({
          owner: this.owner,
          repo: this.repo,
          per_page: 100,
          page,
          ...(range ? { since: new Date(range.from).toISOString(), until: new Date(range.to - 1).toISOString() } : {}),
        }),
      );
      shas.push(...res.data.map((c) => c.sha));
      if (res.data.length < 100) break;
    }
    if (shas.length >= max)
      this.warn('github', `more than ${max} commits in the window; only the newest ${max} are used`);
    // The list has no files: each commit's detail is fetched (cached), a few at a time.
    const out: Array<Commit | null> = new Array(shas.length).fill(null);
    let next = 0;
    const worker = async () => {
      while (next < shas.length) {
        const i = next++;
        out[i] = await this.getCommit(shas[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(DETAIL_CONCURRENCY, shas.length) }, worker));
    const list = out.filter((c): c is Commit => c !== null);
    return list.sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
  }

  async getCommit(sha: string): Promise<Commit | null> {
    const key = sha.toLowerCase();
    let p = this.details.get(key);
    if (!p) {
      p = this.fetchCommit(key);
      this.details.set(key, p);
      p.catch(() => this.details.delete(key));
    }
    return p;
  }

  private async fetchCommit(sha: string): Promise<Commit | null> {
    try {
      const { data } = await this.octokit.repos.getCommit({ owner: this.owner, repo: this.repo, ref: sha });
      const author = data.commit.author;
      return {
        sha: data.sha,
        author: author
          ? `${author.name ?? 'unknown'}${author.email ? ` <${author.email}>` : ''}`
          : (data.author?.login ?? 'unknown'),
        date: toIso(Date.parse(author?.date ?? data.commit.committer?.date ?? '')),
        message: data.commit.message,
        files: (data.files ?? []).map((f) => ({
          path: f.filename,
          additions: f.additions,
          deletions: f.deletions,
          ...(f.patch ? { patch: f.patch } : {}),
        })),
      };
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status === 404 || status === 422) return null; // unknown sha: not an error of the backend
      throw this.mapError(err);
    }
  }

  async deployments(range?: TimeRange): Promise<Deployment[]> {
    const fromApi = await this.listDeployments();
    const all = fromApi.length ? fromApi : await this.listReleases();
    const kept = range
      ? all.filter((d) => Date.parse(d.startedAt) >= range.from && Date.parse(d.startedAt) < range.to)
      : all;
    return kept.sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt) || b.id.localeCompare(a.id));
  }

  private deploymentsCache?: Promise<Deployment[]>;

  private listDeployments(): Promise<Deployment[]> {
    this.deploymentsCache ??= (async () => {
      const raw = [];
      for (let page = 1; page <= 10; page++) {
        const res = await this.call(() =>
          this.octokit.repos.listDeployments({ owner: this.owner, repo: this.repo, per_page: 100, page }),
        );
        raw.push(...res.data);
        if (res.data.length < 100) break;
      }
      const out: Deployment[] = [];
      for (const d of raw) {
        const statuses = await this.call(() =>
          this.octokit.repos.listDeploymentStatuses({
            owner: this.owner,
            repo: this.repo,
            deployment_id: d.id,
            per_page: 100,
          }),
        );
        // Newest status first: its state is the deployment's; a finishing state's time is when it finished.
        const latest = statuses.data[0];
        const payload = (typeof d.payload === 'object' && d.payload ? d.payload : {}) as Record<string, unknown>;
        const service = str(payload.service) ?? str(payload.app) ?? this.repo;
        out.push({
          id: String(d.id),
          service,
          version: str(payload.version) ?? d.ref ?? d.sha.slice(0, 12),
          environment: d.environment,
          commit: d.sha.toLowerCase(),
          startedAt: toIso(Date.parse(d.created_at)),
          ...(latest && FINISHED.has(latest.state) ? { finishedAt: toIso(Date.parse(latest.created_at)) } : {}),
          ...(latest ? { status: latest.state === 'success' ? 'succeeded' : latest.state } : {}),
        });
      }
      return out;
    })();
    this.deploymentsCache.catch(() => (this.deploymentsCache = undefined));
    return this.deploymentsCache;
  }

  /** Releases as deployments when the repository has no Deployments: tag `svc@1.2` or `svc-v1.2` names the service. */
  private async listReleases(): Promise<Deployment[]> {
    const res = await this.call(() =>
      this.octokit.repos.listReleases({ owner: this.owner, repo: this.repo, per_page: 100 }),
    );
    return res.data
      .filter((r) => !r.draft && (r.published_at || r.created_at))
      .map((r) => {
        const m = /^(.+?)(?:@|-)(v?\d.*)$/.exec(r.tag_name);
        const sha = /^[0-9a-f]{7,40}$/i.test(r.target_commitish) ? r.target_commitish.toLowerCase() : undefined;
        return {
          id: `release-${r.id}`,
          service: m ? m[1] : this.repo,
          version: m ? m[2] : r.tag_name,
          ...(sha ? { commit: sha } : {}),
          startedAt: toIso(Date.parse(r.published_at ?? r.created_at)),
          status: r.prerelease ? 'prerelease' : 'released',
        };
      });
  }

  /** `git rev-list from..to` through compare; null when GitHub cannot compare them. */
  async commitRange(from: string | undefined, to: string): Promise<string[] | null> {
    if (!from) return null;
    try {
      const res = await this.octokit.repos.compareCommits({
        owner: this.owner,
        repo: this.repo,
        base: from,
        head: to,
        per_page: 250,
      });
      if (res.data.status === 'diverged' || res.data.status === 'behind') return null;
      return res.data.commits.map((c) => c.sha).reverse();
    } catch {
      return null;
    }
  }

  async latest(): Promise<number | null> {
    return null;
  }

  async probe(): Promise<BackendProbe> {
    const where = redactUrl(this.target.baseUrl);
    try {
      const res = await this.octokit.request('GET /repos/{owner}/{repo}', {
        owner: this.owner,
        repo: this.repo,
        request: { retries: 0 },
      });
      const version =
        (res.headers['x-github-enterprise-version'] as string | undefined) ??
        res.headers['x-github-api-version-selected'] ??
        'api.github.com';
      return {
        reachable: true,
        authenticated: true,
        version: String(version),
        detail: `${where}: ${this.owner}/${this.repo} readable`,
      };
    } catch (err) {
      const e = this.mapError(err);
      const status = (err as { status?: number }).status;
      return {
        reachable: typeof status === 'number',
        authenticated: status === 401 ? false : status === 403 ? false : null,
        version: null,
        detail: `${e.message}${e.hint ? ` (${e.hint})` : ''}`,
      };
    }
  }

  async health(): Promise<HealthCheck[]> {
    const p = await this.probe();
    return [
      { name: 'github reachable', ok: p.reachable, detail: p.detail },
      {
        name: 'github authenticated',
        ok: p.authenticated === true,
        detail: p.authenticated ? 'GITHUB_TOKEN accepted' : 'GITHUB_TOKEN refused or not checked',
      },
    ];
  }

  warnings(): DataWarning[] {
    return [...this.problems];
  }

  private warn(where: string, message: string): void {
    if (!this.problems.some((p) => p.message === message)) this.problems.push({ where, message });
  }

  async close(): Promise<void> {}
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

export function createGitHubBackend(config: GitHubConfig): GitHubBackend {
  return new GitHubBackend(config);
}
