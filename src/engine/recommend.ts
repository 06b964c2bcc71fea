// What to do: specific to the change to blame and to the category.
import type { Category } from '../report/schema.js';
import type { Suspect } from './suspects.js';
import type { Verdict } from './verdict.js';

const BY_CATEGORY: Record<Category, string[]> = {
  resource_exhaustion: [
    'Do not hold pooled connections or threads across remote calls; release them before calling other services',
    'Alert on pool saturation (active and waiting connections), not only on errors',
  ],
  memory_leak: [
    'Bound or evict in-process caches and collections (size limit, TTL)',
    'Alert on memory growth rate after each deployment, before the OOM kill',
  ],
  bad_config: [
    'Validate configuration at deploy time (schema check, dry run) and roll out config changes behind a canary',
  ],
  code_bug: [
    'Add a regression test for the changed code path before re-releasing',
    'Ship the fix behind a canary and compare error and latency with the previous version',
  ],
  database: [
    'Move long-running or locking statements out of the request path (background job, batches)',
    'Set statement and lock timeouts, and check locks and slow queries on the database',
  ],
  dependency_failure: [
    'Fail fast and degrade gracefully when the dependency is down (timeouts, circuit breaker, fallback)',
    "Check the dependency provider's status and open an incident with them",
  ],
  certificate_expiry: [
    'Renew and deploy the certificate now',
    'Monitor certificate expiry (alert 30, 14 and 7 days ahead) and automate renewal',
  ],
  disk_full: [
    'Free or expand the volume now (old logs, temp files), then fix retention and rotation',
    'Alert on disk usage trend, not only on the full disk',
  ],
  capacity: [
    'Scale out now and review autoscaling limits',
    'Add rate limiting or load shedding for traffic beyond what is provisioned',
  ],
  network: [
    'Check DNS and connectivity from the affected pods to the dependency',
    'Add retries with backoff and alerts on connection errors per destination',
  ],
  no_fault: [
    'No action needed now: confirm the alert is stale and tune or silence it',
    'Keep watching the error rate for a recurrence',
  ],
};

export function recommend(verdict: Verdict, later: Suspect[], lastSymptom: number | null = null): string[] {
  const out: string[] = [];
  const c = verdict.culprit;
  if (verdict.kind === 'change' && c) {
    if (c.kind === 'deployment') {
      out.push(
        c.previousVersion
          ? `Roll back ${c.service} to ${c.previousVersion} (undo deployment ${c.version})`
          : `Roll back ${c.service} deployment ${c.version}`,
      );
    }
    if (c.commit) out.push(`Revert or fix commit ${c.commit.slice(0, 7)}${c.subject ? ` ("${c.subject}")` : ''}`);
    const lines = c.matchedLines.filter((l) => l.startsWith('+')).slice(0, 2);
    for (const l of lines) out.push(`Review the changed line \`${l.slice(1).trim()}\``);
    const fixes = later.filter((s) => s.service === c.service);
    if (fixes.length) {
      const f = fixes[0];
      const what = `The later ${f.kind === 'deployment' ? `deployment ${f.version}` : `commit ${f.commit?.slice(0, 7)}`}${f.subject ? ` ("${f.subject}")` : ''}`;
      // Errors well after the later change mean it did not fix them.
      out.push(
        lastSymptom !== null && lastSymptom > f.time + 5 * 60_000
          ? `${what} did not stop the errors: they went on after it`
          : `${what} came after the errors began`,
      );
    }
  }
  if (verdict.kind === 'dependency' && verdict.dependency) {
    out.push(
      verdict.category === 'certificate_expiry'
        ? `Renew the certificate for ${verdict.dependency}`
        : `Check the health of ${verdict.dependency} and fail over if you can`,
    );
    out.push('Do not roll back: no deployment of ours explains the failure');
  }
  out.push(...BY_CATEGORY[verdict.category]);
  return out;
}
