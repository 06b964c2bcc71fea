// Commit history read from a git repository (working copy or bare) with the git CLI, cached after first use.
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PilotError } from '../../../core/errors.js';
import type { Commit } from '../../../core/types.js';
import { LOG_FORMAT, parseGitLog, runGit, splitPatches, type LoggedCommit } from './git-cli.js';
import { resolveShaPrefix, type CommitSource } from './commit-source.js';

export class RepoCommitSource implements CommitSource {
  readonly kind: string;
  private listing?: Promise<LoggedCommit[]>;
  private readonly patched = new Map<string, Promise<Commit>>();

  constructor(
    private readonly dir: string,
    kind = 'repo',
    private readonly cleanup?: () => Promise<void>,
  ) {
    this.kind = kind;
  }

  list(): Promise<LoggedCommit[]> {
    // --all: every branch and tag (a bundle clone keeps them under refs/remotes); newest first by commit date.
    this.listing ??= runGit(this.dir, [
      'log',
      '--all',
      '--date-order',
      '-z',
      '--numstat',
      '--no-renames',
      '--diff-merges=first-parent',
      LOG_FORMAT,
    ]).then(parseGitLog);
    return this.listing;
  }

  async show(shaOrPrefix: string): Promise<Commit | null> {
    const all = await this.list();
    const found = resolveShaPrefix(all, shaOrPrefix);
    if (!found) return null;
    let p = this.patched.get(found.sha);
    if (!p) {
      p = runGit(this.dir, [
        'show',
        '--format=',
        '-p',
        '--no-color',
        '--no-ext-diff',
        '--no-renames',
        '--diff-merges=first-parent',
        found.sha,
      ]).then((out) => ({
        sha: found.sha,
        author: found.author,
        date: found.date,
        message: found.message,
        files: splitPatches(out, found.files),
      }));
      this.patched.set(found.sha, p);
      p.catch(() => this.patched.delete(found.sha));
    }
    return p;
  }

  /**
   * Shas reachable from `to` and not from `from` (what `git rev-list from..to` lists), newest first. Walked over
   * the parents the listing already holds: one git process per deployment cost more than the rest of the call.
   */
  async range(from: string | undefined, to: string): Promise<string[]> {
    const all = await this.list();
    const bySha = new Map(all.map((c) => [c.sha, c]));
    const reachable = (sha: string): Set<string> => {
      if (!bySha.has(sha)) throw new PilotError('not_found', `commit ${sha.slice(0, 12)} is not in the history read`);
      const seen = new Set<string>();
      const stack = [sha];
      while (stack.length) {
        const next = stack.pop()!;
        if (seen.has(next)) continue;
        seen.add(next);
        for (const p of bySha.get(next)?.parents ?? []) if (!seen.has(p)) stack.push(p);
      }
      return seen;
    };
    const included = reachable(to);
    const excluded = from ? reachable(from) : new Set<string>();
    // The listing is in git's date order already.
    return all.filter((c) => included.has(c.sha) && !excluded.has(c.sha)).map((c) => c.sha);
  }

  async close(): Promise<void> {
    await this.cleanup?.();
  }
}

/** Clones a bundle into a temporary directory once; the directory goes away on close(). */
export async function openBundle(bundlePath: string): Promise<RepoCommitSource> {
  const dir = await mkdtemp(join(tmpdir(), 'incident-pilot-bundle-'));
  const repoDir = join(dir, 'repo');
  try {
    await runGit(dir, ['clone', '--quiet', '--no-checkout', bundlePath, repoDir]);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  // A process that exits without close() (a killed client) still removes the clone.
  const removeOnExit = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeOnExit);
  return new RepoCommitSource(repoDir, 'repo.bundle', async () => {
    process.off('exit', removeOnExit);
    await rm(dir, { recursive: true, force: true });
  });
}
