// The git server's tools: recent commits, deployments with what they shipped, commit search, one commit's patch.
import { z } from 'zod';
import {
  commitDetailOutput,
  deploymentsOutput,
  recentCommitsOutput,
  searchCommitsOutput,
  type DeploymentOut,
} from '../../core/contracts/git.js';
import { timeArgs } from '../../core/contracts/common.js';
import { isPilotError } from '../../core/errors.js';
import { servicesOfPaths } from '../../core/services.js';
import { toIso } from '../../core/time.js';
import type { Commit, DataWarning, TimeRange } from '../../core/types.js';
import { defineTool, ToolError, type AnyTool } from '../../mcp/tool.js';
import type { GitBackend } from './backend.js';
import { matchCommit, splitQuery, type MatchField } from './search.js';
import { findPreviousDeployment, findShippedCommits } from './shipped.js';
import { renderCommitLine, summarizeCommit } from './summary.js';
import { resolveWindow, windowOut } from '../../core/window.js';

const MAX_PATCH_CHARS = 40_000;
/** search_commits fetches patches for at most this many commits of the window (one git call each). */
const MAX_DIFF_FETCH = 200;
const FETCH_CONCURRENCY = 4;

export interface GitToolOptions {
  /** --until: a fixed "now" for the default window. */
  until?: string;
}

export function createGitTools(backend: GitBackend, opts: GitToolOptions = {}): AnyTool[] {
  // Changes reach back further than symptoms: a week before the newest commit or deployment.
  const windowOf = async (args: { since?: string; until?: string }) => {
    const latest = await backend.latest();
    return resolveWindow(args, {
      extent: latest === null ? null : { from: latest, to: latest },
      fixedUntil: opts.until,
      spanMs: 7 * 86_400_000,
      clip: false,
    });
  };
  const knownServices = async () => new Set((await backend.deployments()).map((d) => d.service));
  const warningsOut = (extra: DataWarning[] = []) => {
    const all = [...backend.warnings(), ...extra];
    return all.length ? { warnings: all.slice(0, 50) } : {};
  };

  const getRecentCommits = defineTool({
    name: 'get_recent_commits',
    title: 'Recent commits',
    description:
      'List the commits made in a time window, newest first, with the services each touches (from its paths) and its files. ' +
      'Use it to see what changed before an incident; filter by service or path prefix. Follow up with get_commit for a patch, ' +
      'or get_deployments to see which commits actually reached production. Default window: the 7 days before the end of the data.',
    input: z.strictObject({
      ...timeArgs,
      service: z.string().optional().describe('only commits touching this service (by path, e.g. services/<name>/...)'),
      path: z.string().optional().describe('only commits touching a file under this path prefix'),
      limit: z.number().int().min(1).max(200).default(30).describe('max commits returned (default 30, max 200)'),
    }),
    output: recentCommitsOutput,
    annotations: { readOnlyHint: true },
    async run(args) {
      const window = await windowOf(args);
      const known = await knownServices();
      const commits = (await backend.commits(window)).filter(
        (c) =>
          (!args.service || touches(c, args.service, known)) &&
          (!args.path || c.files.some((f) => f.path.startsWith(args.path!))),
      );
      const out = {
        window: windowOut(window),
        commits: commits.slice(0, args.limit).map((c) => summarizeCommit(c, known)),
        total: commits.length,
        ...warningsOut(),
      };
      if (!commits.length) {
        return {
          ...out,
          note: `No commits ${describeFilter(window, args)}. Try a wider window (since: "30d"), another service, or search_commits.`,
        };
      }
      return out;
    },
    render: (r) =>
      [`${r.total} commits ${r.window.from} .. ${r.window.to}`, ...r.commits.map(renderCommitLine), r.note ?? '']
        .filter(Boolean)
        .join('\n'),
  });

  const getDeployments = defineTool({
    name: 'get_deployments',
    title: 'Deployments',
    description:
      'List deployments in a time window, newest first, each with the version it replaced (previousVersion) and the commits it shipped ' +
      "(its service's commits since that service's previous deployment, up to and including the deployed commit). " +
      "Call it early: a deployment shortly before an incident's onset is the usual suspect. Then read the shipped commits with get_commit. " +
      'Default window: the 7 days before the end of the data.',
    input: z.strictObject({
      ...timeArgs,
      service: z.string().optional().describe('only deployments of this service'),
      environment: z.string().optional().describe('only deployments to this environment (production, staging, ...)'),
      limit: z.number().int().min(1).max(200).default(30).describe('max deployments returned (default 30, max 200)'),
    }),
    output: deploymentsOutput,
    annotations: { readOnlyHint: true },
    async run(args) {
      const window = await windowOf(args);
      const all = await backend.deployments();
      const known = new Set(all.map((d) => d.service));
      const picked = (await backend.deployments(window)).filter(
        (d) =>
          (!args.service || d.service === args.service) &&
          (!args.environment || (d.environment ?? '').toLowerCase() === args.environment.toLowerCase()),
      );
      const commits = await backend.commits();
      const extra: DataWarning[] = [];
      const deployments: DeploymentOut[] = [];
      for (const d of picked.slice(0, args.limit)) {
        const previous = findPreviousDeployment(d, all);
        const shipped = await findShippedCommits(d, previous, commits, known, backend.commitRange?.bind(backend));
        if (shipped.warning) extra.push({ where: `deployments.json ${d.id}`, message: shipped.warning });
        deployments.push({
          id: d.id,
          service: d.service,
          version: d.version,
          environment: d.environment ?? null,
          commit: d.commit ?? null,
          startedAt: d.startedAt,
          finishedAt: d.finishedAt ?? null,
          status: d.status ?? null,
          previousVersion: previous?.version ?? null,
          commits: shipped.shas,
        });
      }
      const out = { window: windowOut(window), deployments, total: picked.length, ...warningsOut(extra) };
      if (!picked.length) {
        const services = [...known].sort().join(', ');
        return {
          ...out,
          note:
            `No deployments ${describeFilter(window, args)}${args.environment ? ` to ${args.environment}` : ''}. ` +
            (all.length
              ? `Services with deployments: ${services}. Try a wider window (since: "30d").`
              : 'The data has no deployments at all; use get_recent_commits instead.'),
        };
      }
      return out;
    },
    render: (r) =>
      [
        `${r.total} deployments ${r.window.from} .. ${r.window.to}`,
        ...r.deployments.map(
          (d) =>
            `${d.startedAt} ${d.service} ${d.previousVersion ?? '?'} -> ${d.version} (${d.id}${d.status ? `, ${d.status}` : ''}) commit ${d.commit?.slice(0, 7) ?? '?'}; shipped ${d.commits.length}: ${d.commits.map((s) => s.slice(0, 7)).join(' ')}`,
        ),
        r.note ?? '',
      ]
        .filter(Boolean)
        .join('\n'),
  });

  const searchCommits = defineTool({
    name: 'search_commits',
    title: 'Search commits',
    description:
      'Find commits whose message, file paths or diff contain every word of a query (case-insensitive, literal, not a regex). ' +
      'Use it to connect a symptom to a change: an error string, a config key (pool_max), a table or endpoint name. ' +
      'Returns matching lines (diff lines keep their +/- sign). Then open a hit with get_commit. Default window: the 7 days before the end of the data.',
    input: z.strictObject({
      query: z.string().min(1).describe('words that must all appear in the commit, e.g. "pool timeout"'),
      ...timeArgs,
      in: z
        .array(z.enum(['message', 'paths', 'diff']))
        .min(1)
        .optional()
        .describe('where to look (default all three)'),
      service: z.string().optional().describe('only commits touching this service'),
      limit: z.number().int().min(1).max(200).default(20).describe('max matches returned (default 20)'),
    }),
    output: searchCommitsOutput,
    annotations: { readOnlyHint: true },
    async run(args) {
      const words = splitQuery(args.query);
      if (!words.length) throw new ToolError('query: give at least one word to search for');
      const fields = new Set<MatchField>(args.in ?? ['message', 'paths', 'diff']);
      const window = await windowOf(args);
      const known = await knownServices();
      let commits = (await backend.commits(window)).filter((c) => !args.service || touches(c, args.service, known));
      let skippedDiff = 0;
      if (fields.has('diff')) {
        const result = await withPatches(backend, commits);
        commits = result.commits;
        skippedDiff = result.skipped;
      }
      const matches = [];
      for (const c of commits) {
        const m = matchCommit(c, words, fields);
        if (m) matches.push({ ...summarizeCommit(c, known), ...m });
      }
      const out = { query: args.query, matches: matches.slice(0, args.limit), total: matches.length };
      const partial = skippedDiff
        ? ` Diffs of the ${skippedDiff} oldest commits were not searched (limit ${MAX_DIFF_FETCH}); narrow the window to search them.`
        : '';
      if (!matches.length) {
        return {
          ...out,
          note:
            `No commit ${describeFilter(window, args)} has all of [${words.join(', ')}] in ${[...fields].join('/')} (${commits.length} commits searched). ` +
            `Try fewer or other words, a wider window (since: "30d"), or get_recent_commits.${partial}`,
        };
      }
      return partial ? { ...out, note: partial.trim() } : out;
    },
    render: (r) =>
      [
        `${r.total} commits match "${r.query}"`,
        ...r.matches.flatMap((m) => [
          `${renderCommitLine(m)} (in ${m.matchedIn.join(', ')})`,
          ...m.snippets.map((s) => `    ${s}`),
        ]),
        r.note ?? '',
      ]
        .filter(Boolean)
        .join('\n'),
  });

  const getCommit = defineTool({
    name: 'get_commit',
    title: 'Commit details',
    description:
      'Show one commit: full message, files with line counts, and their patches (cut at about 40 KB; truncated says so). ' +
      'Use it on a suspect from get_deployments, get_recent_commits or search_commits to see exactly what changed. Accepts a full sha or a unique prefix of 4+ characters.',
    input: z.strictObject({
      sha: z.string().min(4).describe('full sha or a unique prefix (at least 4 hex characters)'),
    }),
    output: commitDetailOutput,
    annotations: { readOnlyHint: true },
    async run(args) {
      let commit: Commit | null;
      try {
        commit = await backend.getCommit(args.sha);
      } catch (err) {
        if (isPilotError(err) && err.code === 'usage') throw new ToolError(err.message);
        throw err;
      }
      if (!commit)
        throw new ToolError(
          `no commit ${args.sha} in the history read; find shas with get_recent_commits, get_deployments or search_commits`,
        );
      const known = await knownServices();
      const { files, truncated } = capPatches(commit);
      return {
        sha: commit.sha,
        author: commit.author,
        date: commit.date,
        message: commit.message,
        services: servicesOfPaths(
          commit.files.map((f) => f.path),
          known,
        ),
        files,
        truncated,
      };
    },
    render: (r) =>
      [
        `commit ${r.sha}`,
        `Author: ${r.author}`,
        `Date:   ${r.date}`,
        r.services.length ? `Services: ${r.services.join(', ')}` : '',
        '',
        r.message,
        '',
        ...r.files.flatMap((f) => [`--- ${f.path} (+${f.additions} -${f.deletions})`, f.patch ?? '']),
        r.truncated ? '(patches truncated)' : '',
      ].join('\n'),
  });

  return [getRecentCommits, getDeployments, searchCommits, getCommit];
}

function touches(c: Commit, service: string, known: ReadonlySet<string>): boolean {
  return servicesOfPaths(
    c.files.map((f) => f.path),
    known,
  ).includes(service);
}

function describeFilter(w: TimeRange, args: { service?: string; path?: string }): string {
  return `between ${toIso(w.from)} and ${toIso(w.to)}${args.service ? ` for service ${args.service}` : ''}${args.path ? ` under ${args.path}` : ''}`;
}

/** Cuts patches to a total budget so one huge commit cannot flood the model. */
export function capPatches(commit: Commit, budget = MAX_PATCH_CHARS): { files: Commit['files']; truncated: boolean } {
  let left = budget;
  let truncated = false;
  const files = commit.files.map((f) => {
    const base = { path: f.path, additions: f.additions, deletions: f.deletions };
    if (f.patch === undefined) return base;
    if (left <= 0) {
      truncated = true;
      return base;
    }
    if (f.patch.length > left) {
      truncated = true;
      const patch = `${f.patch.slice(0, left)}\n... (patch cut at ${budget} characters in total)`;
      left = 0;
      return { ...base, patch };
    }
    left -= f.patch.length;
    return { ...base, patch: f.patch };
  });
  return { files, truncated };
}

/** Commits with patches loaded (from the backend, on demand) for the newest MAX_DIFF_FETCH that lack them. */
async function withPatches(backend: GitBackend, commits: Commit[]): Promise<{ commits: Commit[]; skipped: number }> {
  const needs = (c: Commit) => c.files.length > 0 && c.files.every((f) => f.patch === undefined);
  const out = [...commits];
  const todo = out.map((c, i) => [c, i] as const).filter(([c]) => needs(c));
  const fetchNow = todo.slice(0, MAX_DIFF_FETCH);
  let next = 0;
  const worker = async () => {
    while (next < fetchNow.length) {
      const [c, i] = fetchNow[next++];
      const full = await backend.getCommit(c.sha).catch(() => null);
      if (full) out[i] = full;
    }
  };
  await Promise.all(Array.from({ length: FETCH_CONCURRENCY }, worker));
  return { commits: out, skipped: todo.length - fetchNow.length };
}
