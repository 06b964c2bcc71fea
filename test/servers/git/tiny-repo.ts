// Builds a small git repository with fixed dates for tests: two services and a repository-wide file.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface TinyCommit {
  date: string;
  message: string;
  files: Record<string, string>;
}

export const TINY_COMMITS: TinyCommit[] = [
  {
    date: '2025-01-01T10:00:00Z',
    message: 'Initial import',
    files: { 'services/api/app.js': 'start()\n', 'services/web/index.html': '<p>hi</p>\n', 'README.md': '# demo\n' },
  },
  {
    date: '2025-01-01T11:00:00Z',
    message: 'Add pool config\n\nSize the database pool.',
    files: { 'services/api/db.yaml': 'pool_max: 30\n' },
  },
  { date: '2025-01-01T12:00:00Z', message: 'Update footer', files: { 'services/web/index.html': '<p>hello</p>\n' } },
  { date: '2025-01-01T13:00:00Z', message: 'Raise pool size', files: { 'services/api/db.yaml': 'pool_max: 35\n' } },
];

function git(cwd: string, args: string[], date?: string): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test Author', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
    },
  );
}

/** Creates the repository at `dir`; returns the shas oldest first. */
export function createTinyRepo(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  const shas: string[] = [];
  for (const c of TINY_COMMITS) {
    for (const [path, text] of Object.entries(c.files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    git(dir, ['add', '-A']);
    git(dir, ['commit', '--quiet', '-m', c.message], c.date);
    shas.push(git(dir, ['rev-parse', 'HEAD']).trim());
  }
  return shas;
}

export function createBundle(repoDir: string, bundlePath: string): void {
  mkdirSync(dirname(bundlePath), { recursive: true });
  git(repoDir, ['bundle', 'create', bundlePath, '--all']);
}
