// Where a file backend's commits come from: a repository, a bundle clone, or commits.json.
import { PilotError } from '../../../core/errors.js';
import type { Commit } from '../../../core/types.js';

export interface CommitSource {
  /** repo, repo.bundle or commits.json */
  readonly kind: string;
  /** Every commit, newest first (patches may be missing). */
  list(): Promise<Commit[]>;
  /** One commit with patches, by full sha or unique prefix; null when unknown. */
  show(shaOrPrefix: string): Promise<Commit | null>;
  /** Shas of from..to in the commit graph, newest first; absent when there is no graph. */
  range?(from: string | undefined, to: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Finds a commit by full sha or a unique prefix of >= 4 hex characters. */
export function resolveShaPrefix<C extends Commit>(commits: readonly C[], shaOrPrefix: string): C | null {
  const want = shaOrPrefix.trim().toLowerCase();
  if (!/^[0-9a-f]{4,64}$/.test(want)) {
    throw new PilotError(
      'usage',
      `sha "${shaOrPrefix}": give a full commit sha or a prefix of at least 4 hex characters`,
    );
  }
  const hits = commits.filter((c) => c.sha.toLowerCase().startsWith(want));
  if (hits.length > 1) {
    const some = hits
      .slice(0, 5)
      .map((c) => c.sha.slice(0, 12))
      .join(', ');
    throw new PilotError(
      'usage',
      `sha prefix "${shaOrPrefix}" is ambiguous: it matches ${hits.length} commits (${some}); give more characters`,
    );
  }
  return hits[0] ?? null;
}

/** Commits sorted newest first by date, then sha for a stable order. */
export function sortNewestFirst<C extends Commit>(commits: C[]): C[] {
  return commits.sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || a.sha.localeCompare(b.sha));
}
