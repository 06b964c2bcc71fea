// The git server: commits and deployments from an incident bundle (repo/, repo.bundle, commits.json, deployments.json).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PilotError } from '../../core/errors.js';
import type { ServerSpec, SourceOptions } from '../types.js';
import type { GitBackend } from './backend.js';
import { openFileGitBackend } from './backends/file.js';
import { createGitTools } from './tools.js';
import type { HttpSettings } from '../../core/http.js';
import type { AnyTool } from '../../mcp/tool.js';
import { connectDatadog } from '../metrics/backends/load-datadog.js';
import { withDeployments } from './backends/with-deployments.js';
import { createCheckEnvironmentTool } from '../check-environment.js';
import { checkHttpUrl } from '../live-config.js';

const GIT_PARTS = ['repo', 'repo.bundle', 'commits.json', 'deployments.json'];

function hasGitFiles(opts: SourceOptions): boolean {
  return !!opts.dataDir && GIT_PARTS.some((p) => existsSync(join(opts.dataDir!, p)));
}

/**
 * owner/repo for GitHub: --github wins; GITHUB_REPOSITORY (set in every GitHub Actions job) only without bundle git
 * files.
 */
function githubRepository(opts: SourceOptions): string | undefined {
  if (typeof opts.extra?.github === 'string' && opts.extra.github) return opts.extra.github;
  return hasGitFiles(opts) ? undefined : opts.env.GITHUB_REPOSITORY || undefined;
}

/**
 * The one place that chooses a git backend from configuration: GitHub with --github (or GITHUB_REPOSITORY without
 * bundle files), else the bundle. Deployments come from Datadog events when DD_API_KEY is set and nothing else has
 * them.
 */
export async function createGitBackend(opts: SourceOptions, http: HttpSettings = {}): Promise<GitBackend> {
  const env = opts.env;
  const repository = githubRepository(opts);
  let backend: GitBackend;
  if (repository) {
    if (!env.GITHUB_TOKEN)
      throw new PilotError('config', `GitHub repository ${repository} given but GITHUB_TOKEN is not set`, {
        hint: 'export GITHUB_TOKEN=<a token that can read the repository>',
      });
    const { createGitHubBackend } = await import('./backends/github.js');
    backend = createGitHubBackend({
      token: env.GITHUB_TOKEN,
      repository,
      apiUrl: env.GITHUB_API_URL ? checkHttpUrl(env.GITHUB_API_URL, 'GITHUB_API_URL') : undefined,
      ...http,
    });
  } else if (hasGitFiles(opts)) {
    backend = await openFileGitBackend(opts.dataDir!);
  } else {
    throw new PilotError('config', `no git history found${opts.dataDir ? ` in ${opts.dataDir}` : ''}`, {
      hint: `put ${GIT_PARTS.join(', ')} in the --data directory, or pass --github owner/repo with GITHUB_TOKEN`,
    });
  }
  const deploymentsFile = !!opts.dataDir && existsSync(join(opts.dataDir, 'deployments.json'));
  if (
    env.DD_API_KEY &&
    env.DD_APP_KEY &&
    !deploymentsFile &&
    (backend.name !== 'github' || (await backend.deployments()).length === 0)
  ) {
    const { datadog, client } = await connectDatadog(env, http);
    backend = withDeployments(backend, new datadog.DatadogDeploymentSource(client));
  }
  return backend;
}

function missingGitSettings(backend: GitBackend, opts: SourceOptions): string[] {
  const out: string[] = [];
  if (backend.name.startsWith('file'))
    out.push('--github owner/repo with GITHUB_TOKEN not set: reading bundle files only');
  if (!opts.env.DD_API_KEY && !backend.name.includes('datadog'))
    out.push('DD_API_KEY/DD_APP_KEY not set: no Datadog deployment events');
  return out;
}

/** The git tools plus check_environment. */
export function createGitServerTools(backend: GitBackend, opts: SourceOptions): AnyTool[] {
  return [
    ...createGitTools(backend, { until: opts.until }),
    createCheckEnvironmentTool({ server: 'git', backend, missing: missingGitSettings(backend, opts) }),
  ];
}

export const gitServer: ServerSpec = {
  name: 'git',
  aliases: [],
  summary: 'commits and deployments: recent commits, what each deployment shipped, commit search, patches',
  flags: [
    {
      option: '--github <owner/repo>',
      key: 'github',
      description: 'read commits and deployments from GitHub (needs GITHUB_TOKEN)',
      replacesSample: true,
    },
  ],
  isConfigured: (opts) => hasGitFiles(opts) || (!!opts.env.GITHUB_TOKEN && !!githubRepository(opts)),
  async create(opts) {
    const backend = await createGitBackend(opts);
    return {
      tools: createGitServerTools(backend, opts),
      backend: backend.name,
      checkHealth: () => backend.health(),
      close: () => backend.close(),
    };
  },
};
