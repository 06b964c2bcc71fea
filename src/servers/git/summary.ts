// Commit shapes of the git contracts, built from core Commits.
import { servicesOfPaths } from '../../core/services.js';
import type { Commit } from '../../core/types.js';
import type { CommitSummary } from '../../core/contracts/git.js';

const MAX_MESSAGE_CHARS = 2_000;

export function summarizeCommit(c: Commit, known: ReadonlySet<string>): CommitSummary {
  const message = c.message.length > MAX_MESSAGE_CHARS ? `${c.message.slice(0, MAX_MESSAGE_CHARS)}...` : c.message;
  return {
    sha: c.sha,
    shortSha: c.sha.slice(0, 7),
    author: c.author,
    date: c.date,
    subject: c.message.split('\n', 1)[0] ?? '',
    message,
    services: servicesOfPaths(
      c.files.map((f) => f.path),
      known,
    ),
    files: c.files.map((f) => ({ path: f.path, additions: f.additions, deletions: f.deletions })),
  };
}

export function renderCommitLine(c: CommitSummary): string {
  const svc = c.services.length ? ` [${c.services.join(', ')}]` : '';
  return `${c.shortSha} ${c.date} ${c.author}${svc}: ${c.subject}`;
}
