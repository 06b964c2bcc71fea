// The first health checks of every live backend: is it reachable, and are our credentials accepted.
import type { ProbeSummary } from '../core/http.js';
import type { HealthCheck } from './types.js';

/** "<name> reachable", then (when it is) "<name> authenticated" with what the probe learnt of the credentials. */
export function reachabilityChecks(name: string, p: ProbeSummary): HealthCheck[] {
  const checks: HealthCheck[] = [{ name: `${name} reachable`, ok: p.reachable, detail: p.detail }];
  if (!p.reachable) return checks;
  const detail =
    p.authenticated === null
      ? 'no credentials configured (none needed?)'
      : p.authenticated
        ? 'credentials accepted'
        : 'credentials refused';
  checks.push({ name: `${name} authenticated`, ok: p.authenticated !== false, detail });
  return checks;
}
