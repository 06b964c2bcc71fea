// The real servers some suites run against (CI installs them). A suite asks for what it needs: when something is
// missing it is skipped with a title and a warning saying what, except under CI_REQUIRE_SERVERS=1 (set by .ci/run),
// where a missing server fails the suite: a CI that lost Chromium or PostgreSQL must not go green by skipping.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type ServerTool = 'chromium' | 'prometheus' | 'promtool' | 'alertmanager' | 'postgresql';

/** The Debian package that provides each one (what .ci/run installs). */
const PACKAGE: Record<ServerTool, string> = {
  chromium: 'chromium',
  prometheus: 'prometheus',
  promtool: 'prometheus',
  alertmanager: 'prometheus-alertmanager',
  postgresql: 'postgresql',
};

/** An executable on PATH, by name. */
export function onPath(command: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(':').filter(Boolean)) {
    const file = join(dir, command);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The newest installed PostgreSQL's bin directory (Debian keeps initdb and pg_ctl off PATH). */
export function findPgBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort().pop();
  const bin = version ? `${root}/${version}/bin` : undefined;
  return bin && existsSync(`${bin}/initdb`) ? bin : undefined;
}

/** Chromium's executable, for playwright-core's launch(). */
export function findChromium(): string | undefined {
  return onPath('chromium') ?? onPath('chromium-browser');
}

function runs(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

const PRESENT: Record<ServerTool, () => boolean> = {
  chromium: () => !!findChromium(),
  prometheus: () => !!onPath('prometheus') && runs('prometheus'),
  promtool: () => !!onPath('promtool') && runs('promtool'),
  alertmanager: () => !!onPath('prometheus-alertmanager'),
  postgresql: () => !!findPgBin(),
};

/**
 * What a skipped suite says, then decides: nothing missing gives []; otherwise the missing names, after a warning
 * on stderr, or an error when `env.CI_REQUIRE_SERVERS` is 1 (the suite then fails to load, and the run fails).
 */
export function reportMissing(
  suite: string,
  missing: string[],
  install: string[],
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  if (missing.length === 0) return [];
  const message = `${suite}: needs ${missing.join(', ')}, not installed (apt-get install -y ${[...new Set(install)].join(' ')})`;
  if (env.CI_REQUIRE_SERVERS === '1') throw new Error(`${message}; CI_REQUIRE_SERVERS=1 forbids skipping it`);
  console.warn(`${message}: skipped`);
  return missing;
}

/** The tools of `needed` that are not installed ([] when the suite can run); see reportMissing. */
export function missingTools(suite: string, needed: ServerTool[], env: NodeJS.ProcessEnv = process.env): string[] {
  const missing = needed.filter((t) => !PRESENT[t]());
  return reportMissing(
    suite,
    missing,
    missing.map((t) => PACKAGE[t]),
    env,
  );
}

/** A describe title that says why it is skipped: "needs chromium: <title>" when something is missing. */
export function needsTitle(missing: string[], title: string): string {
  return missing.length ? `needs ${missing.join(', ')}: ${title}` : title;
}
