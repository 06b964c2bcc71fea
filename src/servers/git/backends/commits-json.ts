// commits.json: an array of commits in any order; bad entries are reported with their index and skipped.
import type { Commit, CommitFile, DataWarning } from '../../../core/types.js';
import { parseTimestamp, toIso } from '../../../core/time.js';
import { isRecord, readJsonList } from './json-list.js';
import { resolveShaPrefix, sortNewestFirst, type CommitSource } from './commit-source.js';

export interface ParsedCommits {
  commits: Commit[];
  warnings: DataWarning[];
}

/** Parses commits.json text; `where` names the file in warnings. Never throws on bad data. */
export function parseCommitsJson(text: string, where = 'commits.json'): ParsedCommits {
  const warnings: DataWarning[] = [];
  const read = readJsonList(text, where, 'commits');
  if ('warning' in read) return { commits: [], warnings: [read.warning] };
  const list = read.list;
  const commits: Commit[] = [];
  const seen = new Set<string>();
  list.forEach((raw: unknown, i: number) => {
    const problem = readCommit(raw);
    if (typeof problem === 'string') {
      warnings.push({ where: `${where}[${i}]`, message: `${problem}; entry skipped` });
      return;
    }
    if (seen.has(problem.sha)) {
      warnings.push({ where: `${where}[${i}]`, message: `duplicate sha ${problem.sha.slice(0, 12)}; entry skipped` });
      return;
    }
    seen.add(problem.sha);
    commits.push(problem);
  });
  return { commits: sortNewestFirst(commits), warnings };
}

/** A commit, or the reason the entry cannot be one. */
function readCommit(raw: unknown): Commit | string {
  if (!isRecord(raw)) return 'not an object';
  const sha =
    typeof raw.sha === 'string'
      ? raw.sha.trim().toLowerCase()
      : typeof raw.id === 'string'
        ? raw.id.trim().toLowerCase()
        : '';
  if (!/^[0-9a-f]{4,64}$/.test(sha))
    return raw.sha === undefined ? 'missing sha' : `sha ${JSON.stringify(raw.sha)} is not a hex commit id`;
  const dateText =
    typeof raw.date === 'string'
      ? raw.date
      : typeof raw.timestamp === 'string'
        ? raw.timestamp
        : typeof raw.date === 'number'
          ? String(raw.date)
          : '';
  const ms =
    typeof raw.date === 'number' ? (raw.date < 1e11 ? raw.date * 1000 : raw.date) : parseTimestamp(dateText.trim());
  if (!Number.isFinite(ms)) return dateText ? `date "${dateText}" is not ISO 8601` : 'missing date';
  const files: CommitFile[] = [];
  if (Array.isArray(raw.files)) {
    for (const f of raw.files) {
      if (typeof f === 'string') files.push({ path: f, additions: 0, deletions: 0 });
      else if (isRecord(f) && typeof f.path === 'string') {
        files.push({
          path: f.path,
          additions: toCount(f.additions),
          deletions: toCount(f.deletions),
          ...(typeof f.patch === 'string' ? { patch: f.patch } : {}),
        });
      }
    }
  }
  return {
    sha,
    author:
      typeof raw.author === 'string'
        ? raw.author
        : isRecord(raw.author) && typeof raw.author.name === 'string'
          ? raw.author.name
          : 'unknown',
    date: toIso(ms),
    message: typeof raw.message === 'string' ? raw.message.replace(/\n+$/, '') : '',
    files,
  };
}

function toCount(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0;
}

/** commits.json as a commit source: no graph, so deployments fall back to date order. */
export class JsonCommitSource implements CommitSource {
  readonly kind = 'commits.json';
  constructor(private readonly commits: Commit[]) {}
  async list(): Promise<Commit[]> {
    return this.commits;
  }
  async show(shaOrPrefix: string): Promise<Commit | null> {
    return resolveShaPrefix(this.commits, shaOrPrefix);
  }
  async close(): Promise<void> {}
}
