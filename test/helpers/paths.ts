// Where the tests find the repository and the shared material (scenarios, datasets, tools) kept beside it.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The shared folder: ../shared beside the repository (how CI and every worktree lay it out), or
 * INCIDENT_PILOT_SHARED when it lives elsewhere. Never an absolute path written into a test.
 */
export const SHARED = resolve(process.env.INCIDENT_PILOT_SHARED || join(REPO, '..', 'shared'));
export const SHARED_SCENARIOS = join(SHARED, 'scenarios');

/** A path inside the shared folder: sharedPath('datasets', 'nab'). */
export function sharedPath(...parts: string[]): string {
  return join(SHARED, ...parts);
}

/** One public scenario's bundle: scenario('checkout-db-pool'). */
export function scenario(name: string): string {
  return join(SHARED_SCENARIOS, name);
}
