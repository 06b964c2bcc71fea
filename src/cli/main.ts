// Entry point: argument parsing only; each command lives in its own file.
import { Command, CommanderError } from 'commander';
import { describeError, EXIT_CODES, isPilotError } from '../core/errors.js';
import { PACKAGE_VERSION } from '../mcp/server.js';
import { registerAnalyzeCommand } from './analyze.js';
import { registerDoctorCommand } from './doctor.js';
import { registerEvalCommand } from './eval.js';
import { registerServerCommand } from './server.js';

export function buildProgram(): Command {
  const program = new Command('incident-pilot')
    .description('Find the root cause of a production incident from logs, metrics, deployments and commits, over MCP.')
    .version(PACKAGE_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerAnalyzeCommand(program);
  registerServerCommand(program);
  registerEvalCommand(program);
  registerDoctorCommand(program);
  return program;
}

/** Commands whose files may not have landed yet: loaded when present, so the build never depends on them. */
async function registerOptionalCommands(program: Command): Promise<void> {
  const specifier = './patterns.js';
  try {
    const mod = (await import(specifier)) as { registerPatternsCommand?: (p: Command) => void };
    mod.registerPatternsCommand?.(program);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
  }
}

export async function main(argv: string[]): Promise<void> {
  try {
    const program = buildProgram();
    await registerOptionalCommands(program);
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
