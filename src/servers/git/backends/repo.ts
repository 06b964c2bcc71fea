// Commit history read from a git repository (working copy or bare) with the git CLI, cached after first use.
import { PilotError } from '../../../core/errors.js';
import type { Commit } from '../../../core/types.js';
import { LOG_FORMAT, parseGitLog, runGit, splitPatches, type LoggedCommit } from './git-cli.js';
import { cloneBundle } from './bundle-clone.js';
import { resolveShaPrefix, type CommitSource } from './commit-source.js';

export class RepoCommitSource implements CommitSource {
  readonly kind: string;
  private listing?: Promise<LoggedCommit[]>;
  private bySha?: Map<string, LoggedCommit>;
  private readonly patched = new Map<string, Promise<Commit>>();
  private readonly queued: Array<{ sha: string; resolve: (patch: string) => void; reject: (err: unknown) => void }> =
    [];

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
      p = new Promise<string>((resolve, reject) => {
        this.queued.push({ sha: found.sha, resolve, reject });
        // Requests that arrive together (the engine asks for every suspect's diff at once) share one git process.
        if (this.queued.length === 1) setImmediate(() => this.showQueued());
      }).then((patch) => ({
        sha: found.sha,
        author: found.author,
        date: found.date,
        message: found.message,
        files: splitPatches(patch, found.files),
      }));
      this.patched.set(found.sha, p);
      p.catch(() => this.patched.delete(found.sha));
    }
    return p;
  }

  /** One `git show` for every queued sha; its output split at the record separator each commit starts with. */
  private async showQueued(): Promise<void> {
    const batch = this.queued.splice(0);
    try {
      const out = await runGit(this.dir, [
        'show',
        '--format=%x1e%H',
        '-p',
        '--no-color',
        '--no-ext-diff',
        '--no-renames',
        '--diff-merges=first-parent',
        ...batch.map((b) => b.sha),
      ]);
      const patches = new Map<string, string>();
      // A separator followed by a full sha and a newline: a patch that holds the byte itself does not split.
      for (const part of out.split(/\x1e(?=[0-9a-f]{40,64}\n)/).slice(1)) {
        const nl = part.indexOf('\n');
        patches.set(nl < 0 ? part.trim() : part.slice(0, nl).trim(), nl < 0 ? '' : part.slice(nl + 1));
      }
      for (const b of batch) b.resolve(patches.get(b.sha) ?? '');
    } catch (err) {
      for (const b of batch) b.reject(err);
    }
  }

  /**
   * Shas reachable from `to` and not from `from` (what `git rev-list from..to` lists), newest first. Walked over
   * the parents the listing already holds: one git process per deployment cost more than the rest of the call.
   */
  async range(from: string | undefined, to: string): Promise<string[]> {
    const all = await this.list();
    // Built once: a deployments listing walks the graph once per deployment.
    const bySha = (this.bySha ??= new Map(all.map((c) => [c.sha, c])));
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

/** Reads a bundle through its clone (see bundle-clone.ts). */
export async function openBundle(bundlePath: string): Promise<RepoCommitSource> {
  const { repoDir, cleanup } = await cloneBundle(bundlePath);
  return new RepoCommitSource(repoDir, 'repo.bundle', cleanup);
}
