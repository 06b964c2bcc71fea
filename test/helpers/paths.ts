// Where the tests find the repository and the shared material (scenarios, datasets, tools) kept beside it.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** The bundled sample incident (what `analyze` reads with no --data). */
export const SAMPLE = join(REPO, 'samples', 'checkout-db-pool');

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

/** A scratch directory inside the repo (git-ignored), so scripts written there resolve our node_modules. */
export function scratchDir(prefix: string): string {
  const base = join(REPO, 'test-output');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, prefix));
}
