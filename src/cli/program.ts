// The program: argument parsing only; each command lives in its own file, loaded only when it runs.
import { Command, CommanderError } from 'commander';
import { describeError, EXIT_CODES, isPilotError } from '../core/errors.js';
import { PACKAGE_VERSION } from '../mcp/server.js';
import { addHelpTexts } from './help.js';
import type { CliIo } from './io.js';

type Register = (program: Command, io: CliIo) => Promise<void>;

/**
 * The commands, each imported on demand: a server subprocess or `patterns` need not load the
 * service, the LLM providers or the other commands, which keeps start-up short.
 */
const COMMANDS: Record<string, Register> = {
  analyze: async (p, io) => (await import('./analyze.js')).registerAnalyzeCommand(p, io, () => loadAnalyzeHooks(io)),
  server: async (p) => (await import('./server.js')).registerServerCommand(p),
  eval: async (p, io) => (await import('./eval.js')).registerEvalCommand(p, io),
  doctor: async (p, io) => (await import('./doctor.js')).registerDoctorCommand(p, io),
  patterns: async (p, io) => (await import('./patterns.js')).registerPatternsCommand(p, (t) => void io.stdout.write(t)),
  serve: async (p) => (await import('./serve.js')).registerServeCommand(p),
};

/** The configuration `analyze` reads at start-up (environment over .env), loaded when it runs. */
async function loadAnalyzeHooks(io: CliIo) {
  const { loadLlmEnv } = await import('../llm/config.js');
  return { env: loadLlmEnv(io.cwd, io.env) };
}

/** The program with the named commands, or all of them (for help, or a name we do not know). */
export async function buildProgram(io: CliIo, only?: string): Promise<Command> {
  const program = new Command('incident-pilot')
    .description('Find the root cause of a production incident from logs, metrics, deployments and commits, over MCP.')
    .version(PACKAGE_VERSION)
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) })
    .exitOverride();
  const names = only && COMMANDS[only] ? [only] : Object.keys(COMMANDS);
  for (const name of names) await COMMANDS[name](program, io);
  addHelpTexts(program);
  return program;
}

/** Runs one command line (argv as process.argv: node, script, args); errors become a message and an exit code. */
export async function runCommand(argv: string[], io: CliIo): Promise<void> {
  try {
    const first = argv[2];
    const program = await buildProgram(io, first && !first.startsWith('-') ? first : undefined);
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      io.setExitCode(err.exitCode === 0 ? 0 : 2);
      return;
    }
    io.stderr.write(`incident-pilot: ${describeError(err)}\n`);
    if (io.env.INCIDENT_PILOT_DEBUG && err instanceof Error) io.stderr.write(`${err.stack}\n`);
    io.setExitCode(isPilotError(err) ? EXIT_CODES[err.code] : 1);
  }
}
