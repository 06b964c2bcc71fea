// Commit history read from a git repository (working copy or bare) with the git CLI, cached after first use.
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    this.listing ??= runGit(this.dir, ['log', '--all', '--date-order', '-z', '--numstat', '--no-renames', '--diff-merges=first-parent', LOG_FORMAT]).then(parseGitLog);
    return this.listing;
  }

  async show(shaOrPrefix: string): Promise<Commit | null> {
    const all = await this.list();
    const found = resolveShaPrefix(all, shaOrPrefix);
    if (!found) return null;
    let p = this.patched.get(found.sha);
    if (!p) {
      p = runGit(this.dir, ['show', '--format=', '-p', '--no-color', '--no-ext-diff', '--no-renames', '--diff-merges=first-parent', found.sha]).then((out) => ({
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

  /** Shas reachable from `to` and not from `from` (git rev-list from..to), newest first. */
  async range(from: string | undefined, to: string): Promise<string[]> {
    const args = ['rev-list', '--date-order', to];
    if (from) args.push(`^${from}`);
    args.push('--');
    const out = await runGit(this.dir, args);
    return out.split('\n').map((s) => s.trim()).filter(Boolean);
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
