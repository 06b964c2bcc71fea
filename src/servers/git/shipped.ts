// Which commits a deployment shipped: its service's commits after the previous deployment, up to its commit.
import { serviceOfPath } from '../../core/services.js';
import type { Commit, Deployment } from '../../core/types.js';

const FAILED_RE = /fail|error|cancel/i;
/** A service's first deployment ships its whole history; keep the list readable. */
const MAX_SHIPPED = 100;

export interface ShippedCommits {
  shas: string[];
  warning?: string;
}

/** The same service's deployment before `dep` (same environment when both say), skipping failed ones. */
export function findPreviousDeployment(dep: Deployment, all: readonly Deployment[]): Deployment | undefined {
  const t = Date.parse(dep.startedAt);
  let best: Deployment | undefined;
  for (const d of all) {
    if (d === dep || d.service !== dep.service) continue;
    if (dep.environment && d.environment && d.environment !== dep.environment) continue;
    if (d.status && FAILED_RE.test(d.status)) continue;
    const dt = Date.parse(d.startedAt);
    if (dt > t || (dt === t && d.id >= dep.id)) continue;
    if (!best || dt > Date.parse(best.startedAt)) best = d;
  }
  return best;
}

function touchesService(c: Commit, service: string, known: ReadonlySet<string>): boolean {
  return c.files.some((f) => serviceOfPath(f.path, known) === service);
}

function findBySha(commits: readonly Commit[], sha: string | undefined): Commit | undefined {
  if (!sha) return undefined;
  const want = sha.toLowerCase();
  return commits.find((c) => c.sha.startsWith(want));
}

/**
 * The shas `dep` shipped, newest first. Uses the commit graph (`range`, i.e. git rev-list prev..commit)
 * when there is one, else commit dates.
 */
export async function findShippedCommits(
  dep: Deployment,
  previous: Deployment | undefined,
  commits: readonly Commit[],
  known: ReadonlySet<string>,
  range?: (from: string | undefined, to: string) => Promise<string[] | null>,
): Promise<ShippedCommits> {
  if (!dep.commit) return { shas: [], warning: `deployment ${dep.id} names no commit: cannot tell what it shipped` };
  const head = findBySha(commits, dep.commit);
  if (!head)
    return { shas: [], warning: `deployment ${dep.id}: commit ${dep.commit.slice(0, 12)} is not in the history read` };
  const prev = findBySha(commits, previous?.commit);
  const touches = (c: Commit) => touchesService(c, dep.service, known);

  const graph = range ? await range(prev?.sha, head.sha) : null;
  let shipped: Commit[];
  if (graph) {
    const bySha = new Map(commits.map((c) => [c.sha, c]));
    // Without the previous commit in the graph, the previous deployment's start bounds the list instead.
    const floor = !prev && previous ? Date.parse(previous.startedAt) : -Infinity;
    shipped = graph.map((s) => bySha.get(s)).filter((c): c is Commit => !!c && Date.parse(c.date) > floor);
  } else {
    const upper = Date.parse(head.date);
    const lower = prev ? Date.parse(prev.date) : previous ? Date.parse(previous.startedAt) : -Infinity;
    shipped = commits.filter((c) => {
      const t = Date.parse(c.date);
      if (c.sha === head.sha) return true;
      if (prev && c.sha === prev.sha) return false;
      return t > lower && t <= upper;
    });
    // A redeploy of the same commit, or a rollback to an older one, ships nothing new.
    if (prev && (prev.sha === head.sha || upper <= lower)) shipped = [];
  }
  const shas = shipped.filter(touches).map((c) => c.sha);
  if (shas.length > MAX_SHIPPED)
    return {
      shas: shas.slice(0, MAX_SHIPPED),
      warning: `deployment ${dep.id}: ${shas.length} commits shipped, listing the newest ${MAX_SHIPPED}`,
    };
  return { shas };
}
