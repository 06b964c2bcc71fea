// The CLI's commands run inside the test process: the same program, parsing and command code as the real CLI, with
// its output and exit code captured. The bundle, the launcher and process-level behaviour (signals, server
// subprocesses) keep their real-process tests (runCli in test/e2e/helpers.ts): one per path.
import type { CliIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/program.js';
import { REPO } from './paths.js';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `incident-pilot ...args` in this process; env is laid over this process's, as runCli does. */
export async function runCliInProcess(args: string[], env: Record<string, string> = {}): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { ...process.env, NO_COLOR: '', INCIDENT_PILOT_DEBUG: '', ...env },
    cwd: REPO,
    setExitCode: (c) => void (code = c),
  };
  await runCommand(['node', 'incident-pilot', ...args], io);
  return { code, stdout, stderr };
}
