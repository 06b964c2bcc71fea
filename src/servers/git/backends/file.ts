// The file git backend: commits from repo/, repo.bundle or commits.json, deployments from deployments.json.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Commit, DataWarning, Deployment, TimeRange } from '../../../core/types.js';
import type { HealthCheck } from '../../types.js';
import type { GitBackend } from '../backend.js';
import type { CommitSource } from './commit-source.js';
import { JsonCommitSource, parseCommitsJson } from './commits-json.js';
import { parseDeploymentsJson } from './deployments-json.js';
import { openBundle, RepoCommitSource } from './repo.js';
import { dataWarningsCheck } from '../../health-checks.js';

export class FileGitBackend implements GitBackend {
  readonly name = 'file';

  constructor(
    private readonly source: CommitSource | null,
    private readonly deploys: Deployment[],
    private readonly problems: DataWarning[],
    private readonly found: string[],
  ) {}

  async commits(range?: TimeRange): Promise<Commit[]> {
    if (!this.source) return [];
    const all = await this.source.list();
    return range ? all.filter((c) => inRange(Date.parse(c.date), range)) : all;
  }

  async getCommit(sha: string): Promise<Commit | null> {
    return this.source ? this.source.show(sha) : null;
  }

  async deployments(range?: TimeRange): Promise<Deployment[]> {
    return range ? this.deploys.filter((d) => inRange(Date.parse(d.startedAt), range)) : this.deploys;
  }

  async commitRange(from: string | undefined, to: string): Promise<string[] | null> {
    if (!this.source?.range) return null;
    try {
      return await this.source.range(from, to);
    } catch {
      return null; // a sha missing from the graph: the caller falls back to date order
    }
  }

  async latest(): Promise<number | null> {
    let latest = -Infinity;
    for (const d of this.deploys) latest = Math.max(latest, Date.parse(d.finishedAt ?? d.startedAt));
    if (this.source) {
      const newest = (await this.source.list())[0];
      if (newest) latest = Math.max(latest, Date.parse(newest.date));
    }
    return Number.isFinite(latest) ? latest : null;
  }

  warnings(): DataWarning[] {
    return [...this.problems];
  }

  async health(): Promise<HealthCheck[]> {
    const checks: HealthCheck[] = [];
    if (this.source) {
      try {
        const n = (await this.source.list()).length;
        checks.push({ name: `commits (${this.source.kind})`, ok: n > 0, detail: `${n} commits` });
      } catch (err) {
        checks.push({ name: `commits (${this.source.kind})`, ok: false, detail: (err as Error).message });
      }
    } else {
      checks.push({
        name: 'commits',
        ok: false,
        detail: 'no repo/, repo.bundle or commits.json in the data directory',
      });
    }
    checks.push({
      name: 'deployments',
      ok: this.deploys.length > 0,
      detail: this.found.includes('deployments.json') ? `${this.deploys.length} deployments` : 'no deployments.json',
    });
    checks.push(...dataWarningsCheck(this.problems));
    return checks;
  }

  async close(): Promise<void> {
    await this.source?.close();
  }
}

function inRange(t: number, r: TimeRange): boolean {
  return t >= r.from && t < r.to;
}

async function exists(path: string): Promise<'dir' | 'file' | null> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

/** Which git parts the data directory holds, in the order they are preferred. */
async function findGitParts(dataDir: string): Promise<string[]> {
  const parts: string[] = [];
  if ((await exists(join(dataDir, 'repo'))) === 'dir') parts.push('repo');
  if ((await exists(join(dataDir, 'repo.bundle'))) === 'file') parts.push('repo.bundle');
  if ((await exists(join(dataDir, 'commits.json'))) === 'file') parts.push('commits.json');
  if ((await exists(join(dataDir, 'deployments.json'))) === 'file') parts.push('deployments.json');
  return parts;
}

/** Opens the git parts of an incident bundle; unreadable parts become warnings, not failures. */
export async function openFileGitBackend(dataDir: string): Promise<FileGitBackend> {
  const found = await findGitParts(dataDir);
  const warnings: DataWarning[] = [];
  let source: CommitSource | null = null;
  if (found.includes('repo')) {
    source = new RepoCommitSource(join(dataDir, 'repo'));
  } else if (found.includes('repo.bundle')) {
    try {
      source = await openBundle(join(dataDir, 'repo.bundle'));
    } catch (err) {
      warnings.push({ where: 'repo.bundle', message: `cannot clone: ${(err as Error).message}` });
    }
  }
  if (!source && found.includes('commits.json')) {
    const parsed = parseCommitsJson(await readFile(join(dataDir, 'commits.json'), 'utf8'));
    warnings.push(...parsed.warnings);
    source = new JsonCommitSource(parsed.commits);
  }
  let deployments: Deployment[] = [];
  if (found.includes('deployments.json')) {
    const parsed = parseDeploymentsJson(await readFile(join(dataDir, 'deployments.json'), 'utf8'));
    warnings.push(...parsed.warnings);
    deployments = parsed.deployments;
  }
  return new FileGitBackend(source, deployments, warnings, found);
}
