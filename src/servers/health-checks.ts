// Health checks every backend shares: is a live one reachable and are our credentials accepted; what a file one
// could not read.
import type { ProbeSummary } from '../core/http.js';
import type { DataWarning } from '../core/types.js';
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

/** One failing check that names the first few problems in the data files, or none when they read cleanly. */
export function dataWarningsCheck(problems: readonly DataWarning[]): HealthCheck[] {
  if (!problems.length) return [];
  const detail = problems
    .slice(0, 5)
    .map((w) => `${w.where}: ${w.message}`)
    .join('; ');
  return [{ name: 'data warnings', ok: false, detail }];
}
