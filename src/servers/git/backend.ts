// The one interface every git backend implements (a repository, a bundle, commits.json, GitHub).
import type { Commit, DataWarning, Deployment, TimeRange } from '../../core/types.js';
import type { HealthCheck } from '../types.js';

export interface GitBackend {
  readonly name: string;
  /** Commits (files with additions/deletions; patches may be omitted) in the range, newest first. */
  commits(range?: TimeRange): Promise<Commit[]>;
  /** One commit with its patches, by full sha or a unique prefix of >= 4; null when unknown. */
  getCommit(sha: string): Promise<Commit | null>;
  /** Deployments in the range, newest first (empty when the backend has none). */
  deployments(range?: TimeRange): Promise<Deployment[]>;
  /**
   * Shas reachable from `to` but not from `from` (`git rev-list from..to`), newest first.
   * Absent, or null for a call, when the backend has no commit graph: callers fall back to date order.
   */
  commitRange?(from: string | undefined, to: string): Promise<string[] | null>;
  /** Latest commit or deployment time (ms), for file backends' "now"; null when unknown. */
  latest(): Promise<number | null>;
  warnings(): DataWarning[];
  health(): Promise<HealthCheck[]>;
  close(): Promise<void>;
}
