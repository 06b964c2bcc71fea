// A git backend whose deployments come from another source (Datadog deployment events): commits stay with the base.
import type { Deployment, TimeRange } from '../../../core/types.js';
import type { HealthCheck } from '../../types.js';
import type { GitBackend } from '../backend.js';

export interface DeploymentSource {
  readonly name: string;
  deployments(range: TimeRange): Promise<Deployment[]>;
  probe(): Promise<{ reachable: boolean; authenticated: boolean | null; version: string | null; detail: string }>;
}

/** How far back deployments are listed when a tool asks for all of them. */
const ALL_DEPLOYMENTS_SPAN_MS = 30 * 86_400_000;

export function withDeployments(base: GitBackend, source: DeploymentSource, now: () => number = Date.now): GitBackend {
  return {
    name: `${base.name}+${source.name}`,
    commits: (range) => base.commits(range),
    getCommit: (sha) => base.getCommit(sha),
    commitRange: base.commitRange ? (from, to) => base.commitRange!(from, to) : undefined,
    async deployments(range) {
      const latest = (await base.latest()) ?? now();
      return source.deployments(range ?? { from: latest - ALL_DEPLOYMENTS_SPAN_MS, to: latest + 1 });
    },
    latest: () => base.latest(),
    warnings: () => base.warnings(),
    async health(): Promise<HealthCheck[]> {
      const p = await source.probe();
      return [
        ...(await base.health()).filter((c) => c.name !== 'deployments'),
        { name: `deployments (${source.name})`, ok: p.reachable && p.authenticated !== false, detail: p.detail },
      ];
    },
    close: () => base.close(),
  };
}
