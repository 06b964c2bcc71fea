// The git server: commits and deployments from an incident bundle (repo/, repo.bundle, commits.json, deployments.json).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PilotError } from '../../core/errors.js';
import type { ServerSpec, SourceOptions } from '../types.js';
import type { GitBackend } from './backend.js';
import { openFileGitBackend } from './backends/file.js';
import { createGitTools } from './tools.js';

const GIT_PARTS = ['repo', 'repo.bundle', 'commits.json', 'deployments.json'];

function hasGitFiles(opts: SourceOptions): boolean {
  return !!opts.dataDir && GIT_PARTS.some((p) => existsSync(join(opts.dataDir!, p)));
}

/** The one place that chooses a git backend from configuration. */
export async function createGitBackend(opts: SourceOptions): Promise<GitBackend> {
  if (hasGitFiles(opts)) return openFileGitBackend(opts.dataDir!);
  if (opts.env.GITHUB_TOKEN && opts.extra?.github) {
    throw new PilotError('config', 'the GitHub git backend is not available yet', { hint: 'use --data DIR with repo/, repo.bundle or commits.json' });
  }
  throw new PilotError('config', `no git history found${opts.dataDir ? ` in ${opts.dataDir}` : ''}`, {
    hint: `put ${GIT_PARTS.join(', ')} in the --data directory`,
  });
}

export const gitServer: ServerSpec = {
  name: 'git',
  aliases: [],
  summary: 'commits and deployments: recent commits, what each deployment shipped, commit search, patches',
  isConfigured: (opts) => hasGitFiles(opts) || (!!opts.env.GITHUB_TOKEN && !!opts.extra?.github),
  async create(opts) {
    const backend = await createGitBackend(opts);
    return {
      tools: createGitTools(backend, { until: opts.until }),
      backend: backend.name,
      checkHealth: () => backend.health(),
      close: () => backend.close(),
    };
  },
};
