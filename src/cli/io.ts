// What a command writes to and reads from its surroundings: the process's own streams and environment for the CLI,
// buffers for a run inside another program (the tests run most CLI checks that way; one real process per path).
import type { TextSink } from './progress.js';

export interface CliIo {
  stdout: TextSink & { isTTY?: boolean };
  stderr: TextSink & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  setExitCode(code: number): void;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    setExitCode: (code) => void (process.exitCode = code),
  };
}
