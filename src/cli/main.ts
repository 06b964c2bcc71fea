// Entry point: tunes a one-shot run, then runs the command with the process's streams and environment.
import { setFlagsFromString } from 'node:v8';
import { config as configureZod } from 'zod';
import { processIo } from './io.js';
import { runCommand } from './program.js';

/**
 * Commands that run once and exit, tuned for that; long-lived servers and the service keep the defaults.
 * - zod validates without its JIT: compiling a parser for each object schema costs more than it saves over the few
 *   results of one run.
 * - V8's young generation keeps its first size instead of doubling as the heap grows: every fresh page costs a page
 *   fault, which for a short run costs more than the extra scavenges save (about 90 ms of the bundled incident's 1 s,
 *   and 5 % on the 20x copy; see docs/benchmarks.md).
 */
const ONE_SHOT = new Set(['analyze', 'eval', 'doctor', 'patterns']);

if (ONE_SHOT.has(process.argv[2])) {
  configureZod({ jitless: true });
  setFlagsFromString('--semi-space-growth-factor=1');
}
await runCommand(process.argv, processIo());
