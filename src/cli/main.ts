// Entry point: argument parsing only; each command lives in its own file, loaded only when it runs.
import { Command, CommanderError } from 'commander';
import { setFlagsFromString } from 'node:v8';
import { config as configureZod } from 'zod';
import { describeError, EXIT_CODES, isPilotError } from '../core/errors.js';
import { PACKAGE_VERSION } from '../mcp/server.js';
import { addHelpTexts } from './help.js';

type Register = (program: Command) => Promise<void>;

/**
 * The commands, each imported on demand: a server subprocess or `patterns` need not load the
 * service, the LLM providers or the other commands, which keeps start-up short.
 */
const COMMANDS: Record<string, Register> = {
  analyze: async (p) => (await import('./analyze.js')).registerAnalyzeCommand(p, loadAnalyzeHooks),
  server: async (p) => (await import('./server.js')).registerServerCommand(p),
  eval: async (p) => (await import('./eval.js')).registerEvalCommand(p),
  doctor: async (p) => (await import('./doctor.js')).registerDoctorCommand(p),
  patterns: async (p) => (await import('./patterns.js')).registerPatternsCommand(p),
  serve: async (p) => (await import('./serve.js')).registerServeCommand(p),
};

/**
 * Commands that run once and exit, tuned for that; long-lived servers and the service keep the defaults.
 * - zod validates without its JIT: compiling a parser for each object schema costs more than it saves over the few
 *   results of one run.
 * - V8's young generation keeps its first size instead of doubling as the heap grows: every fresh page costs a page
 *   fault, which for a short run costs more than the extra scavenges save (about 90 ms of the bundled incident's 1 s,
 *   and 5 % on the 20x copy; see docs/benchmarks.md).
 */
const ONE_SHOT = new Set(['analyze', 'eval', 'doctor', 'patterns']);

function tuneForOneRun(): void {
  configureZod({ jitless: true });
  setFlagsFromString('--semi-space-growth-factor=1');
}

/** The configuration `analyze` reads at start-up (environment over .env), loaded when it runs. */
async function loadAnalyzeHooks() {
  const { loadLlmEnv } = await import('../llm/config.js');
  return { env: loadLlmEnv(process.cwd(), process.env) };
}

/** The program with the named commands, or all of them (for help, or a name we do not know). */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('incident-pilot')
    .description('Find the root cause of a production incident from logs, metrics, deployments and commits, over MCP.')
    .version(PACKAGE_VERSION)
    .exitOverride();
  const names = only && COMMANDS[only] ? [only] : Object.keys(COMMANDS);
  for (const name of names) await COMMANDS[name](program);
  addHelpTexts(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    const first = argv[2];
    if (ONE_SHOT.has(first)) tuneForOneRun();
    const program = await buildProgram(first && !first.startsWith('-') ? first : undefined);
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`incident-pilot: ${describeError(err)}\n`);
    if (process.env.INCIDENT_PILOT_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = isPilotError(err) ? EXIT_CODES[err.code] : 1;
  }
}

await main(process.argv);
