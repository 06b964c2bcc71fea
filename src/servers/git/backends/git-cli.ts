// Runs the git CLI without a shell and parses its NUL/record-separated output.
import { execFile } from 'node:child_process';
import type { Commit, CommitFile } from '../../../core/types.js';
import { PilotError } from '../../../core/errors.js';

const MAX_BUFFER = 256 * 1024 * 1024;

/** Runs `git <args>` in `cwd`; rejects with a PilotError carrying git's stderr. */
export function runGit(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      // LC_ALL=C keeps messages parseable; no pager, no prompts for credentials.
      {
        cwd,
        maxBuffer: MAX_BUFFER,
        env: { ...process.env, LC_ALL: 'C', GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0' },
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (err) {
          reject(
            new PilotError(
              'backend_unavailable',
              `git ${args[0]} failed in ${cwd}: ${String(stderr || err.message).trim()}`,
            ),
          );
          return;
        }
        resolve(stdout);
      },
    );
  });
}

// Record separator before each commit, unit separator between fields; -z puts NULs between numstat entries.
export const LOG_FORMAT = '--format=%x1e%H%x1f%P%x1f%an <%ae>%x1f%cI%x1f%B%x1f';

export interface LoggedCommit extends Commit {
  parents: string[];
}

/** Parses `git log -z --numstat ${LOG_FORMAT}` output into commits (files without patches). */
export function parseGitLog(out: string): LoggedCommit[] {
  const commits: LoggedCommit[] = [];
  for (const record of out.split('\x1e')) {
    if (!record.trim()) continue;
    const parts = record.split('\x1f');
    if (parts.length < 6) continue;
    const [sha, parents, author, date, body] = parts;
    const rest = parts.slice(5).join('\x1f');
    commits.push({
      sha: sha.trim(),
      parents: parents.trim() ? parents.trim().split(' ') : [],
      author,
      date: new Date(date.trim()).toISOString().replace('.000Z', 'Z'),
      message: body.replace(/\n+$/, ''),
      files: parseNumstat(rest),
    });
  }
  return commits;
}

function parseNumstat(text: string): CommitFile[] {
  const files: CommitFile[] = [];
  for (const entry of text.split('\0')) {
    const m = /^\n*(\d+|-)\t(\d+|-)\t([\s\S]+)$/.exec(entry);
    if (!m) continue;
    // Binary files show "-": counted as 0 lines.
    files.push({ path: m[3], additions: m[1] === '-' ? 0 : Number(m[1]), deletions: m[2] === '-' ? 0 : Number(m[2]) });
  }
  return files;
}

/**
 * Splits `git show -p` output into per-file patches starting at the first hunk, matched to `files`
 * by their `diff --git a/P b/P` header (renames are off), else by order.
 */
export function splitPatches(out: string, files: CommitFile[]): CommitFile[] {
  const sections = out.split(/^(?=diff --git )/m).filter((s) => s.startsWith('diff --git '));
  const byHeader = new Map(files.map((f, i) => [`diff --git a/${f.path} b/${f.path}`, i]));
  const patches: Array<string | undefined> = files.map(() => undefined);
  sections.forEach((section, order) => {
    const header = section.slice(0, section.indexOf('\n') === -1 ? section.length : section.indexOf('\n'));
    const idx = byHeader.get(header) ?? (order < files.length && patches[order] === undefined ? order : -1);
    if (idx < 0) return;
    const hunk = section.search(/^@@/m);
    patches[idx] = hunk >= 0 ? section.slice(hunk) : section.split('\n').slice(1).join('\n');
  });
  return files.map((f, i) => (patches[i] !== undefined ? { ...f, patch: patches[i] } : { ...f }));
}
